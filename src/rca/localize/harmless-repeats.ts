// A departure after the onset whose like (same series, as high, as long) already came and went earlier in the window
// while the incident's symptom stayed at its baseline is a routine burst (a backup, a cron job), not the cause.
import type { SeriesSamples } from '../../core/evidence.js';
import { median } from '../../core/median.js';
import type { EvidenceBundle } from '../bundle.js';
import { seriesName, type Point } from '../series.js';
import { ownBaseline } from './robust.js';
import type { SignalKind as ReportedSignal } from './incident-text.js';
import { serviceOfSeries } from './metric-scores.js';
import { scoredPoints, serverErrorStatus } from './series-shape.js';
import { metricKind, pressureFalls, type ServiceSignal, type SignalKind } from './signal.js';
import { spanSideKind } from './span-kind.js';

/** Where the incident was felt and how: the services the text names (else the entry) and the kind of signal. */
export interface Symptom {
  services: string[];
  kind: ReportedSignal;
}

/** An earlier run counts as the same burst when its peak reached this share of the departure now. */
const LEVEL_SHARE = 2 / 3;
/** A burst's span is where it stood above its baseline by this share of its excess. */
const SPAN_SHARE = 1 / 4;
/** A symptom series that shows the incident stayed at its baseline when it moved by less than this share of its move now. */
const CALM_SHARE = 0.25;
/** Too few points before the onset to tell a baseline from a burst. */
const MIN_BEFORE = 5;
/** A departure is this many of the series' own scales (the bar the candidates' own signals are held to). */
const DEPARTED = 3;

interface Run {
  from: number;
  to: number;
  peak: number;
}

/**
 * The signals, each metric departure that repeats an earlier burst of its own series marked `routine` with the reason.
 * Nothing is marked without a symptom series that departed now and stayed calm during the earlier burst: an earlier
 * burst that came with the symptom is a fault that recurs (or a flapping incident), and says nothing harmless.
 */
export function markRoutineRepeats(signals: ServiceSignal[], bundle: EvidenceBundle, window: { from: number; onset: number }, symptom: Symptom, nameOf: (s: string) => string = (s) => s): ServiceSignal[] {
  const all = [...bundle.series, ...bundle.counters, ...bundle.usageCounters].flatMap((c) => c.data);
  const inWindow = (s: SeriesSamples) => scoredPoints(s).filter((p) => p[0] >= window.from);
  const wanted = symptomKinds(symptom.kind);
  const felt = all
    .filter((s) => symptom.services.includes(nameOf(serviceOfSeries(s.labels) ?? '')) && wanted.has(sideKind(s)))
    .map((s) => ({ name: `${nameOf(serviceOfSeries(s.labels)!)}'s ${sideKind(s)}`, move: departure(inWindow(s), window.onset) }))
    .filter((x): x is { name: string; move: Departure } => x.move !== null);
  if (!felt.some((f) => f.move.shows)) return signals;
  const named = all.map((s) => ({ s, name: `${seriesName(s)} ` }));
  return signals.map((sig) => {
    // A weak departure is already placed after the strong ones, and a one-sample wobble repeats by chance.
    if (sig.weak) return sig;
    // The series a metric signal was read from is the one its line starts with (logs' and flows' signals have none).
    const s = named.find((x) => sig.what.startsWith(x.name))?.s;
    if (!s || nameOf(serviceOfSeries(s.labels) ?? '') !== sig.service || pressureFalls(s.metric)) return sig;
    const earlier = repeatedRun(inWindow(s), window.onset);
    if (!earlier) return sig;
    // Every series of the symptom stayed near its baseline through the burst and the sample after it (a p99 that leapt
    // then says the earlier burst hurt, though it moves too little now to show the incident).
    const calm = felt.every((f) => f.move.during(earlier.from, earlier.to + f.move.step) <= f.move.calm);
    if (!calm) return sig;
    const names = [...new Set(felt.map((f) => f.name))].join(', ');
    return { ...sig, routine: `${seriesName(s)} did the same at ${hhmm(earlier.from)} with no effect on ${names}` };
  });
}

/** Without a service named in the text, the entry: services that call others and that nothing calls. */
export function entryServices(callees: Map<string, Set<string>>): string[] {
  const called = new Set([...callees.values()].flatMap((c) => [...c]));
  return [...callees].filter(([s, c]) => c.size > 0 && !called.has(s)).map(([s]) => s);
}

