// A client refusing a callee's responses as too large (grpc-java's 4 MiB default on a Ktor BFF): the callee's release
// before the first refusal made them grow, not the client's own later release whose words (category, page) match.
import { describe, expect, it } from 'vitest';
import type { ErrorSignature } from '../../src/core/evidence.js';
import { rank } from '../../src/rca/rank.js';
import type { RelatedSignature } from '../../src/rca/related-signatures.js';
import { MESSAGE_TOO_LARGE } from '../../src/rca/response-size-rank.js';
import { signature, span } from './helpers.js';
import { change, ctxFor, ONSET } from './rank-findings.js';

const REFUSAL = [
  'listProducts(category=women-dresses, page=1) failed',
  'io.grpc.StatusException: RESOURCE_EXHAUSTED: gRPC message exceeds maximum size 4194304: 4554800',
  '\tat io.grpc.Status.asException(Status.java:554)',
  '\tat com.acme.bff.catalog.CatalogClient.listProducts(CatalogClient.kt:41)',
].join('\n');
/** The same refusal logged without its trace (`log.error("... failed: {}", e.toString())`): only the logger names the callee. */
const TRACELESS = 'listProducts(category=women-dresses, page=1) failed: io.grpc.StatusException: RESOURCE_EXHAUSTED: gRPC message exceeds maximum size 4194304: 4554800';

/** Refusals from `first` minutes after the onset (negative: before it) to 20 minutes after. */
function sig(service: string, example: string, first: number, logger?: string): RelatedSignature {
  const s: ErrorSignature = { ...signature({ template: 'listProducts(category=<*>, page=<*>) failed', example, service, base: ONSET, minutes: span(first, 20) }), new: true, ...(logger ? { logger } : {}) };
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
  const reviews = change('c0ffee123456', 'reviews-svc: star histogram on product pages', 50, { relevance: 0.1, matched: [], paths: ['reviews-svc/internal/stars.go'] });
  reviews.change.ref = 'reviews-svc/v2.1.0';

  it("names the callee's release before the first refusal, though the errors' words meet the client's release", () => {
    const ctx = { ...ctxFor('storefront-bff', services), related: [sig('storefront-bff', REFUSAL, -27)] };
    const v = rank([swatches, tiles], ctx);
    expect(v.best.suspect?.sha).toBe(swatches.change.sha);
    expect(v.best).toMatchObject({ service: 'catalog-svc', category: 'code_regression' });
    expect(v.best.summary).toContain('too large');
    // The client's release came 18 minutes after the refusals began: that, not its words, is why it is ruled out.
    expect(v.ruledOut.find((r) => r.what.startsWith('f4b34e9a'))?.reason).toContain("went live 18 minutes after storefront-bff's refusals of catalog-svc's responses began");
  });

  it('ranks the client release that went live after the first refusal below, however closely its words match', () => {
    const close = { ...tiles, relevance: 1, confidence: 0.98, matched: ['category', 'page', 'products', 'list'] };
    const ctx = { ...ctxFor('storefront-bff', services), related: [sig('storefront-bff', REFUSAL, -27)] };
    const v = rank([swatches, close], ctx);
    expect(v.best.suspect?.sha).toBe(swatches.change.sha);
    expect(v.others.find((h) => h.suspect?.sha === tiles.change.sha)?.score ?? 0).toBeLessThan(v.best.score);
  });

  it('reads the callee from the logger a refusal logged without its trace was written by', () => {
    const ctx = { ...ctxFor('storefront-bff', services), related: [sig('storefront-bff', TRACELESS, -27, 'c.a.bff.catalog.CatalogClient')] };
    expect(rank([swatches, tiles], ctx).best.suspect?.sha).toBe(swatches.change.sha);
    const routes = { ...ctxFor('storefront-bff', services), related: [sig('storefront-bff', TRACELESS, -27, 'c.a.bff.routes.CategoryRoutes')] };
    expect(rank([swatches, tiles], routes).best.suspect?.sha).toBe(tiles.change.sha);
  });

  it("reads a callee its metrics name differently (catalog) as the one its release tag names (catalog-svc)", () => {
    const ctx = { ...ctxFor('storefront-bff', [...services, 'catalog']), related: [sig('storefront-bff', REFUSAL, -27)] };
    expect(rank([swatches, tiles], ctx).best).toMatchObject({ service: 'catalog-svc', suspect: { sha: swatches.change.sha } });
  });

  it('leaves the ranking alone for a refusal that names no callee, or one first seen before the callee released', () => {
    const unnamed = REFUSAL.replace('com.acme.bff.catalog.CatalogClient.listProducts(CatalogClient.kt:41)', 'com.acme.bff.routes.Listing.load(Listing.kt:41)');
    const none = { ...ctxFor('storefront-bff', services), related: [sig('storefront-bff', unnamed, -27)] };
    expect(rank([swatches, tiles], none).best.suspect?.sha).toBe(tiles.change.sha);
    const earlier = { ...ctxFor('storefront-bff', services), related: [sig('storefront-bff', REFUSAL, -40)] };
    expect(rank([swatches, tiles], earlier).best.suspect?.sha).toBe(tiles.change.sha);
  });

  it('leaves it alone when the named callee had no change, though another service did', () => {
    const ctx = { ...ctxFor('storefront-bff', services), related: [sig('storefront-bff', REFUSAL, -27)] };
    const v = rank([reviews, tiles], ctx);
    expect(v.best.suspect?.sha).toBe(tiles.change.sha);
    expect(v.best.summary).not.toContain('too large');
  });

  it("leaves it alone when the caller's own message was too large to send", () => {
    const sent = REFUSAL.replace('RESOURCE_EXHAUSTED: gRPC message exceeds maximum size 4194304: 4554800', 'RESOURCE_EXHAUSTED: grpc: trying to send message larger than max (4554800 vs. 4194304)');
    const ctx = { ...ctxFor('storefront-bff', services), related: [sig('storefront-bff', sent, -27)] };
    expect(rank([swatches, tiles], ctx).best.suspect?.sha).toBe(tiles.change.sha);
  });
});

describe('the words of a message refused by its reader for its size', () => {
  it("matches each RPC library's inbound refusal", () => {
    for (const line of [
      'io.grpc.StatusRuntimeException: RESOURCE_EXHAUSTED: gRPC message exceeds maximum size 4194304: 5154000',
      'rpc error: code = ResourceExhausted desc = grpc: received message larger than max (5154000 vs. 4194304)',
      'Error: 8 RESOURCE_EXHAUSTED: Received message larger than max (5154000 vs 4194304)',
      "Status(StatusCode=\"ResourceExhausted\", Detail=\"Received message exceeds the maximum configured message size.\")",
      'org.apache.thrift.transport.TTransportException: Frame size (16777217) larger than max length (16384000)!',
      'org.springframework.core.io.buffer.DataBufferLimitException: Exceeded limit on max bytes to buffer : 262144',
    ])
      expect(line).toMatch(MESSAGE_TOO_LARGE);
  });

  it("does not match a sender's own refusal or a request body refused upstream", () => {
    for (const line of [
      'rpc error: code = ResourceExhausted desc = grpc: trying to send message larger than max (5154000 vs. 4194304)',
      'POST /v1/uploads -> 413 Request Entity Too Large',
      'client intended to send too large body: 3185395 bytes',
      'rpc error: code = ResourceExhausted desc = quota exceeded for quota metric Read requests',
    ])
      expect(line).not.toMatch(MESSAGE_TOO_LARGE);
  });
});
