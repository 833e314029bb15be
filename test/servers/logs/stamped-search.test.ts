// search_logs on a runtime-stamped file (`kubectl logs --timestamps`, `docker logs -t`): a traceback whose every line
// the runtime stamped is one record, so search_logs counts it once, as error_signatures and log_stats do.
import { describe, expect, it } from 'vitest';
import type { SearchLogsResult } from '../../../src/core/evidence.js';
import { connect, tempDir } from './helpers.js';

const AT = Date.parse('2026-03-04T09:00:00Z');

// uvicorn's accept loop hitting EMFILE twice, as containerd stamped it: each line of one write a few µs apart.
const failure = (s: string) => [
  `2026-03-04T08:52:${s}.917419921Z ERROR:    socket.accept() out of system resource`,
  `2026-03-04T08:52:${s}.9175639Z Traceback (most recent call last):`,
  `2026-03-04T08:52:${s}.917576989Z   File "/usr/local/lib/python3.12/asyncio/selector_events.py", line 178, in _accept_connection`,
  `2026-03-04T08:52:${s}.917590078Z     conn, addr = sock.accept()`,
  `2026-03-04T08:52:${s}.917603167Z OSError: [Errno 24] Too many open files`,
];
const STAMPED = [
  '2026-03-04T08:52:00.79355123Z INFO:     connection open',
  ...failure('01'),
  '2026-03-04T08:52:02.101930001Z INFO:     connection closed',
  ...failure('03'),
].join('\n');

// Near miss: the same words on lines written seconds apart are records of their own.
const APART = [
  '2026-03-04T08:52:01.917419921Z ERROR:    accept failed: Too many open files',
  '2026-03-04T08:52:02.531000417Z Traceback (most recent call last):',
  '2026-03-04T08:52:03.200104512Z OSError: [Errno 24] Too many open files',
].join('\n');

const ARGS = { since: '2026-03-04T08:50:00Z', until: '2026-03-04T09:00:00Z' };

async function counts(text: string, pattern: string, limit: number) {
  const { call } = await connect({ sources: [tempDir({ 'ws.log': `${text}\n` })], at: AT });
  const reply = await call("search_logs", { pattern, limit, ...ARGS });
  if (reply.isError) throw new Error(reply.text);
  const search = reply.json<SearchLogsResult>();
  const sigs = (await call('error_signatures', { ...ARGS, min_level: 'error' })).json<{ signatures: Array<{ count: number }> }>();
  const stats = (await call('log_stats', { ...ARGS, bucket: '10m' })).json<{ buckets: Array<{ total: number }> }>();
  return { search, signatures: sigs.signatures.reduce((a, s) => a + s.count, 0), entries: stats.buckets.reduce((a, b) => a + b.total, 0) };
}

describe('search_logs on runtime-stamped lines', () => {
  it('counts a stamped traceback once, as error_signatures does, and shows it whole without the stamps', async () => {
    // Both the page path (limit 10) and the counting path once the page is full (limit 1) group the same way.
    for (const limit of [10, 1]) {
      const { search, signatures, entries } = await counts(STAMPED, 'Too many open files', limit);
      expect(search.total, `limit ${limit}`).toBe(2);
      expect(signatures).toBe(2);
      expect(entries).toBe(4);
      expect(search.matches[0]!.line).toBe(2);
      expect(search.matches[0]!.level).toBe('error');
      expect(search.matches[0]!.message).toContain('socket.accept() out of system resource');
      expect(search.matches[0]!.message).toContain('OSError: [Errno 24] Too many open files');
      expect(search.matches[0]!.message).not.toContain('08:52:01.917603167Z');
    }
    // A word on every line of the record still finds the record once.
    expect((await counts(STAMPED, '2026-03-04T08:52:01', 10)).search.total).toBe(1);
  });

  it('near miss: the same words on lines stamped seconds apart are counted per line, as error_signatures does', async () => {
    const { search, entries } = await counts(APART, 'Too many open files', 10);
    expect(search.total).toBe(2);
    expect(entries).toBe(3);
  });
});
