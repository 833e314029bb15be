// The release that began a precursor (precursor.ts): the failing service's release that went live shortly before its
// gauge first spiked to the failing level. Apart from precursor.ts, which the context derives before any change is read.
import type { Precursor } from './precursor.js';
import { changeOf, type ChangeFinding } from './change-settings.js';

const MIN = 60_000;

/** How long before the first spike a release may have gone live and still be taken to have begun the spikes. */
const LEAD = 20 * MIN;

/**
 * The release of the precursor's service that went live shortly before its first spike: of its commits the closest
 * in words to the errors, then the latest. Changes that cannot alter behaviour (docs, comments) are no candidates.
 */
export function precursorRelease(changes: ChangeFinding[], p: Precursor | null | undefined): ChangeFinding | undefined {
  if (!p) return undefined;
  return changes
    .filter((c) => !c.inert && changeOf(c, p.service) && Date.parse(c.change.time) <= p.start + MIN && Date.parse(c.change.time) >= p.start - LEAD)
    .sort((a, b) => b.relevance - a.relevance || Date.parse(b.change.time) - Date.parse(a.change.time))[0];
}
