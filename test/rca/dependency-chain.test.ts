// From a caller's timeouts to the dependency they wait on and on to its own state: the client library's record names
// the dependency's address (a field, not the message), Prometheus says whose address it is, the caller's other
// timeouts wait on the same, and the dependency's own log says it is starved (slow disk), not down.
import { describe, expect, it } from 'vitest';
import { peerFromFields } from '../../src/core/logs/peer-fields.js';
import { parseSignatures } from '../../src/core/sources/logs.js';
import { servicesAt } from '../../src/rca/scrape-targets.js';
import { BASE, MIN, noise, ONSET, run } from './engine-world.js';
import { errorRate, iso, signature, span } from './helpers.js';

/** The etcd v3 Go client's retry warning as zap writes it into the caller's stream: the endpoint is in `target`. */
const clientRetry = {
  ...signature({ template: 'retrying of unary invoker failed: rpc error: code = DeadlineExceeded desc = context deadline exceeded', service: 'ledger', base: BASE, minutes: span(ONSET + 1, 120, 3), level: 'warn' }),
  example_fields: { logger: 'etcd-client', caller: 'v3@v3.5.12/retry_interceptor.go:62', target: 'etcd-endpoints://0xc0001c4000/kv-2:2379', attempt: '0' },
};
const callerErrors = signature({ template: 'post entry failed: acquire ledger lock <*>: context deadline exceeded', service: 'ledger', base: BASE, minutes: span(ONSET, 120, 12) });
/** The etcd members' series, scraped at their client addresses. */
const etcdAnomaly = (instance: string) => ({
  series: `etcd_server_slow_apply_total{instance="${instance}",job="etcd"}`,
  metric: 'etcd_server_slow_apply_total',
  labels: { instance, job: 'etcd' },
  time: iso(BASE + ONSET * MIN),
  before: 0,
  after: 0.5,
  relative_change: 50,
  direction: 'up',
  score: 40,
  kind: 'rate',
});
const etcdOwn = [
  signature({ template: 'slow fdatasync', service: 'etcd', base: BASE, minutes: span(ONSET, 120, 3), level: 'warn' }),
  signature({ template: 'apply request took too long', service: 'etcd', base: BASE, minutes: span(ONSET, 120, 4), level: 'warn' }),
];

describe('the peer a record names in its fields', () => {
  it("is read from a client's target or server.address, never from the record's own host or path", () => {
    expect(peerFromFields({ logger: 'etcd-client', target: 'etcd-endpoints://0xc0001c4000/kv-2:2379' })).toBe('etcd-endpoints://0xc0001c4000/kv-2:2379');
    expect(peerFromFields({ 'server.address': 'payments.internal', 'server.port': 443 })).toBe('payments.internal');
    expect(peerFromFields({ host: 'node-7', url: '/v1/entries', msg: 'failed' })).toBeUndefined();
  });

  it('reaches the bundle through the error_signatures contract', () => {
    const [sig] = parseSignatures({ signatures: [clientRetry] })!;
    expect(sig!.peer).toBe('etcd-endpoints://0xc0001c4000/kv-2:2379');
  });

  it("names a scraped service by its whole address, not by a longer host's or port's part", () => {
    const at = new Map([['kv-2:2379', 'etcd']]);
    expect(servicesAt('target etcd-endpoints://0xc0001c4000/kv-2:2379', at)).toEqual(['etcd']);
    expect(servicesAt('dial tcp kv-2:23790: i/o timeout', at)).toEqual([]);
    expect(servicesAt('dial tcp backup-kv-2:2379: i/o timeout', at)).toEqual([]);
  });
});

describe('a caller timing out on a dependency whose own log says it is starved', () => {
  it('blames the dependency as exhausted, its address and the caller timeouts that name nobody included', async () => {
    const { report } = await run({
      signatures: [...noise, callerErrors, clientRetry, ...etcdOwn],
      errorRates: [errorRate('ledger', BASE, 120, ONSET)],
      anomalies: [etcdAnomaly('kv-2:2379')],
    });
    expect(report.root_cause.service).toBe('etcd');
    expect(report.root_cause.category).toBe('resource_exhaustion');
    expect(report.root_cause.summary).toContain('slow fdatasync');
  });

  it('is a plain dependency failure when the dependency says nothing of its own state', async () => {
    // etcd's log is read (it is a service of ours) but warns only of what it always warns about.
    const steady = signature({ template: 'request stats: <*> keys scanned', service: 'etcd', base: BASE, minutes: span(0, 120, 1).filter(([m]) => m % 9 === 0), level: 'warn' });
    const { report } = await run({
      signatures: [...noise, callerErrors, clientRetry, steady],
      errorRates: [errorRate('ledger', BASE, 120, ONSET)],
      anomalies: [etcdAnomaly('kv-2:2379')],
    });
    expect(report.root_cause.service).toBe('etcd');
    expect(report.root_cause.category).toBe('dependency_failure');
  });

  it('names no service at an address whose job is only where a series was scraped', async () => {
    const { report } = await run({
      signatures: [...noise, callerErrors, clientRetry, ...etcdOwn],
      errorRates: [errorRate('ledger', BASE, 120, ONSET)],
      // The address belongs to a generic scrape job, not to a service any log or label names.
      anomalies: [{ ...etcdAnomaly('kv-2:2379'), labels: { instance: 'kv-2:2379', job: 'kubernetes-pods' }, series: 'x{job="kubernetes-pods"}' }],
    });
    expect(report.root_cause.service).not.toBe('kubernetes-pods');
  });
});
