// A caller whose error is its HTTP client reporting a 5xx answer (Spring's HttpServerErrorException, Python's HTTPError)
// passes a callee's failure on: its entries count for less than the callee's own exception, whoever ranks them.
import { describe, expect, it } from 'vitest';
import { logSignals } from '../../src/rca/localize/log-scores.js';
import { relaysServerError } from '../../src/rca/localize/relayed-errors.js';
import { handBundle, iso, signature, span } from './helpers.js';

const BASE = Date.parse('2024-05-02T09:00:00Z');
const MIN = 60_000;
const WINDOW = { from: BASE, to: BASE + 30 * MIN };
const ONSET = BASE + 26 * MIN;
const KNOWN = new Set(['checkout', 'invoice', 'web']);
const stats = Array.from({ length: 10 }, (_, k) => ({
  start: iso(BASE + (20 + k) * MIN),
  total: 150,
  by_level: { info: 140, error: 10 },
  by_service: Object.fromEntries([...KNOWN].map((s) => [s, 50])),
}));

// The callee throws on its own; its caller's dispatcher logs the RestTemplate exception for the 500 it got back.
const own = signature({ template: 'Servlet.service() for servlet [dispatcherServlet] threw exception\njava.lang.IllegalStateException: invoice number sequence exhausted', service: 'invoice', base: BASE, minutes: span(26, 30, 25) });
const relay = signature({
  template: 'Servlet.service() for servlet [dispatcherServlet] threw exception [Request processing failed; nested exception is org.springframework.web.client.HttpServerErrorException$InternalServerError: 500 Internal Server Error] with root cause',
  service: 'checkout',
  base: BASE,
  minutes: span(26, 30, 25),
});

describe('errors that report a callee answering 5xx', () => {
  it('knows the HTTP clients that say a call was answered with a server error, and not other errors', () => {
    expect(relaysServerError(relay)).toBe(true);
    expect(relaysServerError({ ...own, root_cause: "requests.exceptions.HTTPError: 503 Server Error: Service Unavailable for url: http://invoice/api" })).toBe(true);
    expect(relaysServerError({ ...own, template: 'AxiosError: Request failed with status code 502' })).toBe(true);
    expect(relaysServerError(own)).toBe(false);
    // A 4xx is the caller's own request refused: its own mistake, not a callee's failure.
    expect(relaysServerError({ ...own, template: 'org.springframework.web.client.HttpClientErrorException$BadRequest: 400 Bad Request' })).toBe(false);
  });

  it('ranks the service that throws above the caller that reports its 500s', () => {
    const b = handBundle('500s on checkout since 09:26 UTC', WINDOW, { logStats: stats, signatures: [relay, own] });
    const signals = logSignals(b, ONSET, WINDOW.to, KNOWN).signals;
    const z = (svc: string) => signals.filter((s) => s.service === svc && s.kind === 'log_errors').reduce((a, s) => a + s.z, 0);
    expect(z('invoice')).toBeGreaterThan(2 * z('checkout'));
  });
});
