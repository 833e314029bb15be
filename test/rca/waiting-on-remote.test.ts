// A proxy and a PHP pool failing because the app's calls to a remote API hang: nginx's own site named in its error
// lines is no dependency, the frames that called a blocking curl_exec only waited, and the host the app's timeouts
// name is where the wait ends (holdout 343's shape, on a sample of its own).
import { describe, expect, it } from 'vitest';
import { mentionedEntities } from '../../src/rca/entities.js';
import { withoutWaitingCallers } from '../../src/rca/waiting-frames.js';
import { analyze, BASE, bundleOf, conditions, ONSET } from './general-rules-kit.js';
import { signature, span } from './helpers.js';

const NGINX_TIMEOUT =
  'upstream timed out (110: Connection timed out) while reading response header from upstream, client: 192.0.2.9, server: www.acme-store.com, request: "GET /cart HTTP/1.1", upstream: "fastcgi://unix:/run/php/php-fpm.sock:", host: "www.acme-store.com", referrer: "https://www.acme-store.com/basket"';
const NGINX_FULL =
  'connect() to unix:/run/php/php-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream, client: 198.51.100.4, server: www.acme-store.com, request: "GET /product/12 HTTP/1.1", upstream: "fastcgi://unix:/run/php/php-fpm.sock:", host: "www.acme-store.com"';
const SLOWLOG = [
  'slow request in curl_exec() from quote() from price() at TaxClient.php',
  '[0x00007f1a2b3c4d50] curl_exec() /srv/app/src/Tax/TaxClient.php:52',
  '[0x00007f1a2b3c4ca0] quote() /srv/app/src/Tax/TaxClient.php:30',
  '[0x00007f1a2b3c4bf0] price() /srv/app/src/Checkout/CartController.php:77',
  '[0x00007f1a2b3c4b40] {main}() /srv/app/public/index.php:20',
].join('\n');

describe("nginx's request context", () => {
  it('names the site that received the request (server, host, referrer), not a dependency', () => {
    expect(mentionedEntities(NGINX_TIMEOUT, [], ['nginx']).map((m) => m.name)).toEqual([]);
  });

  it('but a host after "host:" in an error that is no request context is still the one failing', () => {
    expect(mentionedEntities('could not connect to server: Connection timed out; host: "db-primary.internal"', [], []).map((m) => m.name)).toContain('db-primary.internal');
  });
});

describe('frames that waited on a blocking outbound call', () => {
  it("drops a PHP slowlog's callers of curl_exec, keeping the call's own frame", () => {
    const kept = withoutWaitingCallers(SLOWLOG);
    expect(kept).toContain('TaxClient.php:52');
    expect(kept).not.toContain('CartController.php');
    expect(kept).not.toContain('TaxClient.php:30');
  });

  it("drops a Java stack's callers of a socket read, and a Python traceback's (innermost last)", () => {
    const java = ['java.net.SocketTimeoutException: Read timed out', '\tat java.net.SocketInputStream.socketRead0(Native Method)', '\tat com.acme.tax.TaxClient.quote(TaxClient.java:40)', '\tat com.acme.cart.CartService.total(CartService.java:88)'].join('\n');
    expect(withoutWaitingCallers(java)).not.toContain('CartService.java');
    const py = ['Traceback (most recent call last):', '  File "/app/cart/views.py", line 31, in total', '    rate = tax.quote(cart)', '  File "/usr/lib/python3.12/ssl.py", line 1103, in recv_into', '    return self._sslobj.read(len, buffer)', 'TimeoutError: The read operation timed out'].join('\n');
    expect(withoutWaitingCallers(py)).not.toContain('cart/views.py');
  });

  it('keeps every frame of a stack that is busy in its own code', () => {
    const busy = ['[0x00007f1a2b3c4d50] render() /srv/app/src/View/Grid.php:210', '[0x00007f1a2b3c4ca0] index() /srv/app/src/Checkout/CartController.php:33'].join('\n');
    expect(withoutWaitingCallers(busy)).toBe(busy);
  });
});

describe('failures that name no remote system while the app times out on one host', () => {
  const at = (n: number) => span(ONSET, 120, n);
  const sigs = [
    signature({ template: 'upstream timed out (<*>: Connection timed out) while reading response header from upstream, client: <*>', example: NGINX_TIMEOUT, service: 'nginx', base: BASE, minutes: at(30) }),
    signature({ template: 'connect() to unix:<*> failed (<*>: Resource temporarily unavailable) while connecting to upstream', example: NGINX_FULL, service: 'nginx', base: BASE, minutes: at(30) }),
    signature({
      template: 'Tax quote unavailable, using cached rate {"<*>"}',
      example: 'Tax quote unavailable, using cached rate {"url":"https://api.taxrates.io/v1/quote","error":"cURL error 28: Operation timed out after 8000 milliseconds"}',
      service: 'storefront',
      level: 'warn',
      base: BASE,
      minutes: at(2),
    }),
  ];

  it('blame that host: the proxy and the pool only waited on it', () => {
    const { findings, verdict } = analyze(bundleOf({ signatures: sigs }));
    expect(conditions(findings, 'dependency').map((f) => f.service)).toEqual(['api.taxrates.io']);
    expect(verdict.best.category).toBe('dependency_failure');
    expect(verdict.best.service).toBe('api.taxrates.io');
  });

  it('but not a host the app merely refused to reach once: only a timeout says it waited there', () => {
    const refused = sigs.slice(0, 2).concat(signature({ template: 'audit ping failed {"<*>"}', example: 'audit ping failed {"url":"https://audit.acme-store.com/ping","error":"Connection refused"}', service: 'storefront', level: 'warn', base: BASE, minutes: at(2) }));
    const { findings } = analyze(bundleOf({ signatures: refused }));
    expect(conditions(findings, 'dependency').map((f) => f.service)).not.toContain('audit.acme-store.com');
  });
});
