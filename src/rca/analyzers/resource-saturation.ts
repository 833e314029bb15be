// Resource saturation: a gauge pinned at its limit (a pool at its size), memory climbing to OOM kills,
// free disk falling to zero, and error text that says a limit was reached; each is a resource_exhaustion condition.
import type { Analyzer, Finding } from '../analyzer.js';
import type { EvidenceBundle } from '../bundle.js';
import type { AnalysisContext } from '../context.js';
import { normalizeService } from '../service-names.js';
import { cite, refs, type EvidenceRef } from '../quote.js';
import { pinnedPlateau, quantile, slopePerHour } from '../series.js';
import { metricKind } from '../localize/signal.js';
import { scoredPoints } from '../localize/series-shape.js';
import { resourceLimits, type Limits } from '../localize/limits.js';
import { limitReading, NEAR_LIMIT } from '../localize/saturation.js';
import { limitShares } from '../localize/limit-shares.js';
import type { SeriesSamples } from '../../core/evidence.js';
import { DISK, matching, OOM, SATURATION, seriesName } from '../signals.js';
import { serviceFromLabels } from '../../core/series-labels.js';
import { isInodeSeries } from '../inodes.js';
import { publishedCeiling } from '../published-ceiling.js';

const MIN = 60_000;
/** Kinds of gauge that have a ceiling to be pinned at (pools, threads, connections, CPU...). */
const CAN_PIN = new Set(['cpu', 'disk', 'handles', 'other', 'errors']);
const LIMIT_NAME = /max|limit|capacity|size|quota|allocatable|total_slots|ceiling/i;
const RESOURCE_GAUGE = /cpu|thread|worker|goroutine|open_fds|file_descriptors|queue|conn|pool|inode|semaphore|slots/i;

export const resourceSaturation: Analyzer = {
  name: 'resource-saturation',
  description: 'Pools pinned at their limit, memory climbing to OOM kills, disks filling up',
  analyze(bundle, ctx): Finding[] {
    return [...saturation(bundle, ctx), ...oom(bundle, ctx), ...disk(bundle, ctx)];
  },
};

function sigEvidence(bundle: EvidenceBundle, sigs: ReturnType<typeof matching>['sigs'], what: string): EvidenceRef[] {
  if (!bundle.signatures) return [];
  const id = bundle.signatures.call_id;
  return refs(...sigs.slice(0, 2).map((r) => cite(bundle, id, `${what}: ${r.post} entries`, [r.sig.example.split('\n')[0] ?? '', r.sig.template])));
}

