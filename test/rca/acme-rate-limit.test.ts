// An ACME issuer refusing certificate orders for its rate limit (Caddy's, Traefik's, cert-manager's and certbot's own
// words): the refusal as a condition at the onset, and the ranking that names the client's change to its certificate
// storage or instance count, however old, over a later release of it that only shares the errors' words.
import { describe, expect, it } from 'vitest';
import { acmeRateLimited, touchesIssuance } from '../../src/rca/acme-orders.js';
import { acmeRateLimit } from '../../src/rca/analyzers/acme-rate-limit.js';
import { rank } from '../../src/rca/rank.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import type { ConditionFinding } from '../../src/rca/change-settings.js';
import { handBundle, signature, span } from './helpers.js';
import { change, condition, ctxFor, MIN, ONSET } from './rank-findings.js';

const CADDY =
  'could not get certificate from issuer: HTTP 429 urn:ietf:params:acme:error:rateLimited - Error creating new order :: too many certificates (5) already issued for this exact set of identifiers in the last 168h0m0s, retry after 2026-12-07 09:10:11 UTC: see https://letsencrypt.org/docs/rate-limits/#new-certificates-per-exact-set-of-hostnames';
const TRAEFIK =
  'Unable to obtain ACME certificate for domains "app.example.org": unable to generate a certificate for the domains [app.example.org]: acme: error: 429 :: POST :: https://acme-v02.api.letsencrypt.org/acme/new-order :: urn:ietf:params:acme:error:rateLimited :: Error creating new order :: too many certificates already issued for exact set of domains: app.example.org';
const CERT_MANAGER =
  'failed to create Order resource due to bad request, marking Order as failed: 429 urn:ietf:params:acme:error:rateLimited: Error creating new order :: too many failed authorizations recently: see https://letsencrypt.org/docs/failed-validation-limit/';
/** certbot prints the issuer's description of the error type, not its URN. */
const CERTBOT =
  'An unexpected error occurred: There were too many requests of a given type :: Error creating new order :: too many certificates already issued for exact set of domains: app.example.org: see https://letsencrypt.org/docs/rate-limits/';
/** An ordinary API throttling the app: a 429, but no certificate order. */
const API_429 = 'POST https://api.stripe.com/v1/payment_intents failed: 429 Too Many Requests: Too many requests hit the API too quickly';
/** A shop's own limit on its customers' orders: "too many new orders", but nothing of certificates. */
const SHOP_LIMIT = 'order rejected: too many new orders from customer 4711 in the last hour (limit 20)';
/** The issuer refusing a challenge, not a rate: the path to the challenge is broken, another cause. */
const UNAUTHORIZED = 'could not get certificate from issuer: HTTP 403 urn:ietf:params:acme:error:unauthorized - Invalid response from http://app.example.org/.well-known/acme-challenge/x: 404';

describe('acmeRateLimited', () => {
  it("reads the rate-limit refusal in Caddy's, Traefik's, cert-manager's and certbot's lines", () => {
    for (const l of [CADDY, TRAEFIK, CERT_MANAGER, CERTBOT]) expect(acmeRateLimited(l), l).toBe(true);
  });

  it("near miss: an API's 429, a shop's order limit and an ACME refusal for another reason are not it", () => {
    for (const l of [API_429, SHOP_LIMIT, UNAUTHORIZED]) expect(acmeRateLimited(l), l).toBe(false);
  });
});

/** A StatefulSet's per-pod volume claim replaced by an emptyDir in a Deployment: every new pod starts without certificates. */
const EMPTYDIR_DIFF = `diff --git a/front-proxy/deploy/caddy.yaml b/front-proxy/deploy/caddy.yaml
--- a/front-proxy/deploy/caddy.yaml
+++ b/front-proxy/deploy/caddy.yaml
@@ -1,6 +1,6 @@
 apiVersion: apps/v1
-kind: StatefulSet
+kind: Deployment
 metadata:
   name: front-proxy
@@ -14,6 +14,6 @@ spec:
             - { name: caddy-data, mountPath: /data }
-  volumeClaimTemplates:
-    - metadata: { name: caddy-data }
+      volumes:
+        - name: caddy-data
+          emptyDir: {}`;
/** Traefik's certificate file moved off the mounted volume into the container. */
const TRAEFIK_DIFF = `--- a/ingress/traefik/compose.yaml
+++ b/ingress/traefik/compose.yaml
@@ -8,3 +8,3 @@ services:
-      - "--certificatesresolvers.le.acme.storage=/letsencrypt/acme.json"
+      - "--certificatesresolvers.le.acme.storage=/tmp/acme.json"`;
const REPLICAS_DIFF = `--- a/front-proxy/deploy/caddy.yaml
+++ b/front-proxy/deploy/caddy.yaml
@@ -5,3 +5,3 @@ spec:
-  replicas: 2
+  replicas: 6`;
const HEADERS_DIFF = `--- a/front-proxy/Caddyfile
+++ b/front-proxy/Caddyfile
@@ -4,4 +4,6 @@
 app.example.org {
   encode zstd gzip
+  header Strict-Transport-Security "max-age=31536000"
+  # storage and replicas stay as they are
   reverse_proxy web:3000
 }`;

