// The cluster's DNS overwhelmed a minute after a release began calling an outside host: dnsmasq's query log shows that
// host asked for under every search domain from then on. That release is the cause, not the caller whose lookups time out.
import { describe, expect, it } from 'vitest';
import type { RequestFlows } from '../../src/core/sources/request-flows.js';
import { addedHosts, queriedName, startedLookups } from '../../src/rca/dns-lookups.js';
import { analyze, BASE, bundleOf, MIN, ONSET, samples } from './general-rules-kit.js';
import { commit, deployment, signature, span, flowsOf, withFlows } from './helpers.js';

const WEB = 'a41c0e7d52b94f0e8d7c6b5a49382716a5b4c3d2';
const ORDERS = 'c93e5b1a7f2d4c6e8b0a1d3f5e7c9b2a4d6f8e01';
// search-web's release goes live 2 minutes before the onset and sends one analytics event per page view; orders'
// release 12 minutes before retries on lookup errors (its words are the errors' words).
const releases = (host = 'api.mixpanel.com') => {
  const web = commit(WEB, 'Track search result views for the product analytics board', BASE + (ONSET - 2) * MIN, ['search-web/src/analytics.ts']);
  const orders = commit(ORDERS, 'orders: retry inventory reservation once on DNS lookup and dial errors', BASE + (ONSET - 12) * MIN, ['orders/internal/inventory/client.go']);
  return {
    deployments: [deployment('orders-4.2.0', BASE + (ONSET - 12) * MIN, [orders]), deployment('search-web-3.7.0', BASE + (ONSET - 2) * MIN, [web])],
    diffs: {
      [WEB]: `--- a/search-web/src/analytics.ts\n+++ b/search-web/src/analytics.ts\n+export function trackView(q: string) {\n+  void fetch('https://${host}/track', { method: 'POST', body: JSON.stringify({ event: 'search_view', q }) }).catch(() => {});\n+}\n`,
      [ORDERS]:
        '--- a/orders/internal/inventory/client.go\n+++ b/orders/internal/inventory/client.go\n-const attempts = 1\n+// A DNS lookup or dial error never reached inventory: retry once.\n+const attempts = 2\n',
    },
  };
};
const errors = () => [
  signature({
    template: 'reserve failed: Post "http://inventory.shop.svc.cluster.local/v1/reserve": dial tcp: lookup inventory.shop.svc.cluster.local on 10.0.0.10:53: read udp <*>->10.0.0.10:53: i/o timeout',
    service: 'orders',
    base: BASE,
    minutes: span(ONSET, 120, 5),
  }),
];
const cpu = [samples('container_cpu_usage_seconds', { namespace: 'kube-system', pod: 'kube-dns-7c9d-4xk2p', container: 'kube-dns' }, (m) => (m >= ONSET - 1 ? 0.98 : 0.12))];

/** dnsmasq's query log as request_flows counts it: the usual names templated together, and one host from `from` on. */
function flows(from: number, host = 'api.mixpanel.com'): RequestFlows {
  const minutes = Array.from({ length: 121 }, (_, m) => BASE + m * MIN);
  const expansions = ['shop.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'eu-west-1.compute.internal', ''];
  return flowsOf({
    statementMinutes: minutes,
    statements: [
      { service: 'kube-dns', step: 'query[A] <*> from <*>', counts: minutes.map(() => 40) },
      { service: 'orders', step: 'POST /orders', counts: minutes.map(() => 300) },
      ...expansions.map((d) => ({ service: 'kube-dns', step: `query[A] ${host}${d ? `.${d}` : ''} from <*>`, counts: minutes.map((_, m) => (m >= from ? 60 : 0)) })),
    ],
    announcements: [],
  });
}
function bundleWith(f: RequestFlows, host?: string) {
  return withFlows(bundleOf({ signatures: errors(), series: cpu, ...releases(host) }), f);
}

describe('a release whose new outside host floods the cluster DNS', () => {
  it('names that release, in its service, over the caller whose release retries lookups', () => {
    const { verdict } = analyze(bundleWith(flows(ONSET - 1)));
    expect(verdict.best.suspect?.sha).toBe(WEB);
    expect(verdict.best.service).toBe('search-web');
    expect(verdict.best.summary).toContain('api.mixpanel.com');
    expect(verdict.ruledOut.map((r) => r.what).join(' ')).toContain('orders-4.2.0');
  });

  it('does not blame it when the DNS server was asked for that host long before the release', () => {
    const { verdict } = analyze(bundleWith(flows(0)));
    expect(verdict.best.suspect?.sha).not.toBe(WEB);
  });

  it('does not blame it when its host is not what the DNS server began to be asked for', () => {
    const { verdict } = analyze(bundleWith(flows(ONSET - 1, 'api.segment.io'), 'api.mixpanel.com'));
    expect(verdict.best.suspect?.sha).not.toBe(WEB);
  });
});

describe('query-log lines and added hosts', () => {
  it.each([
    ['[INFO] 10.244.3.40:40270 - 41869 "A IN api.mixpanel.com.shop.svc.cluster.local. udp 80 false 512" NXDOMAIN qr,aa,rd 176 0.0004s', 'api.mixpanel.com.shop.svc.cluster.local'],
    ['<*> "AAAA IN api.mixpanel.com.cluster.local.', 'api.mixpanel.com.cluster.local'],
    ['dnsmasq[1]: query[AAAA] api.mixpanel.com.svc.cluster.local from 10.8.2.14', 'api.mixpanel.com.svc.cluster.local'],
    ['client @0x7f 10.1.2.3#5353 (api.mixpanel.com): query: api.mixpanel.com IN A +E(0) (10.0.0.2)', 'api.mixpanel.com'],
  ])('reads the name asked for in %s', (line, name) => {
    expect(queriedName(line)).toBe(name);
  });
  it('leaves other lines alone', () => {
    expect(queriedName('plugin/errors: 2 api.mixpanel.com. A: read udp 10.244.0.6:1->10.0.0.2:53: i/o timeout')).toBeNull();
    expect(queriedName('GET /search?q=shoes 200')).toBeNull();
  });
  it('reads hosts from added lines only', () => {
    const hosts = addedHosts("-  url: 'https://old.example.org/v1'\n+  url: 'https://api.mixpanel.com/track'\n+  mirror: cdn.mixpanel.com.\n");
    expect(hosts).toEqual(['api.mixpanel.com', 'cdn.mixpanel.com']);
  });
  it('needs a quiet query log before the host began', () => {
    const f = flows(5);
    expect(startedLookups(f, `+fetch('https://api.mixpanel.com/track')\n`, BASE + 4 * MIN)).toBeNull();
  });
});
