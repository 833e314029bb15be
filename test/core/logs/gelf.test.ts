// Docker's GELF driver records: the container (name, tag or image) names the service, not the file they were
// gathered in, and the container's own line gives the message and, where it states one, the level.
import { describe, expect, it } from 'vitest';
import { detectFormat, parserFor } from '../../../src/core/logs/formats.js';
import { containerService } from '../../../src/core/logs/gelf.js';

const REF = Date.parse('2026-12-05T12:00:00Z');
const gelf = (short: string, level: number, extra: Record<string, unknown>) =>
  JSON.stringify({ version: '1.1', host: 'ip-10-2-3-19', short_message: short, timestamp: 1796468420.645, level, _container_id: 'e73fb746ae1808c0755d2f7fff86eed0c888359567bf37c62e988840f5ddafff', _tag: 'e73fb746ae18', ...extra });

const LINES = [
  // A Go service's `log` on stderr (level 3), a zap JSON line on stdout, Python's default format on stderr, uvicorn.
  gelf('2026/12/05 11:00:20 auth: rejecting GET /v1/orders: token has invalid claims: token is not valid yet', 3, { _container_name: '/orders-api', _image_name: 'registry.example.com/orders-api:5.4.1' }),
  gelf('{"level":"info","ts":1796468420.7,"caller":"main.go:88","msg":"issued access token for user:96834 (ttl 600s)"}', 6, { _container_name: 'auth-svc-7c5d9b8f6-rv3hz' }),
  gelf('INFO:profile.auth:token accepted for user:42551', 3, { _container_name: 'shop_profile-api_1' }),
  gelf('WARNING:root:slow upstream', 3, { _container_name: 'e73fb746ae18', _image_name: 'registry.example.com/shop/push-notifier:latest' }),
];

describe('GELF records from Docker', () => {
  it("name the container's service, with the line's own message and stated level", () => {
    const parse = parserFor(detectFormat(LINES, REF), REF, '/var/log/gelf.log');
    const heads = LINES.map((l) => parse(l)!);
    expect(heads.map((h) => h.service)).toEqual(['orders-api', 'auth-svc', 'profile-api', 'push-notifier']);
    // Go's log states no level: its words and stream say error; the JSON and Python lines say info and warning.
    expect(heads.map((h) => h.level)).toEqual(['error', 'info', 'info', 'warn']);
    expect(heads[0]!.time).toBe(1796468420645);
    expect(heads[1]!.message).toBe('issued access token for user:96834 (ttl 600s)');
    expect(heads[0]!.message).toMatch(/token is not valid yet$/);
  });

  it('reads container names as Docker, Compose and Kubernetes write them', () => {
    expect(containerService('/checkout')).toBe('checkout');
    expect(containerService('shop-orders-api-1')).toBe('shop-orders-api');
    expect(containerService('shop_orders-api_2')).toBe('orders-api');
    expect(containerService('k8s_server_checkout-7d9f8b6c5-x2x9q_shop_0b1c2d3e_0')).toBe('checkout');
    expect(containerService('c8a3e88437ac')).toBeNull();
    expect(containerService('$(rm -rf /)')).toBeNull();
  });
});
