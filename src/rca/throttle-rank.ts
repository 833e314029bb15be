// Ranking's part for a caller throttled by a remote system (S3 SlowDown, 429 Too Many Requests): the caller's own
// change that altered how it calls (keys, prefixes, batches, concurrency) is the suspect, not the remote's health.
import type { ChangeFinding, ConditionFinding } from './change-settings.js';
import { changeOf, upgradesOnly } from './change-settings.js';

/** Changes live this long before the onset or less may have changed the request pattern the peak then exposed. */
const TIMING_MIN = Math.exp(-6 * 60 / 90);
/** Words of how requests are shaped and spread: a change with them in its message or files is the likelier one. */
const REQUEST_SHAPE = /\b(?:keys?|prefix(?:es)?|partition\w*|shard\w*|layout|paths?|batch\w*|concurren\w*|parallel\w*|workers?|threads?|rate|retr(?:y|ies)|backoff|poll\w*|fan[- ]?out)\b|(?:key|prefix|partition|batch|shard|layout)s?\b/i;

/**
 * The caller's own change behind its throttling: live before the onset (within hours), not inert, not only a
 * dependency bump (a client library's frames are in every trace of its calls, which makes them no evidence), the one
 * whose message or files speak of how requests are shaped first, then the latest.
 */
export function throttledBy(changes: ChangeFinding[], throttled: ConditionFinding | undefined): ChangeFinding | undefined {
  const caller = throttled?.service;
  if (!caller) return undefined;
  const shape = (c: ChangeFinding) => (REQUEST_SHAPE.test(c.change.message) || c.paths.some((p) => REQUEST_SHAPE.test(p.split('/').pop() ?? '')) ? 1 : 0);
  return changes
    .filter((c) => !c.inert && !upgradesOnly(c) && c.timing >= TIMING_MIN && changeOf(c, caller))
    .sort((a, b) => shape(b) - shape(a) || b.timing - a.timing || b.relevance - a.relevance)[0];
}
