// Ranking's part for traffic that crossed a newly changed limit: load rose and a service hit a resource limit after a
// config commit changed that service's sizing (a batch size, a pool, a maximum). The traffic is the trigger; the change is the cause.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { Hypothesis } from './hypothesis.js';
import { minutes } from './analyzers/change-correlation.js';
import { changesLimit, topDirectory, type ChangeFinding, type ConditionFinding } from './change-settings.js';

/** A traffic step this clear is what made the limit bite. */
const LOAD_MIN = 0.5;
/** A resource condition this weak still says where the limit was hit, once traffic explains when. */
const LIMIT_MIN = 0.3;
/** A limit changed this long before the onset is no longer new: the service took such peaks since. */
const NEW_FOR = 24 * 60 * 60_000;

/**
 * Over a traffic step at the onset, the latest config-only change that set a limit-like number in the configuration
 * of the service that hit a resource limit (memory, GPU memory, a pool), however long before the onset it went live
 * within a day: it ranks above the traffic step, which stays as its trigger.
 */
export function rankLoadCrossedLimit(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  if (ctx.onset === null) return;
  const load = conditions.find((k) => k.condition === 'capacity' && k.confidence >= LOAD_MIN);
  if (!load) return;
  const hit = conditions.filter((k) => (k.condition === 'saturation' || k.condition === 'oom') && k.service && k.confidence >= LIMIT_MIN);
  const found = changes
    .filter((c) => !c.inert && c.configOnly && changesLimit(c) && Date.parse(c.change.time) <= ctx.onset! && ctx.onset! - Date.parse(c.change.time) <= NEW_FOR)
    .flatMap((c) => {
      const k = hit.find((x) => topDirectory(c.paths) === x.service);
      return k ? [{ c, k }] : [];
    })
    // The latest is the one in force.
    .sort((a, b) => Date.parse(b.c.change.time) - Date.parse(a.c.change.time))[0];
  if (!found) return;
  const { c, k } = found;
  const trigger = hypotheses.find((h) => h.support.includes(load));
  const score = Math.min(0.9, Math.max(load.confidence, trigger?.score ?? 0) + 0.05);
  // Blamed already, and more strongly: that reading stands.
  const same = hypotheses.findIndex((h) => h.suspect?.sha === c.change.sha);
  if (same >= 0 && hypotheses[same]!.score >= score) return;
  if (same >= 0) hypotheses.splice(same, 1);
  const ref = c.change.ref ? ` (${c.change.ref})` : '';
  const hint = c.hints.find((h) => /pool|max|limit|size|batch|conn|thread|worker|queue|concurren|memory|heap/i.test(h)) ?? c.hints[0];
  const gap = minutes(Math.max(0, ctx.onset - Date.parse(c.change.time)));
  hypotheses.push({
    summary:
      `${k.service} broke after commit ${c.change.sha.slice(0, 8)} "${c.change.message}"${ref}${hint ? ` (${hint})` : ''}: it changed how much ${k.service} takes on at once, ` +
      `and ${gap} later rising traffic (${headline(load.summary)}) drove it into a resource limit (${headline(k.summary)}); the traffic is the trigger, the change the cause`,
    category: 'config_error',
    service: k.service,
    suspect: c.change,
    confidence: score,
    score,
    support: [...base, c, k, load],
    recommendations: [
      `Revert ${c.change.sha.slice(0, 12)} "${c.change.message}"${c.change.ref ? ` of ${c.change.ref}` : ''}${hint ? ` (${hint})` : ''} and confirm ${k.service} holds at the current traffic`,
      k.recommendation,
      'Load-test a sizing change at the expected peak before release',
    ],
  });
  // The traffic step and the limit are how the change broke it, not rival answers.
  for (const h of hypotheses) {
    if (h.suspect === null && (h.support.includes(load) || h.support.includes(k))) {
      h.score = Math.min(h.score, score - 0.05);
      h.confidence = Math.min(h.confidence, h.score);
    }
  }
}

/** A condition's summary up to its detail (`traffic to x stepped up before the errors`): the series follow in its evidence. */
const headline = (summary: string): string => summary.split(': ')[0]!;
