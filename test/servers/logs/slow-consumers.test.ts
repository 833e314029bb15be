// Slow consumers read from brokers' own lines at any level: NATS' "Slow Consumer Detected" at [INF] (with its [pid]
// prefix before the stamp), Redis' output buffer limits, Mosquitto's drops, Kafka's failed member; and lines that are not.
import { describe, expect, it } from 'vitest';
import { slowClientOf, SlowConsumerLog } from '../../../servers/logs/slow-consumers.js';
import type { FlowsOut } from '../../../servers/logs/flows.js';
import { leadingTime } from '../../../src/core/logs/leading-time.js';
import { connect, tempDir } from './helpers.js';

const NATS_SLOW = '10.30.4.21:59634 - cid:1109 - "v2.7.0:python3:pricing-sync" - Slow Consumer Detected: WriteDeadline of 10s exceeded with 2 chunks of 65536 total bytes.';

describe('slowClientOf', () => {
  it("reads the client each broker names as falling behind", () => {
    expect(slowClientOf(NATS_SLOW)).toBe('pricing-sync');
    expect(slowClientOf('10.0.3.7:41022 - cid:88 - "v1.31.0:go:ledger-feed" - Slow Consumer Detected: MaxPending of 67108864 Exceeded')).toBe('ledger-feed');
    expect(slowClientOf('Client id=4187 addr=10.0.2.9:53100 laddr=10.0.1.4:6379 fd=12 name=report-stream age=310 idle=0 flags=P db=0 sub=0 psub=1 cmd=psubscribe user=default scheduled to be closed ASAP for overcoming of output buffer limits.')).toBe('report-stream');
    expect(slowClientOf('Outgoing messages are being dropped for client sensor-gw-7.')).toBe('sensor-gw-7');
    expect(slowClientOf('[GroupCoordinator 1]: Member consumer-billing-1-5e0c8f2a in group billing-export has failed, removing it from the group (kafka.coordinator.group.GroupCoordinator)')).toBe('billing-export');
  });

  it('near miss: the same broker lines about a client that is not behind, or a slow client with no name', () => {
    expect(slowClientOf('10.30.6.34:50130 - cid:1594 - "v1.37.0:go:stock-feed" - Client connection created')).toBeNull();
    // The server reading slowly from a client (a slow producer or the server's own load), not a consumer falling behind.
    expect(slowClientOf('10.30.4.8:54699 - cid:1190 - "v1.37.0:go:notifier" - Readloop processing time: 2.805s')).toBeNull();
    // No CONNECT name: nothing to blame by name.
    expect(slowClientOf('10.30.4.21:59634 - cid:1109 - Slow Consumer Detected: WriteDeadline of 10s exceeded')).toBeNull();
    expect(slowClientOf('Client id=9 addr=10.0.2.9:53100 fd=12 name= age=3 cmd=subscribe scheduled to be closed ASAP for overcoming of output buffer limits.')).toBeNull();
    expect(slowClientOf('consumer pricing-sync is slow to start, retrying')).toBeNull();
  });

  it('keeps per client the first report, the last and how many', () => {
    const log = new SlowConsumerLog();
    log.add(3000, 'nats', NATS_SLOW);
    log.add(1000, 'nats', NATS_SLOW.replace('cid:1109', 'cid:1512'));
    log.add(2000, 'nats', '10.30.6.34:50130 - cid:1594 - "v1.37.0:go:stock-feed" - Client connection created');
    expect(log.result()).toEqual([{ client: 'pricing-sync', service: 'nats', first: new Date(1000).toISOString(), last: new Date(3000).toISOString(), count: 2, example: NATS_SLOW.replace('cid:1109', 'cid:1512') }]);
  });
});

describe("nats-server's [pid] prefix", () => {
  it('is read past to its stamp', () => {
    const t = leadingTime('[1] 2026/12/27 16:40:00.157284 [INF] 10.30.4.21:59634 - cid:1109 - x', 0);
    expect(t?.time).toBe(Date.parse('2026-12-27T16:40:00.157Z'));
    expect(t?.rest.startsWith('[INF]')).toBe(true);
  });
  it('near miss: a bracketed word or a number with no stamp after it is no stamp', () => {
    expect(leadingTime('[1] connection created', 0)).toBeNull();
    expect(leadingTime('[main] 2026/12/27 16:40:00 started', 0)).toBeNull();
  });
});

describe('request_flows', () => {
  it("reports a NATS server's INF slow-consumer lines through a real SDK client", async () => {
    const lines = [
      '[1] 2026/12/27 16:30:20.201720 [INF] 10.30.1.38:50978 - cid:1332 - "v1.37.0:go:search-indexer" - Client connection created',
      `[1] 2026/12/27 16:40:00.157284 [INF] ${NATS_SLOW}`,
      `[1] 2026/12/27 16:40:40.221100 [INF] ${NATS_SLOW.replace('cid:1109', 'cid:1512')}`,
      '[1] 2026/12/27 16:41:09.323836 [WRN] 10.30.2.69:48650 - cid:1427 - "v1.37.0:go:notifier" - Readloop processing time: 2.862s',
      `[1] 2026/12/27 16:41:20.017624 [INF] ${NATS_SLOW.replace('cid:1109', 'cid:1162')}`,
    ];
    const dir = tempDir({ 'nats.log': lines.join('\n') + '\n' });
    const { call } = await connect({ sources: [dir], at: Date.parse('2026-12-27T17:00:00Z') });
    const r = await call('request_flows', { since: '2026-12-27T16:00:00Z', until: '2026-12-27T17:00:00Z' });
    expect(r.isError).toBe(false);
    const out = r.json<FlowsOut>();
    expect(out.slow_consumers).toEqual([expect.objectContaining({ client: 'pricing-sync', service: 'nats', first: '2026-12-27T16:40:00.157Z', last: '2026-12-27T16:41:20.017Z', count: 3 })]);
  });
});
