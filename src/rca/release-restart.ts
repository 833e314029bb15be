// Whether a release took effect when its tag says, in its component's own words: the service a tag releases
// (`pgbouncer/2026.12.06-1`) logged its restart or a configuration reload right then, so the tag time is no guess.
import { releaseNames } from '../core/release-tag.js';
import type { EvidenceBundle } from './bundle.js';
import { normalizeService } from './service-names.js';

/** How far apart the tag and the component's restart line may be (rollout, pull and start-up time, clocks). */
export const RESTART_SLACK_MS = 2 * 60_000;

/**
 * The line (restart, start-up, configuration reload) the released component logged within RESTART_SLACK_MS of the
 * release going live, or null. Only a tag that names the service counts: a restart of any other is no sign of it.
 */
export function releaseRestart(bundle: EvidenceBundle, ref: string | null, liveAt: number): string | null {
  if (!ref) return null;
  const hit = (bundle.flows?.data.announcements ?? []).find(
    (a) => (a.kind === 'lifecycle' || a.kind === 'config') && a.service !== null && Math.abs(a.time - liveAt) <= RESTART_SLACK_MS && releaseNames(ref, normalizeService(a.service)),
  );
  return hit ? hit.text : null;
}
