// Load one client put on a shared database: the database-load analyzer's capacity condition (a client whose slow
// statements are new at the onset while another's are old), and the ranking that names it over an unrelated release.
import { describe, expect, it } from 'vitest';
import type { ErrorSignature } from '../../src/core/evidence.js';
import type { Finding } from '../../src/rca/analyzer.js';
import type { ConditionFinding } from '../../src/rca/change-settings.js';
import { databaseLoad } from '../../src/rca/analyzers/database-load.js';
import { rank } from '../../src/rca/rank.js';
import type { RelatedSignature } from '../../src/rca/related-signatures.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import { handBundle, signature, span } from './helpers.js';
import { change, condition, ctxFor, MIN, ONSET } from './rank-findings.js';

const BASE = ONSET - 60 * MIN;
const ctx = ctxFor('checkout', ['checkout', 'storefront', 'report-builder', 'mysql']);

/** A client's slow-statement signature in mysql's log, one entry a minute over [a, b) minutes from the onset. */
function slow(user: string, a: number, b: number, over: Partial<RelatedSignature> = {}): RelatedSignature {
  const sig: ErrorSignature = {
    ...signature({ template: `${user}: slow query from <*>`, example: `${user}: slow query from 10.0.7.44\n# Query_time: 14.000000`, service: 'mysql', base: ONSET, minutes: span(a, b), level: 'warn' }),
    new: a >= 0,
  };
  const pre = Math.max(0, Math.min(b, 0) - a);
  const post = b - Math.max(a, 0);
  return { sig, service: 'mysql', pre, post, isNew: pre === 0, weight: 0.3, ...over };
}

function analyzed(related: RelatedSignature[], onset: number | null = ONSET): ConditionFinding[] {
  const bundle = handBundle('checkout: orders fail since 14:00 UTC', { from: BASE, to: ONSET + 30 * MIN }, { signatures: related.map((r) => r.sig) });
  return databaseLoad.analyze(bundle, { ...ctx, onset, related }) as ConditionFinding[];
}

describe('the database-load analyzer', () => {
  it('is registered among the analyzers the engine runs', () => {
    expect(ANALYZERS).toContain(databaseLoad);
  });

  it("names the one client whose slow statements are new at the onset, as load on the server whose log has them", () => {
    const [f, ...rest] = analyzed([slow('storefront', -60, 30), slow('report_builder', 1, 30)]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'condition', condition: 'capacity', category: 'capacity', service: 'report-builder', loads: 'mysql', analyzer: 'database-load', confidence: 0.55 });
    expect(f!.summary).toContain("report_builder's statements");
    expect(f!.summary).toContain('storefront only got slower');
    expect(f!.recommendation).toContain('report_builder');
    expect(f!.evidence[0]).toMatchObject({ call_id: 'sig', tool: 'logs__error_signatures' });
    expect(f!.evidence[0]!.quote).toContain('report_builder');
    expect(f!.timeline[0]?.time).toBe(new Date(ONSET + MIN).toISOString());
  });

  it('takes a client whose first slow statement ended up to 10 minutes after the onset, not 12', () => {
    expect(analyzed([slow('storefront', -60, 30), slow('report_builder', 8, 30)])).toMatchObject([{ service: 'report-builder', loads: 'mysql' }]);
    expect(analyzed([slow('storefront', -60, 30), slow('report_builder', 12, 30)])).toEqual([]);
  });

  it('names nobody when two clients are new, when none is, or without an onset', () => {
    expect(analyzed([slow('storefront', -60, 30), slow('report_builder', 1, 30), slow('etl_loader', 2, 30)])).toEqual([]);
    expect(analyzed([slow('storefront', -60, 30), slow('report_builder', -40, 30)])).toEqual([]);
    expect(analyzed([slow('storefront', -60, 30), slow('report_builder', 1, 30)], null)).toEqual([]);
  });

  it('counts only slow-statement signatures: a new error of another kind is no client', () => {
    const errors: RelatedSignature = { ...slow('x', 0, 30), sig: { ...slow('x', 0, 30).sig, template: 'order <*> failed: Lock wait timeout exceeded' }, service: 'checkout' };
    expect(analyzed([slow('storefront', -60, 30), errors])).toEqual([]);
    expect(analyzed([slow('storefront', -60, 30), slow('report_builder', 1, 30), errors])).toHaveLength(1);
  });
});

