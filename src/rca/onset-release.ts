// The release that went live seconds before the first errors, against an older one blamed only for sharing words with
// them: "what changed right before it broke?" comes first, and a rollout the errors start with is timing no word can give.
import type { ChangeFinding } from './change-settings.js';

/** A release this close before the onset went out as the errors began (rollout, log and scrape slack). */
export const ADJACENT_MS = 2 * 60_000;
/** A rival that went live at least this long before the onset is tied to the errors by its words, not its timing. */
export const OLDER_MS = 5 * 60_000;
/** The adjacent change must still share something with the errors (a release at the onset may be a bystander) ... */
export const ADJACENT_RELEVANCE_MIN = 0.2;
/** ... and at least this share of the rival's overlap: a far closer match in words still wins over timing. */
const RELATIVE_MIN = 0.6;

/**
 * The change to put ahead of `rival` (the change blamed on words), or undefined: a non-inert change deployed within
 * ADJACENT_MS before the onset, sharing some words with the errors or seen taking effect in its component's own log,
 * when the rival went live OLDER_MS or more before and is tied to the errors only by words (no value the errors quote,
 * no failing system its lines name).
 */
export function onsetRelease(changes: ChangeFinding[], rival: ChangeFinding | undefined, onset: number): ChangeFinding | undefined {
  if (!rival || rival.valueHits.length > 0 || rival.mentions.length > 0) return undefined;
  if (onset - Date.parse(rival.change.time) < OLDER_MS) return undefined;
  return changes
    .filter((c) => {
      const gap = onset - Date.parse(c.change.time);
      // A component that logged its own restart or reload as its release went out took a change at the onset, whatever
      // its words (a pooler's mode, a proxy's routes are no words of the callers' errors): no bystander by silence.
      const wentLive = !!c.restarted;
      return !c.inert && gap >= 0 && gap <= ADJACENT_MS && (wentLive || (c.relevance >= ADJACENT_RELEVANCE_MIN && c.relevance >= RELATIVE_MIN * rival.relevance));
    })
    .sort((a, b) => b.relevance - a.relevance || Date.parse(b.change.time) - Date.parse(a.change.time))[0];
}
