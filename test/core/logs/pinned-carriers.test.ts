// The JVM's pinned-carrier report (-Djdk.tracePinnedThreads) printed amid a Spring Boot service's log lines: an entry
// of its own at warn, not frames of the debug line above it; an ordinary thread printed the same way stays a continuation.
import { describe, expect, it } from 'vitest';
import { entriesOf } from './entry-helpers.js';

const AT = Date.parse('2026-03-02T12:40:00Z');
const head = (clock: string, level: string, logger: string, msg: string) =>
  `2026-03-02T${clock}.417+00:00 ${level.padStart(5)} 1 --- [tomcat-handler-623] ${logger.padEnd(40)} : ${msg}`;

const PINNED = [
  head('12:31:02', 'DEBUG', 'c.a.stock.ReservationService', 'Reserved 1 item(s) for order 328389'),
  'Thread[#4377,ForkJoinPool-1-worker-2,5,CarrierThreads]',
  '    com.mysql.cj.jdbc.ClientPreparedStatement.executeQuery(ClientPreparedStatement.java:965) <== monitors:1',
  '    com.mysql.cj.jdbc.ConnectionImpl.commit(ConnectionImpl.java:791) <== monitors:1',
  head('12:31:04', 'WARN', 'c.a.stock.ReservationController', 'Reservation failed: Could not open JDBC Connection for transaction'),
];

describe("the JVM's pinned-carrier report", () => {
  it('is an entry of its own at warn, with the frames holding monitors under it, timed by the line before', async () => {
    const { entries } = await entriesOf('stock-svc.log', PINNED, AT);
    expect(entries).toHaveLength(3);
    expect(entries[0]!.message).not.toContain('CarrierThreads');
    expect(entries[1]).toMatchObject({ level: 'warn', time: Date.parse('2026-03-02T12:31:02.417Z') });
    expect(entries[1]!.message).toContain('<== monitors:1');
  });

  it('near miss: a thread of an ordinary group (Thread[#31,pool-2-thread-1,5,main]) is no warning', async () => {
    const lines = [...PINNED];
    lines[1] = 'Thread[#31,pool-2-thread-1,5,main]';
    const { entries } = await entriesOf('stock-svc.log', lines, AT);
    const holding = entries.filter((e) => e.message.includes('Thread[#31'));
    expect(holding).toHaveLength(1);
    expect(holding[0]!.level).not.toBe('warn');
  });
});
