// Nodes whose conntrack tables filled two minutes after a release turned keep-alive off in a service running there: that
// release is the cause (not the services that lose their connections, nor the database they fail to reach).
import { describe, expect, it } from 'vitest';
import { stopsReusingConnections } from '../../src/rca/connection-reuse.js';
import { analyze, BASE, bundleOf, conditions, MIN, ONSET, samples } from './general-rules-kit.js';
import { commit, deployment, signature, span } from './helpers.js';

const LIMIT = 131072;
// A tile client that stops reusing connections, live 2 min before the onset; a checkout query change 11 min before.
// The tile client's commit message shares no word with the errors: only what its diff does can name it.
const releases = (diff: string, message = 'Tidy the tile-cache client after its restarts') => {
  const geo = commit('2eed0ab95deabe566319f8e74c6b88dcf5045a6d', message, BASE + (ONSET - 2) * MIN, ['geo-lookup/internal/tiles/client.go']);
  const co = commit('f36c276f34fb48466698388f44c6e51779128e4c', 'Load the cart and the order in one database round trip', BASE + (ONSET - 11) * MIN, ['checkout/internal/store/orders.go']);
  return {
    deployments: [deployment('checkout-7.3.0', BASE + (ONSET - 11) * MIN, [co]), deployment('geo-lookup-2.9.0', BASE + (ONSET - 2) * MIN, [geo])],
    diffs: {
      [geo.sha]: `--- a/geo-lookup/internal/tiles/client.go\n+++ b/geo-lookup/internal/tiles/client.go\n-var client = &http.Client{Timeout: 2 * time.Second}\n+var client = &http.Client{\n+\tTimeout:   2 * time.Second,\n${diff}+}\n`,
      [co.sha]: '--- a/checkout/internal/store/orders.go\n+++ b/checkout/internal/store/orders.go\n-\trows, err := db.Query(ctx, orderSQL, id)\n+\trows, err := db.Query(ctx, orderAndCartSQL, id) // postgres round trip\n',
    },
  };
};
const errors = () => [
  signature({ template: 'POST /api/checkout: load cart <*>: failed to connect to `host=orders-db.shop.svc user=checkout`: dial tcp <*>:5432: i/o timeout', service: 'checkout', base: BASE, minutes: span(ONSET, 120, 6) }),
  signature({ template: 'GET /cart/<*>: dial tcp <*>:6379: i/o timeout (redis)', service: 'cart', base: BASE, minutes: span(ONSET, 120, 4) }),
];
const nodes = (fill: boolean) =>
  ['ip-10-4-1-23', 'ip-10-4-3-17', 'ip-10-4-5-88'].flatMap((n, i) => [
    samples('node_nf_conntrack_entries', { instance: n, job: 'node-exporter' }, (m) => (fill && i > 0 && m >= ONSET - 1 ? LIMIT : 20_000 + (m % 7) * 100)),
    samples('node_nf_conntrack_entries_limit', { instance: n, job: 'node-exporter' }, () => LIMIT),
  ]);
const services = [samples('http_requests', { service: 'geo-lookup' }, (m) => 50 * m), samples('http_requests', { service: 'checkout' }, (m) => 40 * m)];

describe('conntrack tables full after a release turned keep-alive off', () => {
  it('names the release that stopped reusing connections, in its service, and rules out the other', () => {
    const { findings, verdict } = analyze(bundleOf({ signatures: errors(), series: [...nodes(true), ...services], ...releases('+\tTransport: &http.Transport{DisableKeepAlives: true},\n') }));
    expect(conditions(findings, 'conntrack_full')).toHaveLength(1);
    expect(verdict.best.suspect?.sha).toBe('2eed0ab95deabe566319f8e74c6b88dcf5045a6d');
    expect(verdict.best.service).toBe('geo-lookup');
    expect(verdict.best.category).toBe('resource_exhaustion');
    expect(verdict.best.summary).toContain('ip-10-4-3-17');
    expect(verdict.ruledOut.map((r) => r.what).join(' ')).toContain('checkout-7.3.0');
  });

  it('does not blame a release that kept connections reused', () => {
    const { verdict } = analyze(bundleOf({ signatures: errors(), series: [...nodes(true), ...services], ...releases('+\tTransport: otelhttp.NewTransport(http.DefaultTransport),\n') }));
    expect(verdict.best.suspect?.sha).not.toBe('2eed0ab95deabe566319f8e74c6b88dcf5045a6d');
  });

  it('finds no full table when the entries stayed far below the limit', () => {
    const { findings } = analyze(bundleOf({ signatures: errors(), series: [...nodes(false), ...services], ...releases('+\tTransport: &http.Transport{DisableKeepAlives: true},\n') }));
    expect(conditions(findings, 'conntrack_full')).toHaveLength(0);
  });
});

describe('stopsReusingConnections', () => {
  it.each([
    '+\tTransport: &http.Transport{DisableKeepAlives: true},',
    '+const agent = new http.Agent({ keepAlive: false });',
    "+    headers = {'Connection': 'close'}",
    '+keepalive_timeout 0;',
    '+  keep_alive: false',
  ])('reads %s', (line) => {
    expect(stopsReusingConnections(`--- a/x\n+++ b/x\n${line}\n`)).toBe(true);
  });
  it.each(['-\tTransport: &http.Transport{DisableKeepAlives: true},', '+const agent = new http.Agent({ keepAlive: true });', '+// keep-alive stays on'])('leaves alone %s', (line) => {
    expect(stopsReusingConnections(`--- a/x\n+++ b/x\n${line}\n`)).toBe(false);
  });
});
