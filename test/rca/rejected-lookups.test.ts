// A caller's route newly answering "not found" for a key only one other service's route serves, while that service
// keeps answering its lookups, names that service; a key of its own, an ambiguous key or an owner that refuses too do not.
import { describe, expect, it } from 'vitest';
import type { SeriesSamples } from '../../src/core/evidence.js';
import { rejectedLookups, routeKeys } from '../../src/rca/localize/rejected-lookups.js';
import { rankServices } from '../../src/rca/localize/rank-services.js';
import { handBundle } from './helpers.js';
import { BASE, END, MIN, ONSET, counterPoints, failing, steady } from './span-calls.js';

/** prom-client's (express-prom-bundle) request counter: `perMin(m)` requests in minute m, from minute `born` on. */
function requests(service: string, method: string, route: string, status: string, perMin: (m: number) => number, born = 0): SeriesSamples {
  const labels = { method, route, status_code: status, namespace: 'robot-shop', pod: `${service}-7d9f8c6b5-x2k4q`, service };
  return { metric: 'http_request_duration_seconds_count', labels, points: counterPoints(perMin, born) };
}

/** The cart adds an item after asking the catalogue for it; the catalogue's product lookups keep answering 200. */
function shop(opts: { catalogueRefuses?: boolean; secondOwner?: boolean; cartRoute?: string } = {}): SeriesSamples[] {
  const route = opts.cartRoute ?? '/add/:id/:sku/:qty';
  return [
    requests('cart', 'GET', route, '200', steady(30)),
    requests('cart', 'GET', route, '404', failing(12), 20),
    requests('cart', 'GET', '/cart/:id', '200', steady(30)),
    requests('catalogue', 'GET', '/product/:sku', '200', steady(40)),
    requests('catalogue', 'GET', '/products', '200', steady(40)),
    ...(opts.catalogueRefuses ? [requests('catalogue', 'GET', '/product/:sku', '404', failing(12), 20)] : []),
    ...(opts.secondOwner ? [requests('ratings', 'GET', '/api/fetch/:sku', '200', steady(20))] : []),
    requests('user', 'GET', '/check/:id', '200', steady(20)),
  ];
}

describe('lookups whose answers the caller rejects', () => {
  it('reads the keys of Express, Spring and Flask route templates, leaving the resource\'s own `id` out', () => {
    expect(routeKeys('/add/:id/:sku/:qty')).toEqual(['sku', 'qty']);
    expect(routeKeys('/product/{productId}')).toEqual(['productid']);
    expect(routeKeys('/api/items/<int:item_id>/stock')).toEqual(['itemid']);
    expect(routeKeys('/health')).toEqual([]);
  });

  it('names the service that serves the rejected key when it keeps answering its lookups, and it ranks first', () => {
    const b = handBundle('adding to cart fails', { from: BASE, to: END }, { counters: shop() });
    const set = rejectedLookups(b, ONSET);
    expect(set.signals.map((s) => [s.service, s.kind])).toEqual([['catalogue', 'relayed_errors']]);
    expect(set.signals[0]!.what).toContain('cart turns down the sku that only catalogue serves (/product/:sku)');
    expect(rankServices(set)[0]!.service).toBe('catalogue');
  });

  it('near miss: the caller\'s not-found is about its own resource (/cart/:id): no one else is named', () => {
    const b = handBundle('carts not found', { from: BASE, to: END }, { counters: shop({ cartRoute: '/cart/:id/items' }) });
    expect(rejectedLookups(b, ONSET).signals).toEqual([]);
  });

  it('near miss: the owner answers not-found too (clients ask for what does not exist): it is not its wrong answer', () => {
    const b = handBundle('adding to cart fails', { from: BASE, to: END }, { counters: shop({ catalogueRefuses: true }) });
    expect(rejectedLookups(b, ONSET).signals).toEqual([]);
  });

  it('near miss: the caller fails on its own (500s, its own exception) while the catalogue answers: no callee is named', () => {
    const counters = shop().map((s) => (s.labels.status_code === '404' ? requests('cart', 'GET', '/add/:id/:sku/:qty', '500', failing(12), 20) : s));
    const b = handBundle('adding to cart fails', { from: BASE, to: END }, { counters });
    expect(rejectedLookups(b, ONSET).signals).toEqual([]);
  });

  it('near miss: the caller\'s own entities went missing (its store evicted carts): every route about them answers not-found, the keyed one no more', () => {
    const counters = [
      ...shop().filter((s) => s.labels.status_code !== '404'),
      requests('cart', 'GET', '/update/:id/:sku/:qty', '404', failing(5), 20),
      requests('cart', 'GET', '/cart/:id', '404', failing(15), 20),
      requests('cart', 'POST', '/shipping/:id', '404', failing(10), 20),
    ];
    const b = handBundle('carts lost', { from: BASE, to: END }, { counters });
    expect(rejectedLookups(b, ONSET).signals).toEqual([]);
  });

  it('near miss: two other services serve the key: the rejection points at neither', () => {
    const b = handBundle('adding to cart fails', { from: BASE, to: END }, { counters: shop({ secondOwner: true }) });
    expect(rejectedLookups(b, ONSET).signals).toEqual([]);
  });

  it('near miss: the rejections were there before the onset at the same rate: nothing rose', () => {
    const counters = shop().map((s) => (s.labels.status_code === '404' ? requests('cart', 'GET', '/add/:id/:sku/:qty', '404', steady(12)) : s));
    const b = handBundle('adding to cart fails', { from: BASE, to: END }, { counters });
    expect(rejectedLookups(b, ONSET).signals).toEqual([]);
  });
});
