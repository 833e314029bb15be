// Near misses of the infrastructure mechanism rules (failover-rank, nat-rank, store-operation-rank): a failover, NAT
// port errors or an operation on a store are in the data, but a release that went live at the onset caused the errors.
import { describe, expect, it } from 'vitest';
import type { EvidenceBundle, RequestFlows } from '../../src/rca/bundle.js';
import { analyze, BASE, bundleOf, conditions, MIN, ONSET, samples } from './general-rules-kit.js';
import { commit, deployment, errorRate, signature, span, withFlows } from './helpers.js';

const REL = 'c0de5eed1a2b3c4d5e6f708192a3b4c5d6e7f809';

/** checkout's release at the onset calls the new fraud-check service on every payment with a 2 s deadline it misses. */
const release = () => {
  const file = 'checkout/internal/pay/fraud.go';
  const c = commit(REL, 'checkout: call fraud-check before each payment (2 s deadline)', BASE + (ONSET - 1) * MIN, [file]);
  return {
    deployments: [deployment('checkout/v8.1.0', BASE + (ONSET - 1) * MIN, [c])],
    diffs: { [c.sha]: `--- a/${file}\n+++ b/${file}\n+\tctx, cancel := context.WithTimeout(ctx, 2*time.Second) // fraud-check deadline\n+\tverdict, err := fraudCheck.Score(ctx, payment)\n` },
  };
};
const deadline = () => [
  signature({ template: 'POST /pay: fraud-check score: rpc error: code = DeadlineExceeded desc = context deadline exceeded', service: 'checkout', base: BASE, minutes: span(ONSET, 120, 8) }),
];
const world = (extra: Partial<Parameters<typeof bundleOf>[0]> = {}) => bundleOf({ signatures: deadline(), errorRates: [errorRate('checkout', BASE, 120, ONSET)], ...release(), ...extra });

function withAnnouncements(b: EvidenceBundle, list: Array<{ m: number; service: string; kind: 'failover' | 'operation'; text: string; objects?: string[] }>): EvidenceBundle {
  const announcements: NonNullable<RequestFlows['announcements']> = list.map((a) => ({ time: BASE + a.m * MIN, service: a.service, kind: a.kind, text: a.text, ...(a.objects ? { objects: a.objects } : {}) }));
  withFlows(b, { announcements });
  return b;
}

describe('without a trigger', () => {
  it('the release leads (the baseline every near miss below must keep)', () => {
    expect(analyze(world()).verdict.best.suspect?.sha).toBe(REL);
  });
});

describe('failover-rank near misses', () => {
  const sessions = {
    m: ONSET - 6,
    service: 'redis-sentinel',
    kind: 'failover' as const,
    text: '+switch-master sessions sessions-redis-0.sessions-redis.shop.svc.cluster.local 6379 sessions-redis-1.sessions-redis.shop.svc.cluster.local 6379',
    objects: ['sessions-redis-0.sessions-redis.shop.svc.cluster.local', 'sessions-redis-1.sessions-redis.shop.svc.cluster.local'],
  };

  it('leaves the release first when another store failed over and no error names it or says it hit a replica', () => {
    const { verdict } = analyze(withAnnouncements(world(), [sessions]));
    expect(verdict.best.suspect?.sha).toBe(REL);
  });

  it('still names the failover when the clients name the store they lost', () => {
    const lost = [signature({ template: 'GET /session: Redis::CannotConnectError: Error connecting to sessions-redis:6379 (ECONNREFUSED)', service: 'web', base: BASE, minutes: span(ONSET, 120, 9) })];
    const { verdict } = analyze(withAnnouncements(bundleOf({ signatures: lost, ...release() }), [sessions]));
    expect(verdict.best.service).toBe('sessions-redis');
    expect(verdict.best.suspect).toBeNull();
  });
});

describe('nat-rank near misses', () => {
  const ports = (from: number) => [
    samples('aws_natgateway_error_port_allocation_sum', { dimension_NatGatewayId: 'nat-0a1b2c3d4e5f60718' }, (m) => (m >= from ? 300 + (m % 5) * 40 : 0)),
  ];
  const columnErrors = () => [signature({ template: 'pq: column "fraud_score" of relation "payments" does not exist (fraud-check score)', service: 'checkout', base: BASE, minutes: span(ONSET, 120, 8) })];

  it('leaves the release first when the port errors began twenty minutes after its errors', () => {
    const { findings, verdict } = analyze(world({ series: ports(ONSET + 20) }));
    expect(conditions(findings, 'nat_ports')).toHaveLength(1);
    expect(verdict.best.suspect?.sha).toBe(REL);
  });

  it('leaves the release first when the errors are no failed connections', () => {
    const { verdict } = analyze(world({ signatures: columnErrors(), series: ports(ONSET) }));
    expect(verdict.best.suspect?.sha).toBe(REL);
  });
});

describe('store-operation-rank near misses', () => {
  it('leaves the release first when an operation ran on a store its errors do not name', () => {
    const op = { m: ONSET - 30, service: 'reports-db', kind: 'operation' as const, text: 'LOG:  statement: VACUUM FULL public.daily_sales;' };
    const { findings, verdict } = analyze(withAnnouncements(world(), [op]));
    expect(conditions(findings, 'store_operation')).toHaveLength(0);
    expect(verdict.best.suspect?.sha).toBe(REL);
  });
});
