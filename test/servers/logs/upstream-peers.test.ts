// The upstream addresses proxies and clients connect to, read from nginx's error and access lines and a Go client's JSON:
// connect failures against answered connects per minute; lines naming a host name or no upstream are no address.
import { describe, expect, it } from 'vitest';
import { upstreamContacts, UpstreamPeerLog } from '../../../servers/logs/upstream-peers.js';
import type { FlowsOut } from '../../../servers/logs/flows.js';
import { connect, tempDir } from './helpers.js';

const TIMED_OUT =
  '*414531 upstream timed out (110: Connection timed out) while connecting to upstream, client: 203.0.113.214, server: www.shop.example.com, request: "GET /api/orders/recent HTTP/1.1", upstream: "http://10.0.41.23:80/api/orders/recent", host: "www.shop.example.com"';
const REFUSED = '*88 connect() failed (111: Connection refused) while connecting to upstream, client: 10.1.0.4, server: _, request: "GET /v1/cart HTTP/1.1", upstream: "http://10.20.3.17:8080/v1/cart", host: "edge"';
const BUFFERED =
  '*199928 an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/3/23/0000050546 while reading upstream, client: 203.0.113.80, server: www.shop.example.com, request: "GET /api/products/search HTTP/1.1", upstream: "http://10.0.41.23:80/api/products/search", host: "shop.example.com"';
const ACCESS_OK = '203.0.113.213 - - [31/Dec/2026:09:32:00 +0000] "GET /api/products/search?q=boots HTTP/1.1" 200 6527 "-" "Mozilla/5.0" rt=0.077 uct="0.001" urt="0.076" upstream="10.0.42.187:80"';
const ACCESS_504 = '203.0.113.9 - - [31/Dec/2026:11:21:00 +0000] "GET /api/cart HTTP/1.1" 504 167 "-" "Mozilla/5.0" rt=10.002 uct="-" urt="5.001, 5.001" upstream="10.0.41.23:80, 10.0.42.187:80"';

describe('upstreamContacts', () => {
  it("reads nginx's connect failures and answered connects, access lines and a client's JSON field", () => {
    expect(upstreamContacts(TIMED_OUT)).toEqual([{ address: '10.0.41.23:80', ok: false }]);
    expect(upstreamContacts(REFUSED)).toEqual([{ address: '10.20.3.17:8080', ok: false }]);
    expect(upstreamContacts(BUFFERED)).toEqual([{ address: '10.0.41.23:80', ok: true }]);
    expect(upstreamContacts(ACCESS_OK)).toEqual([{ address: '10.0.42.187:80', ok: true }]);
    // nginx tried both peers and got nothing: each attempt failed.
    expect(upstreamContacts(ACCESS_504)).toEqual([
      { address: '10.0.41.23:80', ok: false },
      { address: '10.0.42.187:80', ok: false },
    ]);
    // The first peer failed, the next one answered.
    expect(upstreamContacts(ACCESS_504.replace('" 504 ', '" 200 '))).toEqual([
      { address: '10.0.41.23:80', ok: false },
      { address: '10.0.42.187:80', ok: true },
    ]);
    expect(upstreamContacts('upstream call', { msg: 'upstream call', status: 200, upstream: '10.0.41.96:80' })).toEqual([{ address: '10.0.41.96:80', ok: true }]);
  });

  it('near miss: a host name, no upstream, or a served static file name no address', () => {
    expect(upstreamContacts(TIMED_OUT.replace('10.0.41.23:80', 'orders-api.shop.svc:80'))).toBeNull();
    expect(upstreamContacts('203.0.113.104 - - [31/Dec/2026:09:32:00 +0000] "GET / HTTP/1.1" 200 63479 "-" "Mozilla/5.0" rt=0.000 uct="0.001" urt="-" upstream="-"')).toBeNull();
    expect(upstreamContacts('*146760 open() "/usr/share/nginx/html/xmlrpc.php" failed (2: No such file or directory), client: 45.60.134.209, server: www.shop.example.com')).toBeNull();
    expect(upstreamContacts('upstream call', { msg: 'upstream call', status: 200, upstream: 'api.internal:80' })).toBeNull();
  });

  it('counts per service, address and minute', () => {
    const log = new UpstreamPeerLog();
    log.add(60_000, { service: 'web-edge', message: TIMED_OUT });
    log.add(61_000, { service: 'web-edge', message: TIMED_OUT });
    log.add(1_000, { service: 'web-edge', message: BUFFERED });
    log.add(2_000, { service: 'bff', message: 'upstream call', fields: { status: 200, upstream: '10.0.41.96:80' } });
    expect(log.result([0, 60_000])).toEqual([
      { service: 'bff', address: '10.0.41.96:80', ok: [1, 0], failed: [0, 0] },
      { service: 'web-edge', address: '10.0.41.23:80', ok: [1, 0], failed: [0, 2] },
    ]);
  });
});

describe('request_flows', () => {
  it("reports nginx's and a client's peers through a real SDK client", async () => {
    const dir = tempDir({
      'web-edge-error.log': `2026/12/31 09:35:07 [warn] 27#27: ${BUFFERED}\n2026/12/31 11:20:05 [error] 27#27: ${TIMED_OUT}\n`,
      'mobile-bff.log':
        '{"level":"info","ts":1798709520.007,"caller":"proxy/api.go:71","msg":"upstream call","path":"/api/orders/recent","status":200,"ms":41,"upstream":"10.0.41.23:80"}\n' +
        '{"level":"info","ts":1798716060.5,"caller":"proxy/api.go:71","msg":"upstream call","path":"/api/cart","status":200,"ms":43,"upstream":"10.0.41.96:80"}\n',
    });
    const { call } = await connect({ sources: [dir], at: Date.parse('2026-12-31T11:42:00Z') });
    const r = await call('request_flows', { since: '2026-12-31T09:30:00Z', until: '2026-12-31T11:42:00Z' });
    expect(r.isError).toBe(false);
    const out = r.json<FlowsOut>();
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const peers = (out.peers ?? []).map((p) => ({ service: p.service, address: p.address, ok: sum(p.ok), failed: sum(p.failed) }));
    expect(peers).toEqual([
      { service: 'mobile-bff', address: '10.0.41.23:80', ok: 1, failed: 0 },
      { service: 'mobile-bff', address: '10.0.41.96:80', ok: 1, failed: 0 },
      { service: 'web-edge', address: '10.0.41.23:80', ok: 1, failed: 1 },
    ]);
  });
});
