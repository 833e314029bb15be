// A proxy that resolved its upstream once (an nginx upstream block where a resolver was) fails on the old addresses after
// the load balancer's moved, while another client follows the name: the proxy's change, days old, over a release at the onset.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/rca/analyzer.js';
import { staleResolution } from '../../src/rca/analyzers/stale-resolution.js';
import { pinsResolution } from '../../src/rca/resolve-once.js';
import { proxyConfigCommits } from '../../src/core/sources/git-candidates.js';
import { rank } from '../../src/rca/rank.js';
import { change, ctxFor, ONSET } from './rank-findings.js';

const NGINX_DIFF = `diff --git a/web-edge/nginx/conf.d/api.conf b/web-edge/nginx/conf.d/api.conf
--- a/web-edge/nginx/conf.d/api.conf
+++ b/web-edge/nginx/conf.d/api.conf
@@ -1,4 +1,7 @@
-resolver 10.0.0.2 valid=30s ipv6=off;
+upstream api_alb {
+  server internal-api-alb-1184225613.eu-west-1.elb.amazonaws.com:80;
+  keepalive 32;
+}
 
 server {
   location /api/ {
-    set $api_alb internal-api-alb-1184225613.eu-west-1.elb.amazonaws.com;
-    proxy_pass http://$api_alb;
+    proxy_http_version 1.1;
+    proxy_pass http://api_alb;
   }`;

describe('pinsResolution', () => {
  it('reads an upstream block or a literal proxy_pass host where a resolver was, Envoy STATIC, a JVM DNS cache forever', () => {
    expect(pinsResolution(NGINX_DIFF)).toBe('upstream api_alb {');
    expect(pinsResolution('-    proxy_pass http://$backend;\n+    proxy_pass http://orders.internal.example.com:8080;')).toBe('proxy_pass http://orders.internal.example.com:8080;');
    expect(pinsResolution('-    type: STRICT_DNS\n+    type: STATIC')).toBe('type: STATIC');
    expect(pinsResolution('+networkaddress.cache.ttl=-1')).toBe('networkaddress.cache.ttl=-1');
  });

  it('near miss: an upstream block that re-resolves, a kept resolver, or no resolver removed pins nothing new', () => {
    expect(pinsResolution(NGINX_DIFF.replace('elb.amazonaws.com:80;\n+  keepalive', 'elb.amazonaws.com:80 resolve;\n+  keepalive'))).toBeNull();
    expect(pinsResolution(NGINX_DIFF.replace('-resolver 10.0.0.2 valid=30s ipv6=off;', '+resolver 10.0.0.2 valid=10s;').replace('-    set $api_alb', ' #').replace('-    proxy_pass http://$api_alb;', ''))).toBeNull();
    // Only keep-alive added to an upstream block that was already there: nothing about resolution changed.
    expect(pinsResolution('   upstream api_alb {\n+    keepalive 32;\n   }')).toBeNull();
    expect(pinsResolution('+networkaddress.cache.ttl=30')).toBeNull();
  });
});

describe('proxyConfigCommits', () => {
  const commit = (sha: string, days: number, path: string) => ({ sha, author: 'a', email: '', time: new Date(ONSET - days * 86_400_000).toISOString(), message: 'm', files: [{ path, additions: 1, deletions: 1 }] });
  it("picks the week's proxy configuration commits before the look-back, newest first, not code or older ones", () => {
    const commits = [commit('a1', 2, 'web-edge/nginx/conf.d/api.conf'), commit('b2', 3, 'orders-api/src/app.js'), commit('c3', 9, 'lb/haproxy.cfg'), commit('d4', 4, 'lb/haproxy.cfg')];
    expect(proxyConfigCommits({ deployments: null, commits: { call_id: 'c1', tool: 'git__get_recent_commits', data: commits } as never }, ONSET - 7 * 86_400_000, ONSET - 86_400_000)).toEqual(['a1', 'd4']);
  });
});

