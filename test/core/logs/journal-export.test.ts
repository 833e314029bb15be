// `journalctl -o export`: each block of KEY=VALUE lines is one entry, dated by __REALTIME_TIMESTAMP (µs), worded by
// MESSAGE=, levelled by PRIORITY= and named by SYSLOG_IDENTIFIER=; the other field lines add nothing to the message.
import { describe, expect, it } from 'vitest';
import { detectFormat, publicFormat } from '../../../src/core/logs/formats.js';
import { entriesOf, iso } from './entry-helpers.js';

const AT = Date.parse('2026-12-05T12:00:00Z');
const T = Date.parse('2026-12-05T11:02:08.086Z');

/** One entry as journalctl writes it: cursor, timestamps and boot first, then the entry's own fields. */
function block(us: number, priority: number, ident: string, message: string, cursor = true): string[] {
  return [
    ...(cursor ? [`__CURSOR=s=4f066aa0;i=${us.toString(16)};b=4f06;m=cd2f77e;t=${us.toString(16)};x=ce`] : []),
    `__REALTIME_TIMESTAMP=${us}`,
    `__MONOTONIC_TIMESTAMP=${us - 1_764_000_000_000_000}`,
    '_BOOT_ID=4f066aa0dbff3367a1a8440e3511dd4d',
    `PRIORITY=${priority}`,
    'SYSLOG_FACILITY=3',
    `SYSLOG_IDENTIFIER=${ident}`,
    '_TRANSPORT=syslog',
    '_HOSTNAME=ip-10-2-7-41',
    `MESSAGE=${message}`,
    '',
  ];
}

const SAMPLE = [
  ...block(T * 1000, 4, 'kernel', "clocksource: timekeeping watchdog on CPU1: Marking clocksource 'tsc' as unstable because the skew is too large:"),
  ...block(T * 1000 + 900_000, 4, 'chronyd', 'Forward time jump detected!'),
  ...block(T * 1000 + 65_000_000, 3, 'kubelet', 'E1205 11:03:13.086000 2301 pod_workers.go:1298] "Error syncing pod" err="context deadline exceeded"', false),
  ...block(T * 1000 + 240_000_000, 4, 'chronyd', 'System clock wrong by -127.203481 seconds, adjustment started'),
];

describe('journalctl -o export', () => {
  it('is told apart from other formats and reported as syslog', () => {
    const format = detectFormat(SAMPLE, AT);
    expect(format).toBe('journal');
    expect(publicFormat(format)).toBe('syslog');
    // KEY=VALUE lines without the journal's own fields stay what they were.
    expect(detectFormat(['PATH=/usr/bin', 'HOME=/root', 'MESSAGE=hello'], AT)).not.toBe('journal');
  });

  it('reads each block as one entry: its time, priority, program, host and message, nothing else', async () => {
    const { entries } = await entriesOf('node-1.journal', SAMPLE, AT);
    expect(entries.map((e) => [iso(e.time), e.level, e.service, e.message])).toEqual([
      [iso(T), 'warn', 'kernel', "clocksource: timekeeping watchdog on CPU1: Marking clocksource 'tsc' as unstable because the skew is too large:"],
      [iso(T + 900), 'warn', 'chronyd', 'Forward time jump detected!'],
      // A block without a cursor line opens at its timestamp.
      [iso(T + 65_000), 'error', 'kubelet', 'E1205 11:03:13.086000 2301 pod_workers.go:1298] "Error syncing pod" err="context deadline exceeded"'],
      [iso(T + 240_000), 'warn', 'chronyd', 'System clock wrong by -127.203481 seconds, adjustment started'],
    ]);
    expect(entries[1]!.fields).toMatchObject({ host: 'ip-10-2-7-41', transport: 'syslog' });
  });
});
