// Runtime changes a service announces in its log (a flag switched, configuration reloaded, a pod created): classified by
// the first line, collected in time order up to a cap, and answered by request_flows with their service and time.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnnouncementLog, announcedKind, MAX_ANNOUNCEMENTS } from '../../../servers/logs/announcements.js';
import type { LogEntry } from '../../../servers/logs/entries.js';
import { requestFlows } from '../../../servers/logs/flows.js';
import { inspectFile } from '../../../src/core/logs/file-info.js';
import { parseFlows } from '../../../src/core/sources/request-flows.js';
import { tempDir } from '../../servers/logs/helpers.js';

const at = (clock: string) => Date.parse(`2026-09-08T${clock}Z`);
const entry = (message: string, service: string | null = 'pricing'): LogEntry => ({ line: 1, continuation: 0, time: null, level: 'info', service, message });

describe('what a log line announces', () => {
  it.each([
    ["feature flag 'bundle-discounts' changed: false -> true (flagd revision 4812)", 'flag'],
    ['toggle checkout-v2 enabled', 'flag'],
    ['configuration reloaded with 3 changes', 'config'],
    ['Created pod: x-123-abc', 'lifecycle'],
    ['Started container x', 'lifecycle'],
    ['Scaled up replica set x to 3', 'lifecycle'],
    ['Started OrderApplication in 12.3 seconds', 'lifecycle'],
    ['System clock wrong by -127.203481 seconds, adjustment started', 'clock'],
    ['Forward time jump detected!', 'clock'],
    ["clocksource: timekeeping watchdog on CPU1: Marking clocksource 'tsc' as unstable because the skew is too large:", 'clock'],
    ['step time server 169.254.169.123 offset +4.281935 sec', 'clock'],
    // PgBouncer restarted (its start line) and told to re-read its configuration by signal.
    ['[1] LOG process up: PgBouncer 1.20.1, libevent 2.1.12-stable (epoll), adns: c-ares 1.19.1, tls: OpenSSL 3.0.11 19 Sep 2023', 'lifecycle'],
    ['[1] LOG got SIGHUP, re-reading config', 'config'],
    ['received SIGHUP, reloading configuration', 'config'],
  ])('%j is a %s change', (message, kind) => {
    expect(announcedKind(message)).toBe(kind);
  });

  it.each([
    'feature flags refreshed from flagd: 40 flags, no changes',
    'configuration unchanged',
    'GET /flags 200',
    'quoted cart 1 in 3 ms',
    'Flag evaluation failed for user 42',
    'step 3 of 5: clock in the shift for user 42',
    'got SIGHUP, ignoring',
  ])('%j announces nothing', (message) => {
    expect(announcedKind(message)).toBeNull();
  });

  it('reads only the first line: a flag named in a stack trace below an error is no announcement', () => {
    expect(announcedKind('quote failed for cart 1\nTraceback: toggle checkout-v2 enabled')).toBeNull();
    expect(announcedKind('toggle checkout-v2 enabled\nby operator jdoe')).toBe('flag');
  });
});

