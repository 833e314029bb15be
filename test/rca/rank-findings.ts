// Hand-built findings for rank(): a context, a change as change-correlation scores it and a condition, around one
// onset, so ranking rules are tested without the whole engine (engine-world.ts runs that).
import type { AnalysisContext } from '../../src/rca/context.js';
import type { ChangeFinding, ConditionFinding } from '../../src/rca/change-settings.js';

export const MIN = 60_000;
export const ONSET = Date.parse('2026-12-05T14:00:00Z');
/** Timing of a release `gap` minutes before the onset, as change-correlation scores it (exp(-gap / 90 min)). */
export const timingOf = (gap: number) => Math.exp(-gap / 90);

export function ctxFor(affected: string, services: string[]): AnalysisContext {
  return {
    from: ONSET - 60 * MIN,
    to: ONSET + 30 * MIN,
    onset: ONSET,
    onsetBasis: [],
    rate: null,
    affectedService: affected,
    related: [],
    services: new Set(services),
    entities: new Set(),
    growth: null,
  };
}

/** A change released `gap` minutes before the onset, its confidence as change-correlation computes it. */
export function change(sha: string, message: string, gap: number, over: Partial<ChangeFinding> = {}): ChangeFinding {
  const timing = timingOf(gap);
  const relevance = over.relevance ?? 0.6;
  return {
    kind: 'change',
    analyzer: 'change-correlation',
    summary: `${sha.slice(0, 8)} "${message}"`,
    confidence: relevance * (0.5 + 0.5 * timing),
    evidence: [],
    timeline: [],
    change: { sha, ref: null, message, author: 'Dev One <dev@example.com>', time: new Date(ONSET - gap * MIN).toISOString() },
    relevance,
    timing,
    matched: ['login', 'handshake'],
    paths: ['src/client.go'],
    mentions: [],
    valueHits: [],
    growthTiming: 0,
    retention: [],
    security: false,
    inert: null,
    configOnly: false,
    hints: [],
    settings: [],
    ...over,
  };
}

export function condition(over: Partial<ConditionFinding> & Pick<ConditionFinding, 'condition' | 'category' | 'service' | 'confidence'>): ConditionFinding {
  return { kind: 'condition', analyzer: 'test', summary: `${over.service}: ${over.condition}`, evidence: [], timeline: [], recommendation: `look at ${over.service}`, ...over };
}