function saturation(bundle: EvidenceBundle, ctx: AnalysisContext): Finding[] {
  const words = matching(ctx, SATURATION);
  const pinned: Array<{ ev: EvidenceRef | null; service: string | null; text: string; time: number; points: Array<[number, number]>; metric: string; step?: { from: number; to: number } }> = [];
  const limits = resourceLimits(bundle);
  for (const c of bundle.series) {
    const byLabels = new Map<string, typeof c.data>();
    for (const s of c.data) {
      const key = JSON.stringify(Object.entries(s.labels).sort());
      byLabels.set(key, [...(byLabels.get(key) ?? []), s]);
      // A latency sitting flat is a caller waiting out its timeout, memory or traffic holding steady is no ceiling:
      // only pools, threads, connections, CPU and the like have a limit to be pinned at.
      if (!CAN_PIN.has(metricKind(s.metric)) || wellUnderItsLimit(s, ctx, limits)) continue;
      const p = pinnedPlateau(s.points, ctx.onset);
      if (!p || !nearOnset(p.start, ctx) || farBelowCeiling(bundle, s, p.value)) continue;
      const text = `${seriesName(s)} goes flat at ${fmt(p.value)} (a limit) from ${iso(p.start)} on`;
      pinned.push({ ev: cite(bundle, c.call_id, text, [s.metric]), service: serviceFromLabels(s.labels), text, time: p.start, points: s.points, metric: s.metric });
    }
  }
  // A resource gauge (CPU, threads, connections, queue) that jumped and stays up against its ceiling; CPU-seconds
  // counters (process_cpu_seconds_total) as their rate, the cores in use.
  if (ctx.onset !== null) {
    for (const c of [...bundle.series, ...bundle.usageCounters]) {
      for (const s of c.data) {
        if (!RESOURCE_GAUGE.test(s.metric) || pinned.some((p) => p.text.startsWith(seriesName(s)))) continue;
        const points = scoredPoints(s);
        if (wellUnderItsLimit(s, ctx, limits, points)) continue;
        const before = points.filter(([t]) => t < ctx.onset! - 5 * MIN).map((p) => p[1]);
        const after = points.filter(([t]) => t >= ctx.onset! && t <= ctx.onset! + 30 * MIN).map((p) => p[1]);
        if (before.length < 4 || after.length < 4) continue;
        const top = Math.max(...after);
        const b = quantile(before, 0.5);
        if (!(top > 0) || quantile(after, 0.5) < Math.max(1.8 * b, b + 1e-9) || quantile(after, 0.1) < 0.85 * top) continue;
        // A level it already sat at in one sample of ten before is no jump (a gauge switching between idle and one in use).
        if (quantile(before, 0.9) >= 0.98 * top || farBelowCeiling(bundle, s, top)) continue;
        const text = `${seriesName(s)}${points === s.points ? '' : ' (per second)'} jumped from ${fmt(b)} to ${fmt(quantile(after, 0.5))} and stays near ${fmt(top)}`;
        pinned.push({ ev: cite(bundle, c.call_id, text, [s.metric]), service: serviceFromLabels(s.labels), text, time: ctx.onset, points, metric: s.metric, step: { from: b, to: quantile(after, 0.5) } });
      }
    }
  }
  // A usage gauge reaching a flat limit gauge with the same labels (connections in use vs max connections).
  for (const c of bundle.series) {
    for (const limit of c.data) {
      // Only a gauge named as a limit is one (max connections, pool size), not any flat series with the same labels.
      if (!LIMIT_NAME.test(limit.metric)) continue;
      const vals = limit.points.map((p) => p[1]);
      const lv = quantile(vals, 0.5);
      if (!(lv > 0) || quantile(vals, 0.95) - quantile(vals, 0.05) > lv * 0.01) continue;
      for (const c2 of bundle.series) {
        for (const use of c2.data) {
          if (use === limit || JSON.stringify(Object.entries(use.labels).sort()) !== JSON.stringify(Object.entries(limit.labels).sort())) continue;
          const hit = use.points.find(([t, v]) => v >= lv * 0.98 && (ctx.onset === null || t >= ctx.onset - 10 * MIN));
          const before = use.points.filter(([t]) => ctx.onset !== null && t < ctx.onset - 10 * MIN).map((p) => p[1]);
          if (!hit || (before.length > 0 && quantile(before, 0.9) >= lv * 0.98)) continue;
          const text = `${seriesName(use)} reached ${fmt(hit[1])} against ${seriesName(limit)} = ${fmt(lv)} at ${iso(hit[0])}`;
          pinned.push({ ev: cite(bundle, c2.call_id, text, [use.metric]), service: serviceFromLabels(use.labels), text, time: hit[0], points: use.points, metric: use.metric });
        }
      }
    }
  }
  // CPU or memory reaching the limit published for its pods, also a limit a rollout lowered: certain pressure.
  const atLimit = ctx.onset === null ? [] : limitShares(bundle, ctx.onset, limits).filter((r) => nearOnset(r.time, ctx));
  for (const r of atLimit) pinned.push({ ev: cite(bundle, r.call, r.text, [r.metric]), service: r.service, text: r.text, time: r.time, points: r.share, metric: r.metric });
  if (words.sigs.length === 0 && pinned.length === 0) return [];
  const service = words.sigs[0]?.service ?? (pinned[0]?.service ? normalizeService(pinned[0].service) : ctx.affectedService);
  const confidence = Math.min(0.95, (words.sigs.length ? 0.35 + 0.45 * Math.min(1, words.weight * 1.5) : 0) + (pinned.length ? 0.3 : 0) + (atLimit.length ? 0.2 : 0));
  // The limit caused the errors only if its usage climbed before them; pinned only after they began, it is a symptom.
  const onset = ctx.onset;
  const leads =
    onset === null ||
    pinned.some((p) => p.time <= onset - 2 * MIN || climbedBefore(p.points, onset)) ||
    words.sigs.some((r) => r.sig.first_seen !== null && Date.parse(r.sig.first_seen) <= onset - 2 * MIN);
  const parts = [
    ...words.sigs.slice(0, 1).map((r) => `"${r.sig.template}" (${r.post}×)`),
    ...pinned.slice(0, 1).map((p) => p.text),
  ];
  return [
    {
      kind: 'condition',
      condition: 'saturation',
      category: 'resource_exhaustion',
      service,
      analyzer: 'resource-saturation',
      summary: `a resource limit was hit in ${service ?? 'the service'}: ${parts.join('; ')}`,
      confidence,
      evidence: [...sigEvidence(bundle, words.sigs, 'a limit reached'), ...refs(...pinned.slice(0, 2).map((p) => p.ev))],
      timeline: pinned.slice(0, 1).map((p) => ({ time: iso(p.time), source: 'metrics' as const, event: p.text })),
      leads,
      ...(pinned[0] ? { metric: pinned[0].metric } : {}),
      ...(pinned[0]?.step ? { step: pinned[0].step } : {}),
      recommendation:
        'Relieve the exhausted resource now (restore the previous limit or scale out), then size the limit against the peak demand and alert before it is reached',
    },
  ];
}

