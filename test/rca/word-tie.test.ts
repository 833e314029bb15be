// A change tied to the errors by one word alone, of another service, with nothing relating the two: not blamed on its
// words (word-tie.ts); near misses (two words apart, a call seen, the failing line naming it, its own service) still are.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/rca/analyzer.js';
import type { RelatedSignature } from '../../src/rca/related-signatures.js';
import { changeOwner, oneConcept, wordOnlyTie, type TieInputs } from '../../src/rca/word-tie.js';
import { folderService } from '../../src/rca/change-settings.js';
import { rank } from '../../src/rca/rank.js';
import { signature, span } from './helpers.js';
import { change, condition, ctxFor, ONSET } from './rank-findings.js';

const related = (service: string, template: string, example = template): RelatedSignature => ({
  sig: signature({ template, example, service, base: ONSET, minutes: span(0, 10, 30) }),
  service,
  pre: 0,
  post: 300,
  isNew: true,
  weight: 1,
});

// nginx in front of an ALB times out on every route; one of the routes is another team's `/api/orders/recent`.
const nginx = related(
  'web-edge',
  'upstream timed out (<*>: Connection timed out) while connecting to upstream, client: <*>, request: "GET <*> HTTP/1.1", upstream: "http://<*>"',
  'upstream timed out (110: Connection timed out) while connecting to upstream, client: 203.0.113.214, request: "GET /api/orders/recent HTTP/1.1", upstream: "http://10.0.41.23:80/api/orders/recent"',
);
// A webhook sender whose TLS handshake with the shop's edge fails.
const webhook = related('psp-webhooks', 'webhook delivery failed, will retry: Post "https:<*>": remote error: tls: internal error');

const base: TieInputs = { ref: 'orders-api/v5.0.2', paths: ['orders-api/src/routes/recent.js', 'orders-api/package.json'], matched: ['recent'], pathMatch: null, mentions: [], related: [nginx], calls: new Map() };

describe('a tie by one word to another service with no relation', () => {
  it('is found for a route word and for a word of the TLS vocabulary', () => {
    expect(wordOnlyTie(base)).toEqual({ owner: 'orders-api', failing: ['web-edge'], words: ['recent'] });
    expect(wordOnlyTie({ ...base, ref: 'storefront/v8.3.0', paths: ['storefront/middleware.ts'], matched: ['tls'], related: [webhook] })?.owner).toBe('storefront');
  });

  it('counts words that all sit in one route as one concept, and words apart in a line as two', () => {
    const line = signatureLine(nginx);
    expect(oneConcept(['orders', 'recent'], [line])).toBe(true);
    expect(oneConcept(['recent', 'connection'], [line])).toBe(false);
    expect(wordOnlyTie({ ...base, matched: ['orders', 'recent'] })?.owner).toBe('orders-api');
    // Near miss: two words in separate places of the error (the route and the failure itself) are more than a name.
    expect(wordOnlyTie({ ...base, matched: ['recent', 'timed'] })).toBeNull();
  });

  it('is not found when a call between the two is seen, either way', () => {
    expect(wordOnlyTie({ ...base, calls: new Map([['web-edge', new Set(['orders-api'])]]) })).toBeNull();
    expect(wordOnlyTie({ ...base, calls: new Map([['orders-api', new Set(['web-edge'])]]) })).toBeNull();
    // A call between other services relates nothing.
    expect(wordOnlyTie({ ...base, calls: new Map([['mobile-bff', new Set(['orders-api'])]]) })?.owner).toBe('orders-api');
  });

  it('is not found when a failing line names the changed service, or its changed lines name what the errors name', () => {
    const named = related('checkout', 'reserve failed: POST http://orders-api:8080/api/orders/recent: 503 Service Unavailable');
    expect(wordOnlyTie({ ...base, related: [named] })).toBeNull();
    expect(wordOnlyTie({ ...base, mentions: ['10.0.41.23'] })).toBeNull();
    expect(wordOnlyTie({ ...base, pathMatch: 'orders-api/src/routes/recent.js' })).toBeNull();
  });

  it("is not found for the failing service's own change, nor for a change no service owns", () => {
    expect(wordOnlyTie({ ...base, ref: 'web-edge/v2.14.0', paths: ['web-edge/nginx/conf.d/api.conf'] })).toBeNull();
    expect(wordOnlyTie({ ...base, ref: null, paths: ['web/nginx.conf', 'api/routes.js'] })).toBeNull();
    expect(changeOwner('services/orders-api/v5.0.2', [])).toBe('orders-api');
  });
});

describe('ranking a release tied by one word to another service', () => {
  const ctx = ctxFor('web-edge', ['web-edge', 'orders-api', 'mobile-bff']);
  const errors: Finding = { kind: 'new_errors', analyzer: 'new-signatures', service: 'web-edge', templates: [nginx.sig.template], summary: 'web-edge: new error', confidence: 0.8, evidence: [], timeline: [] };
  const localized = condition({ condition: 'anomaly', category: 'unknown', service: 'web-edge', confidence: 0.6, summary: 'web-edge: an application error' });
  const release = (over: Partial<Extract<Finding, { kind: 'change' }>>) =>
    change('56d338766a4f8578', 'orders-api: recent orders include the delivery slot', 8, { relevance: 0.5, matched: ['recent'], paths: base.paths, ...over });

  it('does not let it win over the evidence for the failing service, and says why it is ruled out', () => {
    const tie = wordOnlyTie(base)!;
    const v = rank([errors, localized, release({ wordOnly: tie })], ctx);
    expect(v.best.suspect).toBeNull();
    expect(v.best.service).toBe('web-edge');
    expect(v.ruledOut.find((r) => r.what.startsWith('56d33876 '))?.reason).toContain('only recent');
  });

  it('still blames it on its words when the tie is not word-only (a call seen, or two words)', () => {
    const v = rank([errors, localized, release({})], ctx);
    expect(v.best.suspect?.sha).toBe('56d338766a4f8578');
    expect(v.best.service).toBe('orders-api');
  });
});

describe('the service a top folder names', () => {
  it('is the one known workload that folder is the first part of, with its own streams', () => {
    expect(folderService('edge', new Set(['edge-caddy', 'edge-caddy-access', 'psp-webhooks']))).toBe('edge-caddy');
    expect(folderService('orders-api', new Set(['orders-api']))).toBe('orders-api');
    // Near miss: two unrelated workloads under one product folder, or none.
    expect(folderService('edge', new Set(['edge-caddy', 'edge-router']))).toBeNull();
    expect(folderService('edge', new Set(['ledge-api']))).toBeNull();
  });
});

function signatureLine(r: RelatedSignature): string {
  return `${r.sig.template}\n${r.sig.example}`;
}
