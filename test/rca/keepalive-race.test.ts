// The keep-alive race: an edge proxy's commit that turns upstream keep-alive on, then resets and premature closes on
// reused connections and 502s at the proxy while the upstream logs nothing; the proxy's change is named, not the upstream.
import { describe, expect, it } from 'vitest';
import type { ErrorSignature } from '../../src/core/evidence.js';
import { startsReusingConnections } from '../../src/rca/connection-reuse.js';
import { rank } from '../../src/rca/rank.js';
import type { RelatedSignature } from '../../src/rca/related-signatures.js';
import { signature, span } from './helpers.js';
import { change, condition, ctxFor, ONSET } from './rank-findings.js';

const NGINX_DIFF = `diff --git a/gateway/nginx/upstreams.conf b/gateway/nginx/upstreams.conf
--- a/gateway/nginx/upstreams.conf
+++ b/gateway/nginx/upstreams.conf
@@ -1,4 +1,5 @@
 upstream cart_svc {
     server cart.prod.svc.cluster.local:8080;
+    keepalive 32;
 }
diff --git a/gateway/nginx/site.conf b/gateway/nginx/site.conf
@@ -3,4 +3,6 @@
         proxy_pass http://cart_svc;
+        proxy_http_version 1.1;
+        proxy_set_header Connection "";`;

function sig(service: string, template: string, example: string): RelatedSignature {
  const s: ErrorSignature = { ...signature({ template, example, service, base: ONSET, minutes: span(0, 20) }), new: true };
  return { sig: s, service, pre: 0, post: 20, isNew: true, weight: 0.4 };
}

describe('keep-alive race behind a proxy', () => {
  it('reads an upstream keep-alive pool (nginx keepalive N, HAProxy http-reuse, keepAlive: true) as reuse turned on', () => {
    expect(startsReusingConnections(NGINX_DIFF)).toBe(true);
    expect(startsReusingConnections('+    http-reuse safe')).toBe(true);
    expect(startsReusingConnections('+  const agent = new http.Agent({ keepAlive: true });')).toBe(true);
    // keepalive_timeout is how long the client side stays open, and turning reuse off is the opposite change.
    expect(startsReusingConnections('+    keepalive_timeout 75s;')).toBe(false);
    expect(startsReusingConnections('+    keepalive 0;')).toBe(false);
    expect(startsReusingConnections('+  keepAlive: false,')).toBe(false);
  });

  const ctx = {
    ...ctxFor('cart', ['gateway', 'nginx', 'cart']),
    related: [
      sig('nginx', 'upstream prematurely closed connection while reading response header from upstream, client: <*>', 'upstream prematurely closed connection while reading response header from upstream, client: 10.1.2.3, server: shop, request: "POST /cart HTTP/1.1"'),
      sig('nginx', 'recv() failed (104: Connection reset by peer) while reading response header from upstream, client: <*>', 'recv() failed (104: Connection reset by peer) while reading response header from upstream'),
      sig('gateway', 'POST /cart HTTP/1.1 502', 'POST /cart HTTP/1.1 502'),
    ],
  };
  // The gateway reloaded with the pool 2 minutes before the first reset; the cart's release 8 minutes before.
  const pool = change('e8e18e72aaaa', 'gateway: keep upstream connections alive', 2, { relevance: 0.1, paths: ['gateway/nginx/upstreams.conf'], configOnly: true, reuse: true });
  const cartRelease = change('fbfcd87bbbbb', 'cart: Node 20 base image', 8, { relevance: 0.2, paths: ['cart/Dockerfile'] });
  // The upstream-dependency reading: the failures name the proxy's upstream block `cart_svc` (a metric label).
  const dependency = condition({ condition: 'dependency', category: 'dependency_failure', service: 'cart_svc', confidence: 0.9, names: ['cart_svc'] });

  it("names the proxy's keep-alive change as its config error, over the quiet upstream and its release", () => {
    const v = rank([pool, cartRelease, dependency], ctx);
    expect(v.best.suspect?.sha).toBe(pool.change.sha);
    expect(v.best).toMatchObject({ category: 'config_error', service: 'gateway' });
    expect(v.best.summary).toContain('reusing upstream connections');
  });

  it('reads nested folders as the deployment they spell: gateway/nginx/ configures gateway-nginx, whose file names its lines', () => {
    const named = { ...ctx, related: ctx.related.map((r) => (r.service === 'nginx' ? { ...r, service: 'gateway-nginx' } : r)).filter((r) => r.service !== 'gateway') };
    const v = rank([pool, cartRelease, dependency], named);
    expect(v.best.suspect?.sha).toBe(pool.change.sha);
    expect(v.best.service).toBe('gateway-nginx');
    // Near miss: a folder pair that spells another deployment (gateway/envoy/) configures not the nginx that logged.
    const other = rank([{ ...pool, paths: ['gateway/envoy/upstreams.conf'] }, cartRelease, dependency], named);
    expect(other.best.suspect?.sha).not.toBe(pool.change.sha);
  });

  it('leaves the ranking alone when no change turned reuse on', () => {
    const v = rank([{ ...pool, reuse: undefined }, cartRelease, dependency], ctx);
    expect(v.best.suspect?.sha).not.toBe(pool.change.sha);
  });

  it('leaves the ranking alone when the upstream logs failures of its own', () => {
    const failing = { ...ctx, related: [...ctx.related, sig('cart_svc', 'handler crashed: <*>', 'handler crashed: TypeError')] };
    const v = rank([pool, cartRelease, dependency], failing);
    expect(v.best.suspect?.sha).not.toBe(pool.change.sha);
  });
});