describe('touchesIssuance', () => {
  it('quotes the line that made storage ephemeral first, else a storage setting, else the instance count', () => {
    expect(touchesIssuance(EMPTYDIR_DIFF)).toEqual({ line: '+ emptyDir: {}', touches: 'storage' });
    expect(touchesIssuance(TRAEFIK_DIFF)).toEqual({ line: '- - "--certificatesresolvers.le.acme.storage=/letsencrypt/acme.json"', touches: 'storage' });
    expect(touchesIssuance(REPLICAS_DIFF)).toEqual({ line: '- replicas: 2', touches: 'instances' });
  });

  it('near miss: headers, a comment naming storage and replicas, unchanged context lines touch neither', () => {
    expect(touchesIssuance(HEADERS_DIFF)).toBeNull();
    expect(touchesIssuance(' - { name: caddy-data, mountPath: /data }\n+  encode gzip')).toBeNull();
  });
});

const T = (m: number) => new Date(ONSET + m * MIN).toISOString();
const refusals = (template: string, a: number, b: number, service = 'front-proxy') => signature({ template, service, base: ONSET, minutes: span(a, b, 1).filter(([m]) => m % 4 === a % 4) });

function analyzed(...sigs: ReturnType<typeof refusals>[]): ConditionFinding[] {
  const bundle = handBundle('app.example.org: TLS handshakes fail', { from: ONSET - 60 * MIN, to: ONSET + 30 * MIN }, { signatures: sigs });
  return acmeRateLimit.analyze(bundle, ctxFor('front-proxy', ['front-proxy', 'web'])) as ConditionFinding[];
}

describe('acme-rate-limit analyzer', () => {
  it('is registered among the analyzers the engine runs', () => {
    expect(ANALYZERS).toContain(acmeRateLimit);
  });

  it('states the service whose orders the issuer refuses from the onset on', () => {
    const [f] = analyzed(refusals(CADDY, 0, 20));
    expect(f).toMatchObject({ condition: 'issuance_limited', category: 'certificate_or_auth', service: 'front-proxy' });
    expect(f!.timeline[0]!.time).toBe(T(0));
    expect(f!.evidence[0]?.quote).toContain('rateLimited');
  });

  it("near miss: an API's 429, one refusal, or refusals long over are not stated", () => {
    expect(analyzed(refusals(API_429, 0, 20))).toEqual([]);
    expect(analyzed(refusals(CADDY, 0, 1))).toEqual([]);
    expect(analyzed(refusals(CADDY, -55, -30))).toEqual([]);
  });
});

describe('acme-limit rule', () => {
  const ctx = ctxFor('front-proxy', ['front-proxy', 'web', 'payments']);
  const limited = condition({ condition: 'issuance_limited', category: 'certificate_or_auth', service: 'front-proxy', confidence: 0.35, timeline: [{ time: T(0), source: 'logs', event: 'front-proxy: certificate order refused' }] });
  // The proxy's own change seven hours before that made its storage ephemeral; its headers release 40 minutes before shares the errors' words.
  const storage = change('4c1d9e0a7b2f', 'front-proxy: run as a Deployment behind the HPA', 7 * 60, {
    relevance: 0.05,
    configOnly: true,
    paths: ['front-proxy/deploy/caddy.yaml', 'front-proxy/deploy/hpa.yaml'],
    issuance: { line: '+ emptyDir: {}', touches: 'storage' },
  });
  const headers = change('9e2b7f31c0d4', 'front-proxy: HSTS on app.example.org', 40, {
    relevance: 0.6,
    configOnly: true,
    paths: ['front-proxy/Caddyfile'],
    matched: ['app', 'example', 'org'],
    change: { sha: '9e2b7f31c0d4', ref: 'front-proxy/v3.2.0', message: 'front-proxy: HSTS on app.example.org', author: 'Dev', time: T(-40) },
  });

  it("names the proxy's change to its certificate storage however old, and rules its later release out", () => {
    const v = rank([headers, storage, limited], ctx);
    expect(v.best.suspect?.sha).toBe(storage.change.sha);
    expect(v.best).toMatchObject({ service: 'front-proxy', category: 'config_error' });
    expect(v.best.summary).toContain('emptyDir');
    expect(v.ruledOut.find((r) => r.what.includes('front-proxy/v3.2.0'))?.reason).toContain('rate limit');
  });

  it('near miss: without the refusal, or with a change that touches neither storage nor instances, the ranking is left alone', () => {
    expect(rank([headers, storage], ctx).best.suspect?.sha).toBe(headers.change.sha);
    expect(rank([headers, { ...storage, issuance: undefined }, limited], ctx).best.suspect?.sha).toBe(headers.change.sha);
  });

  it("near miss: another service's storage change, or one after the first refusal, is not the client's cause", () => {
    expect(rank([headers, { ...storage, paths: ['payments/deploy/statefulset.yaml'] }, limited], ctx).best.suspect?.sha).toBe(headers.change.sha);
    const late = { ...storage, change: { ...storage.change, time: T(3) } };
    expect(rank([headers, late, limited], ctx).best.suspect?.sha).not.toBe(storage.change.sha);
  });
});
