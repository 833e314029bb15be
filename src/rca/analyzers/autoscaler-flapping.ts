// A workload whose autoscaler flaps: its replicas swing up and down again and again within minutes (the HPA's
// SuccessfulRescale events, kube-state-metrics' desired or current replicas), each swing down killing pods callers still use.
import type { Analyzer, Finding } from '../analyzer.js';
import type { EvidenceBundle } from '../bundle.js';
import { cite, refs } from '../quote.js';
import { normalizeService } from '../service-names.js';
import { seriesName } from '../signals.js';
import { AFTER_ONSET_MS, errorsWaitOrCannotConnect, showsInErrors } from '../trigger-guards.js';
import { autoscalers, serviceOfAutoscaler } from './autoscaler-ceiling.js';

export const AUTOSCALER_FLAPPING = 'autoscaler-flapping';
const MIN = 60_000;
/** Reversals of direction (up then down, down then up) that make a flap: two full down-and-up cycles, not one load peak. */
const REVERSALS_MIN = 4;
/** A flap reverses within minutes: the median gap between reversals is at most this (a scale-down stabilisation of 5 min
 * by default holds an HPA that follows real load to one swing down per load change, minutes to hours apart). */
const FLAP_GAP = 10 * MIN;
/** The flapping began at most this long before the onset: errors that came half an hour into it are not its doing. */
const LEAD = 30 * MIN;
/** The HPA controller's event message, with the replicas it set. */
const NEW_SIZE = /\bNew size: (\d{1,6}); reason:/;
/** kube-state-metrics' replicas of a Deployment or StatefulSet (spec or status), named by the workload label. */
const WORKLOAD_REPLICAS = /^kube_(deployment|statefulset)_(?:spec|status)_replicas$/;

/** One change of the replica count: when, to how many, up or down. */
interface Swing {
  t: number;
  to: number;
  dir: 1 | -1;
}

/** One workload's replica counts over time, from one source, with what to quote for it. */
interface Track {
  service: string;
  points: Array<[number, number]>;
  call: string;
  quote: string;
  what: string;
}

export const autoscalerFlapping: Analyzer = {
  name: AUTOSCALER_FLAPPING,
  description: "Workloads whose autoscaler swung their replicas up and down again and again from shortly before the onset",
  analyze(bundle, ctx): Finding[] {
    const onset = ctx.onset;
    if (onset === null || !errorsWaitOrCannotConnect(ctx)) return [];
    const best = new Map<string, { track: Track; flap: Flap }>();
    for (const track of tracks(bundle)) {
      const flap = flapOf(track.points, onset);
      if (!flap || !showsInErrors(ctx, track.service)) continue;
      const had = best.get(track.service);
      if (!had || flap.reversals.length > had.flap.reversals.length) best.set(track.service, { track, flap });
    }
    return [...best.values()].map(({ track, flap }) => finding(bundle, track, flap));
  },
};

/** Every workload's replica counts the evidence holds: the HPA's rescale events, then its series. */
function tracks(bundle: EvidenceBundle): Track[] {
  const out: Track[] = [];
  const flows = bundle.flows;
  const events = new Map<string, Array<{ t: number; size: number; text: string }>>();
  for (const a of flows?.data.announcements ?? []) {
    const m = a.kind === 'scale' && a.service ? NEW_SIZE.exec(a.text) : null;
    if (!m) continue;
    const service = serviceOfAutoscaler(a.service!);
    events.set(service, [...(events.get(service) ?? []), { t: a.time, size: Number(m[1]), text: a.text }]);
  }
  for (const [service, list] of events) {
    list.sort((x, y) => x.t - y.t);
    out.push({ service, points: list.map((e) => [e.t, e.size]), call: flows!.call_id, quote: list[list.length - 1]!.text, what: 'its autoscaler\'s rescale events' });
  }
  for (const a of autoscalers(bundle)) {
    const s = a.series.desired?.[0] ?? a.series.current?.[0];
    if (s && a.service) out.push({ service: a.service, points: s.points, call: s.call, quote: s.metric, what: seriesName(s) });
  }
  for (const c of bundle.series) {
    for (const s of c.data) {
      const m = WORKLOAD_REPLICAS.exec(s.metric);
      const name = m ? s.labels[m[1]!] : undefined;
      if (name) out.push({ service: normalizeService(name), points: s.points, call: c.call_id, quote: s.metric, what: seriesName(s) });
    }
  }
  return out;
}

export interface Flap {
  swings: Swing[];
  /** When each reversal of direction came. */
  reversals: number[];
  low: number;
  high: number;
  /** The swings down from the first reversal on. */
  downs: number;
}

/**
 * The flap in a replica count, or null: REVERSALS_MIN reversals or more, a median gap between them of at most FLAP_GAP,
 * the first no earlier than LEAD before the onset and no later than just after it, and a swing down still coming by it.
 */
export function flapOf(points: Array<[number, number]>, onset: number): Flap | null {
  const swings: Swing[] = [];
  let last: number | null = null;
  for (const [t, v] of points) {
    if (!Number.isFinite(v)) continue;
    if (last !== null && v !== last) swings.push({ t, to: v, dir: v > last ? 1 : -1 });
    last = v;
  }
  const reversals = swings.filter((s, i) => i > 0 && s.dir !== swings[i - 1]!.dir).map((s) => s.t);
  if (reversals.length < REVERSALS_MIN) return null;
  const gaps = reversals.slice(1).map((t, i) => t - reversals[i]!).sort((a, b) => a - b);
  if (gaps[Math.floor(gaps.length / 2)]! > FLAP_GAP) return null;
  const first = reversals[0]!;
  if (first < onset - LEAD || first > onset + AFTER_ONSET_MS) return null;
  const from = swings.filter((s) => s.t >= first);
  // Still swinging down at the onset: the flap the errors met, not one that had settled before them.
  if (!from.some((s) => s.dir < 0 && s.t >= onset - FLAP_GAP)) return null;
  const sizes = from.map((s) => s.to);
  return { swings, reversals, low: Math.min(...sizes), high: Math.max(...sizes), downs: from.filter((s) => s.dir < 0).length };
}

function finding(bundle: EvidenceBundle, track: Track, flap: Flap): Finding {
  const since = new Date(flap.reversals[0]!).toISOString();
  const confidence = Math.min(0.85, 0.65 + 0.02 * (flap.reversals.length - REVERSALS_MIN));
  const swing = `${flap.low} ↔ ${flap.high} replicas`;
  return {
    kind: 'condition',
    condition: 'autoscaler_flapping',
    category: 'capacity',
    service: track.service,
    analyzer: AUTOSCALER_FLAPPING,
    summary:
      `${track.service}'s autoscaler was flapping: its replicas swung ${swing} with ${flap.reversals.length} reversals of direction from ${since} on ` +
      `(${flap.downs} swings down, each removing pods its callers were still sending to)`,
    confidence,
    flapping: { since: flap.reversals[0]!, reversals: flap.reversals.length },
    evidence: refs(cite(bundle, track.call, `${track.what}: ${swing}, ${flap.reversals.length} reversals from ${since}`, [track.quote])),
    timeline: [{ time: since, source: bundle.flows?.call_id === track.call ? 'logs' : 'metrics', event: `${track.service}: its autoscaler starts swinging ${swing}` }],
    recommendation:
      `Stop ${track.service}'s autoscaler from flapping: give scale-down a stabilisation window (behavior.scaleDown.stabilizationWindowSeconds, 300 s by default) ` +
      `and scale on a steadier metric; make pods drain before they stop (preStop, readiness off first) so a scale-down does not cut requests`,
  };
}
