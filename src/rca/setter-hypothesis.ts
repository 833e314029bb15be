// What the rules that blame whoever changed a setting share (named-setting.ts, body-limit.ts, eviction-rank.ts): the
// latest such change before the onset, the revert it calls for, and the hypothesis that names it over weaker readings.
import type { Finding } from './analyzer.js';
import type { Hypothesis } from './hypothesis.js';
import type { ChangeFinding } from './change-settings.js';

/** Of the changes live by `onset` for which `pick` finds something, the latest: the one in force at the onset. */
export function latestSetter<T>(changes: ChangeFinding[], onset: number, pick: (c: ChangeFinding) => T | undefined): { c: ChangeFinding; s: T } | undefined {
  return changes
    .filter((c) => !c.inert && Date.parse(c.change.time) <= onset)
    .map((c) => ({ c, s: pick(c) }))
    .filter((x): x is { c: ChangeFinding; s: T } => x.s !== undefined)
    .sort((a, b) => Date.parse(b.c.change.time) - Date.parse(a.c.change.time))[0];
}

/** `revert 0123456789ab "message" of v1.2.3`: what undoing the change means, said the same way by every rule. */
export function revertOf(c: ChangeFinding): string {
  return `revert ${c.change.sha.slice(0, 12)} "${c.change.message}"${c.change.ref ? ` of ${c.change.ref}` : ''}`;
}

/**
 * Pushes the hypothesis blaming setter `c` at `score`, unless the same change is blamed already at least as strongly
 * (that reading, from a limit seen hit, stands); a weaker one of it gives way. Returns whether it was pushed.
 */
export function pushSetter(
  hypotheses: Hypothesis[],
  c: ChangeFinding,
  h: { summary: string; service: string | null; score: number; base: Finding[]; recommendations: string[] },
): boolean {
  const same = hypotheses.findIndex((x) => x.suspect?.sha === c.change.sha);
  if (same >= 0 && hypotheses[same]!.score >= h.score) return false;
  if (same >= 0) hypotheses.splice(same, 1);
  hypotheses.push({
    summary: h.summary,
    category: c.configOnly ? 'config_error' : 'code_regression',
    service: h.service,
    suspect: c.change,
    confidence: h.score,
    score: h.score,
    support: [...h.base, c],
    recommendations: h.recommendations,
  });
  return true;
}
