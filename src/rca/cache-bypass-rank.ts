// Ranking's part for an HTTP cache whose hit ratio collapsed (analyzers/cache-bypass.ts): the origin failing under the
// load and the releases that share its errors' words are victims; the change live where the ratio broke is the cause.
import type { Finding } from './analyzer.js';
import type { Hypothesis } from './hypothesis.js';
import { minutes } from './analyzers/change-correlation.js';
import type { ChangeFinding, ConditionFinding } from './change-settings.js';
import { pushSetter, revertOf } from './setter-hypothesis.js';
import { changeOwner } from './word-tie.js';

const MIN = 60_000;
/**
 * How long before the last usual sample a change may have gone live and still be what broke the ratio. A cookie set by
 * a frontend passes the visitor's next request, a rule of the cache applies at its reload, an origin's new
 * Cache-Control reaches each object as it expires (Varnish's default TTL is 2 minutes): minutes, not an hour.
 */
const BEFORE = 5 * MIN;
/** Above the origin's own failure read as a failing dependency (at most 0.9), as a cache emptied is (failover-rank.ts). */
const SCORE = 0.92;

/**
 * The latest change live between BEFORE the collapse's last usual sample and its first risen one: named by time, not
 * words (a frontend's cookie shares no word with the origin's pool timeouts). Every other hypothesis ranks below it;
 * with no change there, the cache's own collapse ranks above the origin's suspect-less failure.
 */
export function rankCacheBypass(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[]): void {
  const k = conditions.find((x) => x.condition === 'cache_bypassed' && x.bypassed);
  const own = k ? hypotheses.find((h) => h.support.includes(k)) : undefined;
  if (!k?.bypassed || !own) return;
  const { lastUsual, firstRisen } = k.bypassed;
  const c = changes
    .filter((x) => !x.inert && Date.parse(x.change.time) >= lastUsual - BEFORE && Date.parse(x.change.time) <= firstRisen)
    .sort((a, b) => Date.parse(b.change.time) - Date.parse(a.change.time))[0];
  let lead = own;
  if (c) {
    const live = Date.parse(c.change.time);
    const service = changeOwner(c.change.ref, c.paths) ?? k.service;
    const when = live <= lastUsual ? `${minutes(lastUsual - live)} before it` : 'as it broke';
    const pushed = pushSetter(hypotheses, c, {
      summary:
        `${k.summary.split(' (')[0]}: commit ${c.change.sha.slice(0, 8)} "${c.change.message}"${c.change.ref ? ` (${c.change.ref})` : ''} went live ${when}, ` +
        `so what it changed made the cache's requests uncacheable (timing, not words); the origin's errors are the load it now takes`,
      service,
      score: SCORE,
      base: [...base, k],
      recommendations: [
        `${revertOf(c)[0]!.toUpperCase()}${revertOf(c).slice(1)}, or make the cache ignore what it added (strip the cookie or header in the cache's rules), and confirm the hit ratio and the origin recover`,
        k.recommendation,
      ],
    });
    if (pushed) lead = hypotheses[hypotheses.length - 1]!;
  }
  for (const h of hypotheses) {
    // With no change at the break, only the failures it explains give way: the origin's, suspect-less.
    if (h === lead || (lead === own && h.suspect !== null)) continue;
    h.score = Math.min(h.score, lead.score - 0.05);
    h.confidence = Math.min(h.confidence, h.score);
  }
}