const MINUTES = Array.from({ length: 40 }, (_, i) => ONSET - 20 * 60_000 + i * 60_000);
/** Per minute `before` until the onset, `after` from it. */
const split = (before: number, after: number) => MINUTES.map((t) => (t < ONSET ? before : after));
const peer = (service: string, address: string, ok: number[], failed: number[] = split(0, 0)) => ({ service, address, ok, failed });
/** The proxy answered on the two old addresses, then failing on them; the other client moved to two new ones. */
const STALE = [
  peer('web-edge', '10.0.41.23:80', split(5, 0), split(0, 6)),
  peer('web-edge', '10.0.42.187:80', split(5, 0), split(0, 6)),
  peer('mobile-bff', '10.0.41.23:80', split(4, 0)),
  peer('mobile-bff', '10.0.42.187:80', split(4, 0)),
  peer('mobile-bff', '10.0.41.96:80', split(0, 4)),
  peer('mobile-bff', '10.0.42.14:80', split(0, 4)),
];
const flows = (peers: typeof STALE) => ({ peers, statementMinutes: MINUTES });

describe('staleResolution', () => {
  it('finds the proxy failing on the old addresses while the other client is answered on new ones', () => {
    expect(staleResolution(flows(STALE), ONSET)).toEqual([
      expect.objectContaining({ proxy: 'web-edge', old: ['10.0.41.23:80', '10.0.42.187:80'], client: 'mobile-bff', moved: ['10.0.41.96:80', '10.0.42.14:80'], failed: 240 }),
    ]);
  });

  it('near miss: the upstream really down (the other client fails there too and moved nowhere) is no stale resolution', () => {
    const down = [...STALE.slice(0, 2), peer('mobile-bff', '10.0.41.23:80', split(4, 0), split(0, 4)), peer('mobile-bff', '10.0.42.187:80', split(4, 0), split(0, 4))];
    expect(staleResolution(flows(down), ONSET)).toEqual([]);
  });

  it('near miss: another client still answered on the old addresses (they did not change) is no stale resolution', () => {
    const kept = [...STALE, peer('checkout', '10.0.41.23:80', split(3, 3)), peer('checkout', '10.0.42.187:80', split(3, 3))];
    expect(staleResolution(flows(kept), ONSET)).toEqual([]);
  });

  it('near miss: connect timeouts with no other client of the upstream say nothing about its addresses', () => {
    expect(staleResolution(flows(STALE.slice(0, 2)), ONSET)).toEqual([]);
  });
});

describe('ranking', () => {
  const ctx = ctxFor('web-edge', ['web-edge', 'mobile-bff', 'orders-api']);
  const stale: Finding = {
    kind: 'condition',
    condition: 'stale_resolution',
    category: 'config_error',
    service: 'web-edge',
    analyzer: 'stale-resolution',
    summary: "web-edge's connects fail since the onset",
    confidence: 0.6,
    evidence: [],
    timeline: [],
    names: ['web-edge'],
    recommendation: 'reload web-edge',
  };
  // web-edge's change two days before (no relevance: read past the look-back); orders-api's release 8 minutes before.
  const pin = change('ea1222e5aaaa', 'web-edge: upstream block for the API ALB', 2 * 24 * 60, { relevance: 0, timing: 0, paths: ['web-edge/nginx/conf.d/api.conf'], pinsResolution: 'upstream api_alb {' });
  const release = change('56d33876bbbb', 'orders-api: recent orders include the delivery slot', 8, { relevance: 0.5, paths: ['orders-api/src/routes/recent.js'], matched: ['recent'] });

  it("names the proxy's change that pinned resolution, days old, over the release at the onset", () => {
    const v = rank([pin, release, stale], ctx);
    expect(v.best.suspect?.sha).toBe(pin.change.sha);
    expect(v.best).toMatchObject({ service: 'web-edge', category: 'config_error' });
  });

  it("near miss: without the stale signal (the upstream really down) the days-old change is not blamed", () => {
    const v = rank([pin, release], ctx);
    expect(v.best.suspect?.sha).not.toBe(pin.change.sha);
  });

  it("near miss: another service's change that pinned resolution is not the proxy's", () => {
    const elsewhere = { ...pin, paths: ['mobile-bff/config/envoy.yaml'] };
    const v = rank([elsewhere, release, stale], ctx);
    expect(v.best.suspect?.sha).not.toBe(pin.change.sha);
  });
});