describe('the announcements of a scan', () => {
  it('are kept in time order with their service, kind and first line, the rest of the entry dropped', () => {
    const log = new AnnouncementLog();
    log.add(at('14:19:30'), entry('configuration reloaded with 3 changes\n  pricing.discount.max: 0.2 -> 0.5', 'pricing'));
    log.add(at('14:19:00'), entry('GET /flags 200', 'pricing'));
    log.add(at('14:19:10'), entry("feature flag 'bundle-discounts' changed: false -> true (flagd revision 4812)", 'flagd'));
    expect(log.result()).toEqual([
      { time: '2026-09-08T14:19:10.000Z', service: 'flagd', kind: 'flag', text: "feature flag 'bundle-discounts' changed: false -> true (flagd revision 4812)" },
      { time: '2026-09-08T14:19:30.000Z', service: 'pricing', kind: 'config', text: 'configuration reloaded with 3 changes' },
    ]);
  });

  it('cut a long first line to 240 characters, and keep the latest MAX_ANNOUNCEMENTS of each kind in a storm', () => {
    const long = new AnnouncementLog();
    long.add(at('14:00:00'), entry(`toggle checkout-v2 enabled ${'x'.repeat(400)}`));
    const text = long.result()[0]!.text;
    expect(text).toHaveLength(240);
    expect(text.endsWith('…')).toBe(true);

    // Three times the cap of pods created, read in any order, then one flag switched before the last of them.
    const storm = new AnnouncementLog();
    const n = 3 * MAX_ANNOUNCEMENTS;
    for (let i = n - 1; i >= 0; i--) storm.add(at('14:00:00') + i * 1000, entry(`Created pod: checkout-7d9f-${i}`, 'kube'));
    storm.add(at('14:00:00') + (n - 5) * 1000 + 500, entry("feature flag 'new-cart' changed: false -> true"));
    const kept = storm.result();
    expect(kept).toHaveLength(MAX_ANNOUNCEMENTS + 1);
    expect(kept.filter((a) => a.kind === 'flag').map((a) => a.text)).toEqual(["feature flag 'new-cart' changed: false -> true"]);
    const pods = kept.filter((a) => a.kind === 'lifecycle');
    expect(pods[0]!.text).toBe(`Created pod: checkout-7d9f-${n - MAX_ANNOUNCEMENTS}`);
    expect(pods.at(-1)!.text).toBe(`Created pod: checkout-7d9f-${n - 1}`);
    expect(kept.map((a) => a.time)).toEqual([...kept.map((a) => a.time)].sort());
  });
});

describe("request_flows' announcements", () => {
  async function flowsOf(lines: string[]) {
    const file = path.join(tempDir(), 'pricing.log');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const reference = at('15:00:00');
    const info = await inspectFile(file, reference);
    return requestFlows([info], { window: { from: at('14:00:00'), to: at('15:00:00') }, maxTransitions: 800, scan: { reference, cacheDir: null, budgetBytes: 1e12 } });
  }

  it('announce a flag switched in an INFO line with its service and time, however untraced the entries are', async () => {
    const out = await flowsOf([
      '2026-09-08T14:18:58.000Z INFO [pricing] quoted cart 1 in 3 ms',
      "2026-09-08T14:19:21.004Z INFO [pricing] feature flag 'bundle-discounts' changed: false -> true (flagd revision 4812)",
      '2026-09-08T14:19:22.123Z ERROR [pricing] quote failed for cart 1',
    ]);
    expect(out.requests).toBe(0);
    expect(out.announcements).toEqual([
      { time: '2026-09-08T14:19:21.004Z', service: 'pricing', kind: 'flag', text: "feature flag 'bundle-discounts' changed: false -> true (flagd revision 4812)" },
    ]);
  });

  it('are none when the INFO lines announce nothing', async () => {
    const out = await flowsOf([
      '2026-09-08T14:18:58.000Z INFO [pricing] GET /flags 200',
      '2026-09-08T14:19:01.000Z INFO [pricing] feature flags refreshed from flagd: 40 flags, no changes',
      '2026-09-08T14:19:02.000Z INFO [pricing] quoted cart 1 in 3 ms',
    ]);
    expect(out.announcements).toEqual([]);
  });
});

describe("request_flows' announcements as the engine reads them", () => {
  const answer = (announcements?: unknown) => ({ minutes: ['2026-09-08T14:19:00.000Z'], steps: [], transitions: [], ...(announcements === undefined ? {} : { announcements }) });
  const flag = { time: '2026-09-08T14:19:21.004Z', service: 'pricing', kind: 'flag', text: 'toggle checkout-v2 enabled' };

  it('have their time in ms, and a malformed one is dropped alone', () => {
    const parsed = parseFlows(answer([flag, { ...flag, time: 'not a time' }, { ...flag, kind: 'rollout' }, null, { ...flag, service: null, kind: 'config', text: 'configuration reloaded with 3 changes' }]));
    expect(parsed?.announcements).toEqual([
      { time: at('14:19:21.004'), service: 'pricing', kind: 'flag', text: 'toggle checkout-v2 enabled' },
      { time: at('14:19:21.004'), service: null, kind: 'config', text: 'configuration reloaded with 3 changes' },
    ]);
  });

  it('are none when the answer has none (an older server) or something else in their place', () => {
    expect(parseFlows(answer())?.announcements).toEqual([]);
    expect(parseFlows(answer('toggle checkout-v2 enabled'))?.announcements).toEqual([]);
  });
});
