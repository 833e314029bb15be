// A client refusing a callee's responses as too large (grpc-java's 4 MiB default on a Ktor BFF): the callee's release
// before the first refusal made them grow, not the client's own later release whose words (category, page) match.
import { describe, expect, it } from 'vitest';
import type { ErrorSignature } from '../../src/core/evidence.js';
import { rank } from '../../src/rca/rank.js';
import type { RelatedSignature } from '../../src/rca/related-signatures.js';
import { signature, span } from './helpers.js';
import { change, ctxFor, ONSET } from './rank-findings.js';

const REFUSAL = [
  'listProducts(category=women-dresses, page=1) failed',
  'io.grpc.StatusException: RESOURCE_EXHAUSTED: gRPC message exceeds maximum size 4194304: 4554800',
  '\tat io.grpc.Status.asException(Status.java:554)',
  '\tat com.acme.bff.catalog.CatalogClient.listProducts(CatalogClient.kt:41)',
].join('\n');

/** Refusals from `first` minutes after the onset (negative: before it) to 20 minutes after. */
function sig(service: string, example: string, first: number): RelatedSignature {
  const s: ErrorSignature = { ...signature({ template: 'listProducts(category=<*>, page=<*>) failed', example, service, base: ONSET, minutes: span(first, 20) }), new: true };
  return { sig: s, service, pre: 0, post: 40, isNew: true, weight: 0.8 };
}

describe('a response refused as too large', () => {
  const services = ['storefront-bff', 'catalog-svc', 'reviews-svc'];
  const swatches = change('8a757477c66a', "catalog-svc: ListProducts carries each variant's swatch image inline", 31, {
    relevance: 0.1,
    matched: [],
    paths: ['catalog-svc/api/catalog/v1/catalog.proto', 'catalog-svc/internal/listing/variants.go'],
  });
  swatches.change.ref = 'catalog-svc/v3.9.0';
  const tiles = change('f4b34e9ac937', 'storefront-bff: category pages sorted by popularity; product tiles v2', 9, {
    relevance: 0.6,
    matched: ['category', 'page'],
    paths: ['storefront-bff/src/main/kotlin/com/acme/bff/routes/CategoryRoutes.kt'],
  });
  tiles.change.ref = 'storefront-bff/v7.4.0';

  it("names the callee's release before the first refusal, though the errors' words meet the client's release", () => {
    const ctx = { ...ctxFor('storefront-bff', services), related: [sig('storefront-bff', REFUSAL, -27)] };
    const v = rank([swatches, tiles], ctx);
    expect(v.best.suspect?.sha).toBe(swatches.change.sha);
    expect(v.best).toMatchObject({ service: 'catalog-svc', category: 'code_regression' });
    expect(v.best.summary).toContain('too large');
  });

  it('leaves the ranking alone for a refusal that names no callee, or one first seen before the callee released', () => {
    const unnamed = REFUSAL.replace('com.acme.bff.catalog.CatalogClient.listProducts(CatalogClient.kt:41)', 'com.acme.bff.routes.Listing.load(Listing.kt:41)');
    const none = { ...ctxFor('storefront-bff', services), related: [sig('storefront-bff', unnamed, -27)] };
    expect(rank([swatches, tiles], none).best.suspect?.sha).toBe(tiles.change.sha);
    const earlier = { ...ctxFor('storefront-bff', services), related: [sig('storefront-bff', REFUSAL, -40)] };
    expect(rank([swatches, tiles], earlier).best.suspect?.sha).toBe(tiles.change.sha);
  });
});