describe('ranking load on a saturated database against a release whose words match the errors', () => {
  const errors: Finding = {
    kind: 'new_errors',
    analyzer: 'new-signatures',
    service: 'checkout',
    templates: ['order <*> failed: Lock wait timeout exceeded; try restarting transaction'],
    summary: 'checkout: new error "order <*> failed: Lock wait timeout exceeded"',
    confidence: 0.8,
    evidence: [],
    timeline: [],
  };
  const base = change('aaaa1111bbbb2222', 'Checkout: write order lines in one transaction', 20, { relevance: 0.9, matched: ['order', 'transaction', 'lock'], paths: ['checkout/orders.go'] });
  const release = { ...base, change: { ...base.change, ref: 'checkout-v2.14.0' } };
  const saturated = (confidence: number, service = 'mysql') =>
    condition({ condition: 'saturation', category: 'resource_exhaustion', service, confidence, summary: `${service}: connections at max_connections`, leads: true });
  const [load] = analyzed([slow('storefront', -60, 30), slow('report_builder', 1, 30)]);

  it('names the release when the database is not saturated', () => {
    const v = rank([errors, release, load!], ctx);
    expect(v.best.suspect?.sha).toBe(release.change.sha);
    expect(v.ruledOut.map((r) => r.what)).not.toContain('aaaa1111 "Checkout: write order lines in one transaction" (checkout-v2.14.0)');
  });

  it('names the client that loads the saturated database, and rules the release out naming the load', () => {
    expect(rank([errors, release, saturated(0.7)], ctx).best.suspect?.sha).toBe(release.change.sha); // the release, saturation its mechanism
    const v = rank([errors, release, saturated(0.7), load!], ctx);
    expect(v.best).toMatchObject({ category: 'capacity', suspect: null, service: 'report-builder' });
    expect(v.others.every((h) => h.score < v.best.score)).toBe(true);
    expect(v.others.some((h) => h.suspect?.sha === release.change.sha)).toBe(false);
    const out = v.ruledOut.find((r) => r.what.startsWith('aaaa1111 '));
    expect(out?.reason).toContain('the load on mysql came from report-builder');
  });

  it('states no load as the answer without a saturated server, and keeps the client\'s own release out of the ruled out', () => {
    // Nothing else to blame: the client's slow statements alone are too weak to be the answer.
    expect(rank([errors, load!], ctx).best.category).toBe('unknown');
    // A report-builder commit with no release tag, under its folder: never "ruled out" for the load it brought.
    const own = change('cccc3333dddd4444', 'Include line items in the monthly report', 30, { paths: ['report-builder/report.sql'] });
    const v = rank([errors, release, own, saturated(0.7), load!], ctx);
    expect(v.best.service).toBe('report-builder');
    expect(v.ruledOut.find((r) => r.what.startsWith('cccc3333 '))?.reason ?? '').not.toContain('the load on mysql came from');
  });

  it('leaves the release best when the saturation is weak or on another service', () => {
    expect(rank([errors, release, saturated(0.3), load!], ctx).best.suspect?.sha).toBe(release.change.sha);
    expect(rank([errors, release, saturated(0.7, 'checkout'), load!], ctx).best.suspect?.sha).toBe(release.change.sha);
  });
});

describe('the database-load analyzer on PostgreSQL and mongod (the client as fields, the server unnamed)', () => {
  /** A slow statement as PostgreSQL's reader leaves it: its own words, no service, the client from the prefix. */
  function pgSlow(client: ErrorSignature['client'], sql: string, a: number, b: number): RelatedSignature {
    const sig: ErrorSignature = {
      ...signature({ template: `duration: <*> ms statement: ${sql}`, example: `duration: 84213.112 ms  statement: ${sql}`, service: 'postgresql', base: ONSET, minutes: span(a, b), level: 'warn' }),
      services: [],
      new: a >= 0,
      client,
    };
    const pre = Math.max(0, Math.min(b, 0) - a);
    return { sig, service: null, pre, post: b - Math.max(a, 0), isNew: pre === 0, weight: 0.3 };
  }

  it('names the application the new client called itself, else its user, never a tool', () => {
    const old = pgSlow({ user: 'shop', db: 'shop', app: 'checkout-api' }, 'SELECT * FROM orders WHERE customer_id = $1', -60, 30);
    expect(analyzed([old, pgSlow({ user: 'analytics', db: 'shop', app: 'revenue-rollup' }, 'SELECT sum(total) FROM orders GROUP BY 1', 2, 30)])).toMatchObject([
      { service: 'revenue-rollup', loads: 'shop', names: ['shop', 'shop'] },
    ]);
    expect(analyzed([old, pgSlow({ user: 'analytics', db: 'shop', app: 'psql' }, 'SELECT sum(total) FROM orders GROUP BY 1', 2, 30)])).toMatchObject([{ service: 'analytics' }]);
    expect(analyzed([old, pgSlow({ db: 'shop', app: '[unknown]' }, 'SELECT sum(total) FROM orders GROUP BY 1', 2, 30)])).toEqual([]);
  });

  it('is ranked first when the database server named like its database is saturated', () => {
    const [load] = analyzed([pgSlow({ user: 'analytics', db: 'shop', app: 'revenue-rollup' }, 'SELECT sum(total) FROM orders GROUP BY 1', 2, 30)]);
    const cpu = condition({ condition: 'saturation', category: 'resource_exhaustion', service: 'shop-pg', confidence: 0.5, summary: 'a resource limit was hit in shop-pg' });
    const bait = change('ccdd0011eeff2233', 'Show recent orders on the confirmation page', 18, { relevance: 0.7, paths: ['checkout/app/models/order.rb'] });
    const v = rank([load!, cpu, bait], ctx);
    expect(v.best.service).toBe('revenue-rollup');
    expect(v.best.suspect).toBeNull();
    // Another server saturated says nothing about this one's load.
    const other = condition({ condition: 'saturation', category: 'resource_exhaustion', service: 'search-es', confidence: 0.5, summary: 'a resource limit was hit in search-es' });
    expect(rank([load!, other, bait], ctx).best.service).not.toBe('revenue-rollup');
  });
});