function oom(bundle: EvidenceBundle, ctx: AnalysisContext): Finding[] {
  const words = matching(ctx, OOM);
  const events = (bundle.containerEvents?.data ?? []).filter((e) => /oom/i.test(e.action) || /oom|out of memory/i.test(e.detail));
  const killed = (bundle.containers?.data ?? []).filter((c) => c.oom_killed);
  const climbing = bundle.series.flatMap((c) =>
    c.data
      .filter((s) => /mem|rss|heap/i.test(s.metric) && s.points.length >= 6)
      .map((s) => ({ s, call: c.call_id, growth: growthBeforeOnset(s.points, ctx) }))
      .filter((x) => x.growth >= 1.5)
      .sort((a, b) => b.growth - a.growth),
  );
  // Memory alone counts when it at least doubled on the way to the onset; with kills or words it only supports.
  const strongClimb = climbing.some((x) => x.growth >= 2);
  if (words.sigs.length === 0 && events.length === 0 && killed.length === 0 && !strongClimb) return [];
  const service =
    (events[0] && normalizeService(events[0].container)) ??
    (killed[0] && normalizeService(killed[0].name)) ??
    words.sigs[0]?.service ??
    (climbing[0] && serviceFromLabels(climbing[0].s.labels) ? normalizeService(serviceFromLabels(climbing[0].s.labels)!) : null) ??
    ctx.affectedService;
  const ev = [
    ...refs(...events.slice(0, 2).map((e) => (bundle.containerEvents ? cite(bundle, bundle.containerEvents.call_id, `${e.container}: ${e.action} at ${e.time}`, [e.time, e.action]) : null))),
    ...refs(...killed.slice(0, 1).map((c) => (bundle.containers ? cite(bundle, bundle.containers.call_id, `${c.name} was OOM-killed (restarts: ${c.restart_count})`, [c.name]) : null))),
    ...sigEvidence(bundle, words.sigs, 'out of memory'),
    ...refs(...climbing.slice(0, 1).map(({ s, call, growth }) => cite(bundle, call, `${seriesName(s)} grew ${growth.toFixed(1)}x before the onset`, [s.metric]))),
  ];
  const confidence = Math.min(0.95, 0.3 + (events.length || killed.length ? 0.35 : 0) + (words.sigs.length ? 0.2 + 0.2 * Math.min(1, words.weight * 2) : 0) + (climbing.length ? (strongClimb ? 0.15 : 0.1) : 0));
  return [
    {
      kind: 'condition',
      condition: 'oom',
      category: 'resource_exhaustion',
      service,
      analyzer: 'resource-saturation',
      // "Ran out of memory" only with a kill or the words for it; a climb alone is said as what it is.
      summary:
        events.length || killed.length || words.sigs.length
          ? `${service ?? 'a container'} ran out of memory${events.length ? ` (${events.length} OOM event${events.length > 1 ? 's' : ''})` : ''}${climbing.length ? ', memory climbing before it' : ''}`
          : `${service ?? 'a container'}'s memory climbed ${climbing[0]!.growth.toFixed(1)}x on the way to the onset (${seriesName(climbing[0]!.s)})`,
      confidence,
      evidence: ev,
      timeline: events.slice(0, 3).map((e) => ({ time: e.time, source: 'docker' as const, event: `${e.container}: ${e.action}` })),
      recommendation: 'Raise the memory limit to stop the kills, then find what grows (heap profile, recent changes to caching or batch sizes)',
    },
  ];
}

