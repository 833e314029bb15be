// Per-service signal from the values a service's ordinary lines carry: a field whose values moved at the onset (a count
// of 5 turned into 40, `result=true` into `result=false`) with no error logged is a service answering wrong values.
import type { EvidenceBundle, RequestFlows } from '../bundle.js';
import { normalizeService } from '../service-names.js';
import { cite } from '../quote.js';
import type { ServiceSignal, SignalSet } from './signal.js';

const MIN = 60_000;
/** Least values of a field on each side of the onset for a share to be read at all. */
const MIN_SIDE = 20;
/**
 * Least rise of one value's share (from before to after) that counts as the answers changing: a new release's or a
 * traffic mix's drift moves shares by a few points, a service answering wrong moves a large part of its answers.
 */
const MIN_SHIFT = 0.2;
/** The binomial z a shift must pass (the count tests' level, before their scale). */
const SHIFT_Z = 3;
/**
 * A shifted statement carries a value it was handed when, in most requests, another shifted statement logged just
 * before it: the value moved there first.
 */
const HANDED_SHARE = 0.5;

type Field = NonNullable<RequestFlows['fields']>[number];
interface Shift {
  f: Field;
  value: string;
  z: number;
  before: number;
  after: number;
}

/**
 * Wrong answers are invisible to error counts: Go and Java services log a request's result fields (go-kit's logging
 * middleware `result=false`, zerolog's `hotels=28`), and a service that returns a wrong value keeps logging at info level
 * while its callers act on it (DeathStarBench's geo returning far too many hotels, a payment gateway declining
 * everything). Each field's values before the onset give each value's share (Laplace-smoothed); a value whose share
 * after the onset rose by MIN_SHIFT or more, beyond chance (a binomial z), is a shift. Where trace ids order the
 * lines, a shifted line that other shifted lines precede in the same requests only carries the value on (a caller
 * logs what its callee returned, a later call is made with it); the lines that nothing shifted precedes are where it
 * began, and only their services are named. Without traces every shifted service is named.
 */
export function shiftedValues(bundle: EvidenceBundle, onset: number, countZScale: number): SignalSet {
  const population = new Map<string, number>();
  const flows = bundle.flows?.data;
  const fields = flows?.fields ?? [];
  const minutes = flows?.statementMinutes ?? [];
  if (!flows || fields.length === 0) return { signals: [], population };
  population.set('field values', new Set(fields.map((f) => f.service).filter(Boolean)).size);
  const onsetMinute = Math.floor(onset / MIN) * MIN;
  const pre = minutes.map((m) => m < onsetMinute);
  // The minute holding the onset is left out where later minutes exist (a fault injected late in it leaves it mostly before).
  const later = minutes.some((m) => m > onsetMinute);
  const post = minutes.map((m) => (later ? m > onsetMinute : m >= onsetMinute));
  const shifts = fields.flatMap((f) => {
    const s = fieldShift(f, pre, post);
    return s && f.service ? [s] : [];
  });
  const origins = firstInRequests(shifts, flows);
  const best = new Map<string, Shift>();
  for (const s of origins) {
    const service = normalizeService(s.f.service!);
    if ((best.get(service)?.z ?? 0) < s.z) best.set(service, s);
  }
  const signals: ServiceSignal[] = [];
  for (const [service, s] of best) {
    const what = `${service}'s "${masked(s.f.step, s.f.field)}" lines now give ${s.f.field} ${shown(s.value)} in ${pct(s.after)} of them after the onset against ${pct(s.before)} before, with no error logged: it answers different values`;
    const evidence = bundle.flows ? cite(bundle, bundle.flows.call_id, what, [s.f.step]) : null;
    signals.push({ service, kind: 'wrong_values', family: 'field values', z: s.z * countZScale, start: null, what, evidence });
  }
  return { signals, population };
}

/** The field's most shifted value: the largest binomial z of a value's share after the onset against its share before. */
export function fieldShift(f: Field, pre: boolean[], post: boolean[]): Shift | null {
  const sum = (c: number[], side: boolean[]) => c.reduce((a, n, i) => a + (side[i] ? n : 0), 0);
  const before = f.counts.map((c) => sum(c, pre));
  const after = f.counts.map((c) => sum(c, post));
  const nPre = before.reduce((a, b) => a + b, 0);
  const nPost = after.reduce((a, b) => a + b, 0);
  if (nPre < MIN_SIDE || nPost < MIN_SIDE) return null;
  let out: Shift | null = null;
  f.values.forEach((value, i) => {
    const p0 = (before[i]! + 1) / (nPre + 2);
    const share = after[i]! / nPost;
    if (share - p0 < MIN_SHIFT) return;
    const z = (after[i]! - nPost * p0) / Math.sqrt(nPost * p0 * (1 - p0));
    if (z >= SHIFT_Z && (!out || out.z < z)) out = { f, value, z, before: before[i]! / nPre, after: share };
  });
  return out;
}

/** The shifts no other shifted statement directly precedes in most requests (all of them without trace ids). */
function firstInRequests(shifts: Shift[], flows: RequestFlows): Shift[] {
  if (flows.transitions.length === 0 || shifts.length < 2) return shifts;
  const stepOf = (s: Shift) => flows.steps.findIndex((x) => x.service === s.f.service && x.step === s.f.step);
  const shifted = new Set(shifts.map(stepOf).filter((i) => i >= 0));
  const total = (c: number[]) => c.reduce((a, b) => a + b, 0);
  return shifts.filter((s) => {
    const i = stepOf(s);
    if (i < 0) return true;
    const seen = flows.transitions.filter((t) => t.from === i).reduce((a, t) => a + total(t.counts), 0);
    const handed = flows.transitions.filter((t) => t.to === i && t.from !== i && shifted.has(t.from)).reduce((a, t) => a + total(t.counts), 0);
    return handed <= HANDED_SHARE * seen;
  });
}

/** A bucketed number (`~2^6`: 32 to 63) in words; a word as it is. */
function shown(value: string): string {
  const m = /^(-?)~2\^(\d+)$/.exec(value);
  if (!m) return `"${value}"`;
  const k = Number(m[2]);
  return k === 0 ? '0' : `${m[1]}${2 ** (k - 1)} to ${m[1]}${2 ** k - 1}`;
}

/** The statement as quoted: the moved field's own value masked, so the quote does not show one value as the statement's. */
function masked(step: string, field: string): string {
  const at = step.indexOf(`${field}=`);
  if (at < 0) return step;
  const from = at + field.length + 1;
  const end = step.slice(from).search(/\s|$/);
  return `${step.slice(0, from)}<*>${step.slice(from + end)}`;
}

const pct = (x: number) => `${Math.round(x * 100)} %`;
