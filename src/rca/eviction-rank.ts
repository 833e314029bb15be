// Ranking's part for a store told to evict differently (a platform commit: maxmemory-policy allkeys-lru): once its
// evictions step up as it goes live, what its clients then miss (sessions, tokens) is its doing, not their releases'.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import { pushSetter, revertOf } from './setter-hypothesis.js';
import type { Hypothesis } from './hypothesis.js';
import { minutes } from './analyzers/change-correlation.js';
import { settingOwner, topDirectory, type ChangeFinding } from './change-settings.js';
import { describeEvictions } from './eviction-step.js';

/** Above a release tied to the errors by words (at most ~0.6), below a failure that names its own setting (0.8). */
const SCORE = 0.7;
/** A store's evictions reach what clients hold within minutes to an hour of the change, not a day later. */
const REACH = 60 * 60_000;

/**
 * The latest change, gone live within the hour before the onset, that changed a store's eviction setting while the
 * store's evictions stepped up as it went live (eviction-step.ts): a hypothesis above releases that only share the
 * errors' words. Evicted keys are data the clients still needed; their errors say what they missed, not why.
 */
export function rankEvictionChange(hypotheses: Hypothesis[], changes: ChangeFinding[], base: Finding[], ctx: AnalysisContext): void {
  if (ctx.onset === null) return;
  const onset = ctx.onset;
  const c = changes
    .filter((x) => x.evicts && !x.inert && Date.parse(x.change.time) <= onset && onset - Date.parse(x.change.time) <= REACH)
    .sort((a, b) => Date.parse(b.change.time) - Date.parse(a.change.time))[0];
  if (!c?.evicts) return;
  const e = c.evicts;
  const byPath = c.paths.map((p) => settingOwner(p, ctx.services)).find((s) => s !== null) ?? null;
  const top = topDirectory(c.paths);
  const owner = byPath ?? (top && ctx.services.has(top) ? top : null) ?? ctx.affectedService;
  const ref = c.change.ref ? ` (${c.change.ref})` : '';
  const was = e.from ? `from ${e.from} ` : '';
  pushSetter(hypotheses, c, {
    summary:
      `${owner ?? 'the store'} evicts what its clients still need since commit ${c.change.sha.slice(0, 8)} "${c.change.message}"${ref} set ${e.key} ${was}to ${e.to}, ` +
      `${minutes(Math.max(0, onset - Date.parse(c.change.time)))} before the errors: ${describeEvictions(e)}; the errors are what the clients then missed`,
    service: owner,
    score: SCORE,
    base,
    recommendations: [
      `Set ${e.key} back${e.from ? ` to ${e.from}` : ''} (${revertOf(c)}) and confirm the evictions and the errors fall back`,
      'Keep data that must not be lost (sessions, tokens) out of a store that evicts under memory pressure, or give it its own instance with noeviction',
    ],
  });
}
