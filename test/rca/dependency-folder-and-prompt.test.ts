// Two ranking rules about where a change's files are: a change to the unreachable dependency's own folder that went
// live just before is the answer, and a crash loop in one service does not make another service's release the guess.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/rca/analyzer.js';
import { rank } from '../../src/rca/rank.js';
import { change, condition, ctxFor } from './rank-findings.js';

describe('a change in the folder of the dependency its callers cannot reach', () => {
  const ctx = ctxFor('checkout', ['checkout', 'rates-svc', 'storefront']);
  const errors: Finding = {
    kind: 'new_errors',
    analyzer: 'new-signatures',
    service: 'checkout',
    templates: ['quote failed: dial tcp: lookup rates-svc.shop.svc.cluster.local: no such host'],
    summary: 'checkout: new error "quote failed: dial tcp: lookup rates-svc...: no such host"',
    confidence: 0.8,
    evidence: [],
    timeline: [],
  };
  const unreachable = condition({
    condition: 'dependency',
    category: 'dependency_failure',
    service: 'rates-svc',
    names: ['rates-svc.shop.svc.cluster.local'],
    connectivity: true,
    confidence: 0.7,
    summary: 'checkout cannot resolve rates-svc.shop.svc.cluster.local',
  });
  // Its words share nothing with the errors and its diff names no host: only its folder ties it to rates-svc.
  const own = (gap: number) =>
    change('aaaa1111bbbb2222', 'Rates: move the listener to the new settings block', gap, { relevance: 0.1, matched: [], paths: ['rates-svc/config/config.yaml'], configOnly: true });
  const other = change('cccc3333dddd4444', 'Storefront: lazy-load product images', 3, { relevance: 0.1, matched: [], paths: ['storefront/web/images.ts'] });

  it('names the config change to rates-svc 5 minutes before as a config error, and rules out a storefront change', () => {
    const v = rank([errors, unreachable, own(5), other], ctx);
    expect(v.best.suspect?.sha).toBe('aaaa1111bbbb2222');
    expect(v.best.category).toBe('config_error');
    expect(v.best.score).toBeGreaterThan(unreachable.confidence);
    expect(v.ruledOut.some((r) => r.what.startsWith('aaaa1111 '))).toBe(false);
    expect(v.ruledOut.find((r) => r.what.startsWith('cccc3333 '))?.reason).toContain('share nothing specific');
    expect(v.others.some((h) => h.suspect?.sha === 'cccc3333dddd4444')).toBe(false);
  });

  it('names a code change to the folder too, as a code regression, and one under a generic top folder (deploy/rates-svc/...)', () => {
    const code = own(12);
    expect(rank([errors, unreachable, { ...code, configOnly: false, paths: ['rates-svc/server/listen.go'] }], ctx).best).toMatchObject({ category: 'code_regression', suspect: { sha: 'aaaa1111bbbb2222' } });
    expect(rank([errors, unreachable, { ...code, paths: ['deploy/rates-svc/deployment.yaml'] }], ctx).best.suspect?.sha).toBe('aaaa1111bbbb2222');
  });

  it('does not take the same change on its folder alone when it went live 40 minutes before, nor another folder 5 minutes before', () => {
    // The rule's own positive case, so these negatives are not vacuous.
    expect(rank([errors, unreachable, own(5)], ctx).best.suspect?.sha).toBe('aaaa1111bbbb2222');
    const late = rank([errors, unreachable, own(40)], ctx);
    expect(late.best).toMatchObject({ category: 'dependency_failure', suspect: null, service: 'rates-svc' });
    expect(late.ruledOut.some((r) => r.what.startsWith('aaaa1111 '))).toBe(true);
    const elsewhere = rank([errors, unreachable, { ...own(5), paths: ['storefront/config/config.yaml'] }], ctx);
    expect(elsewhere.best).toMatchObject({ category: 'dependency_failure', suspect: null });
    expect(elsewhere.ruledOut.some((r) => r.what.startsWith('aaaa1111 '))).toBe(true);
  });
});

describe('the release-just-before guess when a service crash-loops', () => {
  const ctx = ctxFor('storefront', ['storefront', 'payments', 'checkout', 'search']);
  const errors: Finding = {
    kind: 'new_errors',
    analyzer: 'new-signatures',
    service: 'storefront',
    templates: ['checkout page failed: upstream payments returned 503'],
    summary: 'storefront: new error "checkout page failed: upstream payments returned 503"',
    confidence: 0.8,
    evidence: [],
    timeline: [],
  };
  const loop = condition({ condition: 'crash_loop', category: 'infrastructure', service: 'payments', confidence: 0.65, summary: 'payments had no available replicas at 14:00' });
  // Neither release shares words with the errors: only timing could name them.
  const searchRelease = change('eeee5555ffff6666', 'Search: tune the synonym list', 1, { relevance: 0.1, matched: [], paths: ['search/synonyms.txt'] });
  const paymentsRelease = change('1111aaaa2222bbbb', 'Payments: raise the worker heap', 2, { relevance: 0.1, matched: [], paths: ['payments/deploy/values.yaml'] });

  it("does not blame another service's release 2 minutes before: the crash loop is the answer", () => {
    const v = rank([errors, loop, change('eeee5555ffff6666', 'Search: tune the synonym list', 2, { relevance: 0.1, matched: [], paths: ['search/synonyms.txt'] })], ctx);
    expect(v.best).toMatchObject({ category: 'infrastructure', service: 'payments', suspect: null });
    expect(v.best.confidence).toBeCloseTo(0.65, 10);
    expect(v.others.some((h) => h.suspect?.sha === 'eeee5555ffff6666')).toBe(false);
  });

  it("blames the crash-looping service's own release over a later one of another service", () => {
    const v = rank([errors, loop, paymentsRelease, searchRelease], ctx);
    expect(v.best.suspect?.sha).toBe('1111aaaa2222bbbb');
    expect(v.best.score).toBeGreaterThan(loop.confidence);
  });

  it('takes a release whose ref names the service, or whose folder is unknown, over a later one of another service', () => {
    const byRef = { ...paymentsRelease, paths: ['charts/values.yaml'], change: { ...paymentsRelease.change, ref: 'payments-v3.2.0' } };
    expect(rank([errors, loop, byRef, searchRelease], ctx).best.suspect?.sha).toBe('1111aaaa2222bbbb');
    const mixed = { ...paymentsRelease, paths: ['search/index.go', 'checkout/cart.go'] };
    expect(rank([errors, loop, mixed, searchRelease], ctx).best.suspect?.sha).toBe('1111aaaa2222bbbb');
    // Without the ref the charts change is another folder's, and the crash loop stays the answer.
    expect(rank([errors, loop, { ...byRef, change: { ...byRef.change, ref: null } }, searchRelease], ctx).best).toMatchObject({ category: 'infrastructure', suspect: null });
  });

  it('still guesses the release of another service when the crash loop is weak (below 0.5)', () => {
    expect(rank([errors, { ...loop, confidence: 0.4 }, searchRelease], ctx).best.suspect?.sha).toBe('eeee5555ffff6666');
    // And with the crash loop at 0.65 it does not.
    expect(rank([errors, loop, searchRelease], ctx).best.suspect).toBeNull();
  });
});
