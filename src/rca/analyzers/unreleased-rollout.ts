// A rollout with no release behind it (`kubectl set env|image`, an edited Deployment): Kubernetes' events show a new
// ReplicaSet replacing the old one, no tag of the service went live then, and its new pods are evicted for storage after.
import type { Analyzer, Finding } from '../analyzer.js';
import type { EvidenceBundle } from '../bundle.js';
import { releaseNames } from '../../core/release-tag.js';
import { cite, refs } from '../quote.js';
import { normalizeService } from '../service-names.js';
import { minutes } from './change-correlation.js';

const MIN = 60_000;
/** How long before the onset a rollout may have begun what its pods' storage ran out of (a log volume fills in minutes to hours). */
const LOOKBACK = 120 * MIN;
/** A rollout replaces its old ReplicaSet within this long of creating the new one (a scale-up alone is an autoscaler's). */
const REPLACE_MS = 15 * MIN;
/** A release of the service this close to the rollout is what rolled it out (pipelines, clocks). */
const RELEASED_MS = 5 * MIN;
/** Storage evictions may follow the onset's first minute by a scrape or two. */
const AFTER_MS = 5 * MIN;
/** Strong enough to stand over a release live long before it and the dependency failure it explains. */
const CONFIDENCE = 0.88;
/** The Deployment controller's words: `Scaled up replica set payments-api-84d5f6c7b9 to 1`. */
const SCALED = /\bScaled (up|down) replica set ([a-z0-9][a-z0-9.-]{0,252})/;
/** The kubelet's reasons for evicting a pod over its ephemeral storage (a container's writable layer, logs, emptyDir). */
const STORAGE_EVICTION = /\bephemeral[- ]storage\b|\bephemeral local storage\b|\blocal ephemeral storage\b|\bEmptyDir volume "[^"]{1,253}" exceeds\b/i;

export const unreleasedRollout: Analyzer = {
  name: 'unreleased-rollout',
  description: 'A Deployment rolled out with no release behind it, whose new pods were then evicted for their ephemeral storage',
  analyze(bundle, ctx): Finding[] {
    const onset = ctx.onset;
    const flows = bundle.flows;
    if (onset === null || !flows) return [];
    const scaled = (flows.data.announcements ?? []).flatMap((a) => {
      const m = a.kind === 'lifecycle' && a.service ? SCALED.exec(a.text) : null;
      return m ? [{ time: a.time, service: normalizeService(a.service!), up: m[1] === 'up', rs: m[2]!, text: a.text }] : [];
    });
    const out: Finding[] = [];
    for (const s of scaled) {
      if (!s.up || s.time > onset || s.time < onset - LOOKBACK) continue;
      // A new ReplicaSet (not scaled before in the window) that an older one gave way to: a rollout, not a scale-up.
      const isNew = !scaled.some((o) => o.rs === s.rs && o.time < s.time);
      const replaced = scaled.some((o) => !o.up && o.service === s.service && o.rs !== s.rs && o.time >= s.time && o.time <= s.time + REPLACE_MS);
      if (!isNew || !replaced || released(bundle, s.service, s.time)) continue;
      const evicted = (bundle.signatures?.data ?? []).find((g) => {
        const first = g.first_seen ? Date.parse(g.first_seen) : NaN;
        return g.services.some((x) => normalizeService(x) === s.service) && STORAGE_EVICTION.test(`${g.template} ${g.example}`) && first >= s.time && first <= onset + AFTER_MS;
      });
      if (!evicted) continue;
      const text = `${s.text} (no release of ${s.service} went live then), then "${evicted.example.slice(0, 140)}"`;
      out.push({
        kind: 'runtime_change',
        analyzer: this.name,
        service: s.service,
        time: new Date(s.time).toISOString(),
        change: 'config',
        text,
        summary: `${s.service} was rolled out ${minutes(Math.max(0, onset - s.time))} before the onset with no release behind it (a changed pod template: environment, image or resources), and its new pods were evicted for their ephemeral storage`,
        confidence: CONFIDENCE,
        evidence: refs(
          cite(bundle, flows.call_id, `${s.service} rolled out a new ReplicaSet with no release`, [s.text]),
          bundle.signatures ? cite(bundle, bundle.signatures.call_id, `${s.service}'s pods evicted for storage from ${evicted.first_seen}`, [evicted.example]) : null,
        ),
        timeline: [{ time: new Date(s.time).toISOString(), source: 'logs', event: `${s.service} rolled out with no release: ${s.text}` }],
      });
    }
    return out;
  },
};

/** A release of `service` went live around `at`: the rollout was that release's. */
function released(bundle: EvidenceBundle, service: string, at: number): boolean {
  return (bundle.deployments?.data ?? []).some((d) => releaseNames(d.tag, service) && Math.abs(Date.parse(d.time) - at) <= RELEASED_MS);
}
