// A change finding tied to the errors by nothing (no shared words, no timing score, no confidence of its own beyond the
// caller's): what one rule reads off a diff alone (a renewal blocker, a resolution pin), in one shape for every such rule.
import type { Finding } from './analyzer.js';
import { isConfig } from './relevance.js';

type ChangeFinding = Extract<Finding, { kind: 'change' }>;
/** What the rule itself says of the change; everything word- or timing-based is left empty so no other rule reads it. */
type Said = Pick<ChangeFinding, 'analyzer' | 'summary' | 'confidence' | 'evidence' | 'timeline' | 'change' | 'paths' | 'security'> &
  Partial<Pick<ChangeFinding, 'blocksRenewal' | 'pinsResolution'>>;

/** The change finding for `said`, with no relevance, timing or matched words: only the rule that made it names it. */
export function untiedChange(said: Said): ChangeFinding {
  return {
    kind: 'change',
    relevance: 0,
    timing: 0,
    matched: [],
    mentions: [],
    valueHits: [],
    growthTiming: 0,
    retention: [],
    inert: null,
    configOnly: said.paths.length > 0 && said.paths.every(isConfig),
    hints: [],
    settings: [],
    ...said,
  };
}