/** The series' own kind, its span side applied, with a server-error (5xx) series read as errors. */
function sideKind(s: SeriesSamples): SignalKind {
  return spanSideKind(serverErrorStatus(s.labels) === true ? 'errors' : metricKind(s.metric), s.labels);
}

function symptomKinds(kind: ReportedSignal): Set<SignalKind> {
  // Failing requests are felt as errors and as their time (rank-services' symptom groups read them alike).
  return new Set(kind === 'latency' ? ['latency'] : ['latency', 'errors']);
}

interface Departure {
  /** It clearly departed after the onset (beyond its own noise before it). */
  shows: boolean;
  /** How far its peak after the onset lies above its baseline. */
  excess: number;
  /** How far above its baseline it may go and still be at its baseline: a share of its move now, or its own noise. */
  calm: number;
  /** The usual step between its samples. */
  step: number;
  /** How far above its baseline it went between two times. */
  during: (from: number, to: number) => number;
}

/**
 * A symptom series' move after the onset against its own baseline before it (the median, robust to earlier incidents
 * under half of it, and its spread: robust.ts' reading, so "departed" means here what it means for the candidates).
 */
function departure(points: Point[], onset: number): Departure | null {
  const own = ownBaseline(points, onset);
  const after = points.filter((p) => p[0] >= onset).map((p) => p[1]);
  if (!own || points.filter((p) => p[0] < onset).length < MIN_BEFORE || after.length === 0) return null;
  const excess = Math.max(...after) - own.baseline;
  // No sample of the symptom during the burst says nothing about it: not calm.
  const during = (a: number, b: number) => {
    const inside = points.filter((p) => p[0] >= a && p[0] <= b);
    return inside.length ? Math.max(...inside.map((p) => p[1] - own.baseline)) : Infinity;
  };
  const shows = excess >= DEPARTED * own.scale;
  return { shows, excess, calm: Math.max(shows ? CALM_SHARE * excess : 0, DEPARTED * own.scale), step: sampleInterval(points), during };
}

/**
 * The latest run before the onset that matches the series' departure now: a stretch clearly above the baseline (by a
 * quarter of the excess now), peaking at no less than two thirds of the peak now, that lasted at least as long, give
 * or take one sample (a burst now longer than the earlier one is new). Null when none does.
 */
export function repeatedRun(points: Point[], onset: number): Run | null {
  const before = points.filter((p) => p[0] < onset).map((p) => p[1]);
  if (before.length < MIN_BEFORE || !points.some((p) => p[0] >= onset)) return null;
  const base = median(before);
  const peakNow = Math.max(...points.filter((p) => p[0] >= onset).map((p) => p[1]));
  const excess = peakNow - base;
  if (!(excess > 0)) return null;
  const runs = runsAbove(points, base + SPAN_SHARE * excess);
  const now = runs.find((r) => r.to >= onset && r.peak === peakNow);
  if (!now) return null;
  const slack = sampleInterval(points);
  const earlier = runs.filter((r) => r.to < now.from && r.peak - base >= LEVEL_SHARE * excess && now.to - now.from <= r.to - r.from + slack);
  return earlier[earlier.length - 1] ?? null;
}

/** The usual time between new samples: a range query repeats a scrape until the next one, so repeats are not samples. */
function sampleInterval(points: Point[]): number {
  const changes = points.filter((p, i) => i === 0 || p[1] !== points[i - 1]![1]).map((p) => p[0]);
  return median(changes.slice(1).map((t, i) => t - changes[i]!));
}

/** Maximal runs of consecutive points at or above a level. */
function runsAbove(points: Point[], level: number): Run[] {
  const out: Run[] = [];
  let cur: Run | null = null;
  for (const [t, v] of points) {
    if (v >= level && cur) {
      cur.to = t;
      cur.peak = Math.max(cur.peak, v);
    } else if (v >= level) {
      cur = { from: t, to: t, peak: v };
    } else if (cur) {
      out.push(cur);
      cur = null;
    }
  }
  if (cur) out.push(cur);
  return out;
}

function hhmm(t: number): string {
  return new Date(t).toISOString().slice(11, 16);
}
