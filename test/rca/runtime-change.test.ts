// A flag switched or configuration reloaded, as a service logged it just before its errors began: the runtime-change
// analyzer's finding, and the ranking that names it over a release live long before, never a pod started or a late one.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/rca/analyzer.js';
import type { EvidenceBundle, RequestFlows } from '../../src/rca/bundle.js';
import { runtimeChange } from '../../src/rca/analyzers/runtime-change.js';
import { rank } from '../../src/rca/rank.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import { handBundle, withFlows } from './helpers.js';
import { change, ctxFor, MIN, ONSET } from './rank-findings.js';

type Announced = NonNullable<RequestFlows['announcements']>[number];
type RuntimeFinding = Extract<Finding, { kind: 'runtime_change' }>;

const FLAG = "feature flag 'bundle-discounts' changed: false -> true (flagd revision 4812)";
const ctx = ctxFor('pricing', ['pricing', 'recommendation', 'checkout']);
const announced = (gap: number, over: Partial<Announced> = {}): Announced => ({ time: ONSET - gap * MIN, service: 'pricing', kind: 'flag', text: FLAG, ...over });

/** The bundle with request_flows' answer carrying these announcements (and no traced requests). */
function withAnnouncements(announcements: Announced[]): EvidenceBundle {
  const b = handBundle('pricing: quotes fail since 14:00 UTC', { from: ONSET - 60 * MIN, to: ONSET + 30 * MIN }, {});
  withFlows(b, { announcements });
  return b;
}

const analyzed = (...a: Announced[]) => runtimeChange.analyze(withAnnouncements(a), ctx) as RuntimeFinding[];

describe('the runtime-change analyzer', () => {
  it('is registered among the analyzers the engine runs', () => {
    expect(ANALYZERS).toContain(runtimeChange);
  });

  it('finds a flag switched a minute before the onset, at full strength, quoting the line it logged', () => {
    const [f, ...rest] = analyzed(announced(1));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'runtime_change', service: 'pricing', change: 'flag', text: FLAG, time: new Date(ONSET - MIN).toISOString(), confidence: 0.65 });
    expect(f!.summary).toContain(FLAG);
    expect(f!.evidence).toHaveLength(1);
    expect(f!.evidence[0]).toMatchObject({ call_id: 'flows', tool: 'logs__request_flows' });
    expect(f!.evidence[0]!.quote).toContain('bundle-discounts');
    expect(f!.timeline[0]?.time).toBe(f!.time);
  });

  it('fades with the minutes before the onset and finds nothing half an hour before, or without an onset', () => {
    const [near] = analyzed(announced(1));
    const [five] = analyzed(announced(5, { kind: 'config', text: 'configuration reloaded with 3 changes' }));
    expect(five).toMatchObject({ change: 'config' });
    expect(five!.confidence).toBeLessThan(near!.confidence);
    expect(five!.confidence).toBeGreaterThan(0.2);
    expect(analyzed(announced(30))).toEqual([]);
    expect(runtimeChange.analyze(withAnnouncements([announced(1)]), { ...ctx, onset: null })).toEqual([]);
  });

  it('never reports a pod created or a container started, however close to the onset', () => {
    expect(analyzed(announced(1, { kind: 'lifecycle', text: 'Created pod: pricing-7d9f8c6b5-x2x4q' }), announced(0, { kind: 'lifecycle', text: 'Started container pricing' }))).toEqual([]);
  });
});

describe('ranking a runtime change against an older release', () => {
  const errors: Finding = { kind: 'new_errors', analyzer: 'new-signatures', service: 'pricing', templates: ['quote failed for cart <*>'], summary: 'pricing: new error "quote failed for cart <*>"', confidence: 0.8, evidence: [], timeline: [] };
  // Live 25 minutes before the onset, its words those of the errors: without the flag it is the answer.
  const release = change('aaaa1111bbbb2222', 'Pricing: quote bundle discounts per cart', 25, { relevance: 0.9, matched: ['quote', 'cart', 'discounts'], paths: ['pricing/api.py'] });
  const runtime = (gap: number, over: Partial<RuntimeFinding> = {}): RuntimeFinding => ({
    kind: 'runtime_change',
    analyzer: 'runtime-change',
    service: 'pricing',
    time: new Date(ONSET - gap * MIN).toISOString(),
    change: 'flag',
    text: FLAG,
    summary: `pricing logged a feature flag change ${gap} minutes before the first errors: "${FLAG}"`,
    confidence: 0.65,
    evidence: [],
    timeline: [],
    ...over,
  });

  it('names the release when no runtime change was logged', () => {
    expect(rank([errors, release], ctx).best.suspect?.sha).toBe(release.change.sha);
  });

  it('names a flag switched a minute before the errors in the failing service, not the release that ran 24 minutes without them', () => {
    const v = rank([errors, release, runtime(1)], ctx);
    expect(v.best).toMatchObject({ category: 'config_error', suspect: null, service: 'pricing' });
    expect(v.best.summary).toContain('bundle-discounts');
    expect(v.best.recommendations[0]).toContain('Revert the feature flag change');
    expect(v.others.every((h) => h.score < v.best.score)).toBe(true);
  });

  it('names a configuration reload found by the analyzer the same way', () => {
    const found = analyzed(announced(1, { kind: 'config', text: 'configuration reloaded with 3 changes' }));
    const v = rank([errors, release, ...found], ctx);
    expect(v.best).toMatchObject({ category: 'config_error', suspect: null, service: 'pricing' });
    expect(v.best.recommendations[0]).toContain('Revert the configuration change');
  });

  it('does not blame a pod started a minute before, nor a flag switched half an hour before', () => {
    const pod = analyzed(announced(1, { kind: 'lifecycle', text: 'Created pod: pricing-7d9f8c6b5-x2x4q' }));
    expect(rank([errors, release, ...pod], ctx).best.suspect?.sha).toBe(release.change.sha);
    expect(rank([errors, release, ...analyzed(announced(30))], ctx).best.suspect?.sha).toBe(release.change.sha);
  });

  it('does not blame a flag switched in a service that has no errors', () => {
    const v = rank([errors, release, runtime(1, { service: 'recommendation' })], ctx);
    expect(v.best.suspect?.sha).toBe(release.change.sha);
    expect(v.best.category).not.toBe('config_error');
  });

  it('leaves a release that went live at about the same time as the flag its rank', () => {
    // Live four minutes before the onset, three before the flag: a deploy that switched it, not a release it outlived.
    const fresh = change('cccc3333dddd4444', 'Pricing: quote bundle discounts per cart', 4, { relevance: 0.9, matched: ['quote', 'cart', 'discounts'], paths: ['pricing/api.py'] });
    const alone = rank([errors, fresh], ctx).best;
    const v = rank([errors, fresh, runtime(1)], ctx);
    expect(v.best.suspect?.sha).toBe(fresh.change.sha);
    expect(v.best.score).toBe(alone.score);
  });
});
