// Names an error mentions that are no other system: a unix socket's path (nginx's `fastcgi://unix:/run/php/...sock`)
// and one of the failing service's own pods.
import { describe, expect, it } from 'vitest';
import { mentionedEntities } from '../../src/rca/entities.js';

describe('mentioned entities that name no remote system', () => {
  it('a unix socket yields no host named unix, in a URL or after a cue word', () => {
    const nginx =
      'connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream, client: 203.0.113.7, server: shop, request: "GET /cart HTTP/1.1", upstream: "fastcgi://unix:/run/php/php8.2-fpm.sock:", host: "shop.example.com"';
    expect(mentionedEntities(nginx, [], ['nginx']).map((m) => m.name)).not.toContain('unix');
    expect(mentionedEntities('upstream unix:/var/run/app.sock refused; proxy to http://unix:/tmp/api.sock:/v1', [], [])).toEqual([]);
    // A TCP upstream still names its host.
    expect(mentionedEntities('upstream: "fastcgi://php-fpm:9000", upstream rates-api timed out', [], []).map((m) => m.name)).toEqual(['php-fpm', 'rates-api']);
  });

  it("one of the service's own pods is the service", () => {
    const text = 'Readiness probe failed for pod basket-api-6f7d9c8b4-x2k4p: connection refused; upstream cart-api-5d8f7b9c6-q2w3e timed out';
    const known = ['basket-api-6f7d9c8b4-x2k4p', 'cart-api-5d8f7b9c6-q2w3e'];
    expect(mentionedEntities(text, known, ['basket-api']).map((m) => m.name)).toEqual(['cart-api-5d8f7b9c6-q2w3e']);
  });

  it("a Node stack frame's runtime module (node:net, line and column) is code, not a dependency", () => {
    const stack =
      'Error: connect ECONNREFUSED ::1:5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)\n    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)';
    expect(mentionedEntities(stack, [], ['invoice-api'])).toEqual([]);
    // A bare name:port is still a host, and so is one after a cue word.
    expect(mentionedEntities('connect ECONNREFUSED pgbouncer:6432 (node:net:1555:16)', [], []).map((m) => m.name)).toEqual(['pgbouncer']);
  });

  it("a logger's caller path or a Java package is code, not a host", () => {
    // zerolog/grpc-go print the caller as module@version/file.go:line; a real host after it is still found.
    const grpc =
      'WARN google.golang.org/grpc@v1.44.0/clientconn.go:1331 > [core] grpc: addrConn.createTransport failed to connect to {10.244.2.74:8084}. Err: connection error: desc = "transport: Error while dialing dial tcp geo.hotel.svc.cluster.local:8083: i/o timeout"';
    expect(mentionedEntities(grpc, [], ['search']).map((m) => m.name)).toEqual(['geo.hotel.svc.cluster.local']);
    expect(mentionedEntities('github.com/acme/shop/internal/cart/store.go:88 > cart load failed', [], [])).toEqual([]);
    expect(mentionedEntities('io.grpc.internal.ManagedChannelImpl failed; see io.grpc.internal', [], [])).toEqual([]);
    // A host followed by a path that is no source location stays a host.
    expect(mentionedEntities('GET payments.internal/v1/charge failed', [], []).map((m) => m.name)).toEqual(['payments.internal']);
  });
});
