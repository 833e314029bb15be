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
});
