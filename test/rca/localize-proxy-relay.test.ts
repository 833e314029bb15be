// A reverse proxy's access log records every request it passed on, with the request's status: a 500 its upstream gave
// is logged there too, and only the upstream's own status field says whose failure it was. Those lines are not the proxy's.
import { describe, expect, it } from 'vitest';
import { parseSignatures } from '../../src/core/sources/logs.js';
import { upstreamStatusFromFields } from '../../src/core/logs/upstream-status.js';
import { logSignals } from '../../src/rca/localize/log-scores.js';
import { proxiedServerError } from '../../src/rca/localize/relayed-errors.js';
import { handBundle, iso, signature, span } from './helpers.js';

const BASE = Date.parse('2025-02-11T14:00:00Z');
const MIN = 60_000;
const WINDOW = { from: BASE, to: BASE + 30 * MIN };
const ONSET = BASE + 26 * MIN;
const KNOWN = new Set(['edge', 'quotes', 'accounts']);
const stats = Array.from({ length: 10 }, (_, k) => ({
  start: iso(BASE + (20 + k) * MIN),
  total: 300,
  by_level: { info: 290, error: 10 },
  by_service: Object.fromEntries([...KNOWN].map((s) => [s, 100])),
}));

// nginx in front of the services, NGINX Amplify's log_format (ua/us/urt); the masked template names no service.
const ACCESS = '<*> - - [<*> <*>] "GET <*> <*>" <*> <*> "-" "<*>" rt=<*> ua="<*>" us="<*>" urt="<*>"';
const proxied = (over: Partial<ReturnType<typeof signature>> = {}) => ({
  ...signature({
    template: ACCESS,
    example: '10.8.0.4 - - [11/Feb/2025:14:26:03 +0000] "GET /api/quotes/77 HTTP/1.1" 500 52 "-" "okhttp/4.12.0" rt=0.011 ua="10.9.3.17:8080" us="500" urt="0.010"',
    service: 'edge',
    base: BASE,
    // Many more lines than the callee's: every request through the proxy is logged, a burst saturates any count test.
    minutes: span(26, 30, 60),
  }),
  upstream_status: 500,
  ...over,
});
const own = signature({ template: 'Unhandled error in GET /quotes/{id}\njava.lang.ArithmeticException: / by zero', service: 'quotes', base: BASE, minutes: span(26, 30, 15) });

const logZ = (sigs: ReturnType<typeof signature>[], svc: string) => {
  const b = handBundle('errors on the quote page since 14:26 UTC', WINDOW, { logStats: stats, signatures: sigs });
  return logSignals(b, ONSET, WINDOW.to, KNOWN).signals.filter((s) => s.service === svc && s.kind === 'log_errors').reduce((a, s) => a + s.z, 0);
};

describe("the upstream's status in a proxy's access-log record", () => {
  it("is read from nginx's, Traefik's and a balancer's field names, the last of several upstreams tried", () => {
    expect(upstreamStatusFromFields({ upstream_status: '502, 500' })).toBe(500);
    expect(upstreamStatusFromFields({ OriginStatus: 503 })).toBe(503);
    expect(upstreamStatusFromFields({ target_status: '504' })).toBe(504);
    expect(upstreamStatusFromFields({ ua: '10.9.3.17:8080', us: '500', urt: '0.010' })).toBe(500);
    // No upstream was asked ("-"), or a `us` with no other upstream field beside it: nothing is said.
    expect(upstreamStatusFromFields({ upstream_status: '-' })).toBeUndefined();
    expect(upstreamStatusFromFields({ us: '500', user: 'bob' })).toBeUndefined();
    expect(upstreamStatusFromFields({ status: '500' })).toBeUndefined();
  });

  it('travels with the signature from the example fields error_signatures sends', () => {
    const raw = { id: 's1', template: ACCESS, level: 'error', services: ['edge'], count: 3, example: 'x', example_source: 'edge.log:1', per_minute: [], example_fields: { rt: '0.011', ua: '10.9.3.17:8080', us: '500', urt: '0.010' } };
    const [s] = parseSignatures({ signatures: [raw] })!;
    expect(s!.upstream_status).toBe(500);
    expect(proxiedServerError(s!)).toBe(true);
    // An upstream's 4xx is the client's own request refused: the proxy passed on no failure of the upstream.
    expect(proxiedServerError({ ...s!, upstream_status: 404 })).toBe(false);
  });
});

describe("a proxy's record of its upstream's 5xx", () => {
  it('is not counted as the proxy failing: the callee that threw ranks on its own errors', () => {
    expect(logZ([proxied(), own], 'edge')).toBe(0);
    expect(logZ([proxied(), own], 'quotes')).toBeGreaterThan(3);
  });

  it("near miss: the proxy's own 5xx, with no upstream answer behind it, still counts as the proxy's", () => {
    // nginx answering 502 itself (no upstream reached: us="-") or an entry without the field is the proxy's own error.
    expect(logZ([proxied({ upstream_status: undefined }), own], 'edge')).toBeGreaterThan(3);
  });
});
