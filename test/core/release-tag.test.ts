// releasePrefix and releaseNames: the component prefix a release tag's name carries before its version, in each way
// monorepos write it (`auth-svc/v6.1.0`, `orders-svc-v2.14.0`, `storefront-web-3.9.0`, `@acme/cart@1.4.0`).
import { describe, expect, it } from 'vitest';
import { releaseNames, releasePrefix } from '../../src/core/release-tag.js';

describe('releasePrefix', () => {
  it.each<[string, string, 'path' | 'name', string]>([
    ['auth-svc/v6.1.0', 'auth-svc', 'path', 'auth-svc'],
    ['services/auth/v2', 'services/auth', 'path', 'services/auth'],
    ['release/2026-01', 'release', 'path', 'release'],
    ['orders-svc-v2.14.0', 'orders-svc', 'name', 'orders-svc'],
    ['orders-svc-v2.14.0-rc.1', 'orders-svc', 'name', 'orders-svc'],
    ['storefront-web-3.9.0', 'storefront-web', 'name', 'storefront-web'],
    ['platform-2026.03.17', 'platform', 'name', 'platform'],
    ['svc-1.0.0-1', 'svc', 'name', 'svc'],
    ['svc-1.0.0+b7', 'svc', 'name', 'svc'],
    // A pre-release holds no `-`: the version is the last part, not `v2-gateway-1.4.0`.
    ['api-v2-gateway-1.4.0', 'api-v2-gateway', 'name', 'api-v2-gateway'],
    ['app-1.2.0', 'app', 'name', 'app'],
    ['release-2026-01', 'release', 'name', 'release'],
    ['@acme/cart@1.4.0', '@acme/cart', 'name', 'cart'],
    ['cart@1.4.0', 'cart', 'name', 'cart'],
    ['cart@v1.4.0', 'cart', 'name', 'cart'],
  ])('%s -> %s (%s, folder %s)', (tag, prefix, shape, folder) => {
    expect(releasePrefix(tag)).toEqual({ prefix, shape, folder });
  });

  it.each(['v1.2.3', '1.2.3', '/v1', '2026-01-05', 'v1.2.3-rc-1', 'latest', 'orders-svc', 'hotfix-next', '@1.0.0'])('%s has none', (tag) => {
    expect(releasePrefix(tag)).toBeNull();
  });
});

describe('releaseNames', () => {
  it('is true when the prefix, or its last path segment, is the service', () => {
    expect(releaseNames('orders-svc-v2.14.0', 'orders-svc')).toBe(true);
    expect(releaseNames('auth-svc/v6.1.0', 'auth-svc')).toBe(true);
    expect(releaseNames('services/auth/v2', 'auth')).toBe(true);
    expect(releaseNames('@acme/cart@1.4.0', 'cart')).toBe(true);
    expect(releaseNames('Checkout-v2.14.0', 'checkout')).toBe(true);
  });

  it('is false for a service the name only contains, and for a tag with no prefix', () => {
    // `orders` is in `orders-svc-v2.14.0` but no release of it.
    expect(releaseNames('orders-svc-v2.14.0', 'orders')).toBe(false);
    expect(releaseNames('storefront-web-3.9.0', 'orders-svc')).toBe(false);
    expect(releaseNames('v1.2.3', 'v1')).toBe(false);
  });
});