function disk(bundle: EvidenceBundle, ctx: AnalysisContext): Finding[] {
  const words = matching(ctx, DISK);
  const falling = bundle.series.flatMap((c) =>
    c.data
      .filter((s) => /(avail|free)/i.test(s.metric) && /(disk|filesystem|fs|volume|storage|bytes)/i.test(s.metric) && s.points.length >= 4)
      .filter((s) => {
        const max = Math.max(...s.points.map((p) => p[1]));
        const last = s.points[s.points.length - 1]![1];
        const min = Math.min(...s.points.map((p) => p[1]));
        return max > 0 && (min <= max * 0.02 || last <= max * 0.02);
      })
      .map((s) => ({ s, call: c.call_id })),
  );
  if (words.sigs.length === 0 && falling.length === 0) return [];
  const service = words.sigs[0]?.service ?? ctx.affectedService;
  // "No space left on device" while bytes are free: the free file nodes ran out (inodes.ts), which df -h does not show.
  const inodes = !!falling[0] && isInodeSeries(falling[0].s.metric);
  return [
    {
      kind: 'condition',
      condition: 'disk_full',
      category: 'resource_exhaustion',
      service,
      analyzer: 'resource-saturation',
      summary: `${inodes ? 'the filesystem ran out of inodes (files), not bytes' : 'the disk filled up'}${falling[0] ? ` (${seriesName(falling[0].s)} fell to ~0)` : ''}`,
      confidence: Math.min(0.95, (words.sigs.length ? 0.45 + 0.3 * Math.min(1, words.weight * 2) : 0.2) + (falling.length ? 0.3 : 0)),
      evidence: [
        ...sigEvidence(bundle, words.sigs, 'no space left'),
        ...refs(...falling.slice(0, 1).map(({ s, call }) => cite(bundle, call, `${seriesName(s)} fell to about zero`, [s.metric]))),
      ],
      timeline: [],
      recommendation: inodes
        ? 'Find the directory holding millions of small files (sessions, cache or spool files nothing deletes), remove the stale ones and make something collect them; add a free-inodes alert'
        : 'Free space on the full volume (old logs, temp files, unpruned images), then add log rotation and a free-space alert',
    },
  ];
}

/**
 * How many times a series grew from its early level to where it stands just before the onset. Memory that spiked
 * and fell back long before, or that rose only with the fault, is no climb that led to it: 0 then.
 */
function growthBeforeOnset(points: Array<[number, number]>, ctx: AnalysisContext): number {
  if (points.length < 6) return 0;
  const until = ctx.onset === null ? Infinity : ctx.onset;
  const upto = points.filter(([t]) => t < until);
  if (upto.length < 6) return 0;
  const early = quantile(upto.slice(0, Math.ceil(upto.length / 5)).map((p) => p[1]), 0.5);
  const late = quantile(upto.slice(-Math.max(2, Math.ceil(upto.length / 10))).map((p) => p[1]), 0.5);
  const peak = Math.max(...upto.map((p) => p[1]));
  // Still near its highest when the incident began: a climb into the onset, not an old spike.
  if (!(early > 0) || late < 0.8 * peak || slopePerHour(upto) <= 0) return 0;
  return late / early;
}

/** Usage already well above its early level in the minutes before the onset (a climb that led into it). */
function climbedBefore(points: Array<[number, number]>, onset: number): boolean {
  const early = points.filter(([t]) => t < onset - 20 * MIN).map((p) => p[1]);
  const late = points.filter(([t]) => t >= onset - 12 * MIN && t < onset - MIN).map((p) => p[1]);
  if (early.length < 4 || late.length < 2) return false;
  const base = quantile(early.slice(0, Math.ceil(early.length / 3)), 0.5);
  return base > 0 && quantile(late, 0.5) >= 1.5 * base;
}

/**
 * A usage series whose limit is known (a name that says "percent of", a published limit) and that stayed well under it
 * after the onset: flat or doubled at a few percent of its limit, it hit no ceiling (it is busier, not starved).
 */
function wellUnderItsLimit(s: SeriesSamples, ctx: AnalysisContext, limits: Limits, points = scoredPoints(s)): boolean {
  if (ctx.onset === null) return false;
  // A CPU-seconds counter is read as its rate (cores), the unit its limit is published in.
  const r = limitReading(s.metric, points, ctx.onset, limits.of(s, metricKind(s.metric)));
  return r !== null && !r.reached && r.share < NEAR_LIMIT;
}

/** A level under NEAR_LIMIT of the ceiling its family publishes (a pool's configured size): steady, not at a limit. */
function farBelowCeiling(bundle: EvidenceBundle, s: SeriesSamples, level: number): boolean {
  const ceiling = publishedCeiling(bundle, s);
  return ceiling !== null && level < NEAR_LIMIT * ceiling;
}

function nearOnset(t: number, ctx: AnalysisContext): boolean {
  return ctx.onset === null || (t >= ctx.onset - 15 * MIN && t <= ctx.onset + 15 * MIN);
}
const iso = (t: number) => new Date(t).toISOString();
function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(4);
}

