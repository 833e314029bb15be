// Ranking's part for a release whose commit set a wait (linger.ms 1000, a retry delay): when a series of that service
// stepped at the release to that very duration, that commit is named over a sibling (the version bump) blamed on timing.
import type { ChangedSetting, Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { Hypothesis } from './hypothesis.js';
import { fromChange } from './change-hypothesis.js';
import { changeOf, type ChangeFinding, type ConditionFinding } from './change-settings.js';

/** A key that holds a duration the code waits for: a linger, delay, timeout, sleep, backoff, interval or wait. */
const WAIT_KEY = /linger|delay|sleep|backoff|timeout|interval|wait|(?:^|[._-])(?:ms|millis)$/i;
/** Below this a duration is too common a number (1, 5, 30) for a level to match it by chance. */
const MIN_MS = 100;
/** How close the series' level (or its rise) must come to the duration set. */
const CLOSE = 0.15;

/**
 * The durations in ms a value may stand for: `500ms` and `2s` say so; a bare number is ms when its key says ms, else
 * either ms or seconds (what unit a key without one takes depends on the software).
 */
export function durationsMs(key: string, value: string): number[] {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s)?$/i.exec(value.trim());
  if (!m) return [];
  const n = Number(m[1]);
  const unit = m[2]?.toLowerCase();
  if (unit === 'ms' || /(?:^|[._-])(?:ms|millis)$/i.test(key)) return [n];
  if (unit === 's') return [n * 1000];
  return [n, n * 1000];
}

/** The series stepped to the duration (a queue time sitting at the linger) or by it (every request that much slower), in ms or s. */
export function stepMatches(durations: number[], step: { from: number; to: number }): boolean {
  const near = (x: number, d: number) => Math.abs(x - d) <= CLOSE * d;
  return durations.some((d) => d >= MIN_MS && [1, 1000].some((scale) => near(step.to * scale, d) || near((step.to - step.from) * scale, d)));
}

/**
 * When the leading hypothesis blames a commit of a release, and another commit of that release set a wait whose
 * duration a series of the release's service stepped to (or by) at the onset, that commit is named instead: the wait
 * it set is what every request now spends. The first stays a hypothesis, just below it.
 */
export function rankSettingDelay(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  const top = hypotheses.slice().sort((a, b) => b.score - a.score)[0];
  const ref = top?.suspect?.ref;
  if (!top || !ref) return;
  const steps = conditions.filter((k): k is ConditionFinding & { step: { from: number; to: number }; service: string } => !!k.step && !!k.service && k.step.to > k.step.from);
  let found: { c: ChangeFinding; s: ChangedSetting; k: ConditionFinding } | undefined;
  for (const c of changes) {
    if (c.change.ref !== ref || c.change.sha === top.suspect!.sha || c.inert) continue;
    const own = steps.filter((k) => changeOf(c, k.service));
    for (const s of [...c.settings, ...(c.added ?? [])].filter((x) => WAIT_KEY.test(x.key))) {
      const k = own.find((o) => stepMatches(durationsMs(s.key, s.to), o.step));
      if (k) found ??= { c, s, k };
    }
  }
  if (!found) return;
  const { c, s, k } = found;
  const same = hypotheses.findIndex((h) => h.suspect?.sha === c.change.sha);
  if (same >= 0) hypotheses.splice(same, 1);
  const h = fromChange(c, conditions, base, ctx, 'setting', k);
  h.summary = `${h.summary}; it set ${s.key} to ${s.to}${s.path ? ` in ${s.path}` : ''}, the wait a series of its service stepped to as it went live`;
  h.score = h.confidence = Math.min(0.9, Math.max(h.score, top.score + 0.02));
  top.score = Math.min(top.score, h.score - 0.02);
  top.confidence = Math.min(top.confidence, top.score);
  hypotheses.push(h);
}
