// Per-service signals from request flows (trace ids in the logs): a step-to-step transition that requests took before
// the onset and stopped taking after it. A call that no longer reaches its callee blames the callee; a flow that
// changes course inside one service blames that service. Counts are compared with what the step's own rate predicts
// (a callee returning to its caller: with how often that caller still calls it).
import type { EvidenceBundle, RequestFlows } from '../bundle.js';
import { normalizeService } from '../service-names.js';
import { cite } from '../quote.js';
import type { ServiceSignal, SignalSet } from './signal.js';
import { failingRequestSignals } from './flow-failures.js';
import { ownFailingRequests } from './own-failing-requests.js';
import { silencedStatements } from './silenced-statements.js';
import { responseWaitSignals } from './response-waits.js';
import { slowStatementSignals } from './slow-statements.js';
import { shiftedValues } from './shifted-values.js';

const MIN = 60_000;
/** Least occurrences of a step on each side of the onset for its transitions to be compared. */
const MIN_STEP = 3;
/** A transition's shortfall (Poisson-style z) that counts as missing. */
const MISSING_Z = 2;
/** Most of a transition's expected count still seen after the onset for it to count as gone. */
const VANISHED = 0.3;
/** Least share of a vanished transition's requests (per minute) that must have gone another way from the same step. */
const REROUTED = 0.5;
/**
 * Puts a count test's z on the scale of the metrics' robust z: request counts follow their Poisson model, so a
 * shortfall of 3 is already rare, while minute samples of latency or CPU are heavy-tailed (z 10 is common noise).
 */
export const COUNT_Z_SCALE = 3;

interface Blame {
  z: number;
  worst: { z: number; what: string; quote: string } | null;
}

/**
 * Request-flow signals: transitions that stopped (flow_break), services failing most requests that reach them,
 * statements that fell silent (traced or not), responses that took longer to come back (response-waits.ts) and a
 * database's slow statements jumping (slow-statements.ts).
 */
export function flowSignals(bundle: EvidenceBundle, onset: number): SignalSet {
  const parts = [
    flowBreaks(bundle, onset),
    failingRequestSignals(bundle, onset, COUNT_Z_SCALE),
    // Without trace ids, each service's own bursts of entries stand for its requests.
    ownFailingRequests(bundle, onset, COUNT_Z_SCALE),
    silencedStatements(bundle, onset, COUNT_Z_SCALE),
    responseWaitSignals(bundle, onset),
    slowStatementSignals(bundle, onset, COUNT_Z_SCALE),
    shiftedValues(bundle, onset, COUNT_Z_SCALE),
  ];
  return { signals: parts.flatMap((p) => p.signals), population: new Map(parts.flatMap((p) => [...p.population])) };
}

function flowBreaks(bundle: EvidenceBundle, onset: number): SignalSet {
  return breaksIn(bundle, bundle.flows?.data, onset, { family: 'request flows', path: 'requests' });
}

/**
 * Transitions of `flows` that stopped, as signals: `words.path` names what took them (traced requests, or a service's
 * own entries in the order its log holds them, own-sequences.ts), `words.family` the family the signals count in.
 */
export function breaksIn(bundle: EvidenceBundle, flows: RequestFlows | undefined, onset: number, words: { family: string; path: string }, usual = 0): SignalSet {
  const population = new Map<string, number>();
  if (!flows || flows.transitions.length === 0) return { signals: [], population };
  const svc = (i: number) => (i < 0 ? null : flows.steps[i]!.service ? normalizeService(flows.steps[i]!.service!) : null);
  population.set(words.family, new Set(flows.steps.map((s) => s.service).filter(Boolean)).size);
  const blame = new Map<string, Blame>();
  // Each transition is tested with the minute holding the onset left out and, where the minutes before it saw too little
  // of its step, with that minute counted as before: "since about 10:04" is good to the minute, and a fault injected
  // late in it leaves that minute's requests mostly unharmed, which may be the only ones that took a path at all before
  // it (a capture that starts a minute early). The stronger of the two tests counts.
  const best = new Map<string, Missing>();
  for (const split of sides(flows, onset)) {
    for (const m of missingTransitions(flows, split, usual)) {
      const key = `${m.t.from}>${m.t.to}`;
      if (!best.has(key) || best.get(key)!.z < m.z) best.set(key, m);
    }
  }
  for (const { t, z, seen, expected } of best.values()) {
    const caller = svc(t.from);
    const callee = svc(t.to);
    // The request still reaches the caller's step but no longer the callee's: the callee failed before it logged.
    const crossed = callee !== null && caller !== null && callee !== caller;
    const target = crossed ? callee : caller;
    if (!target) continue;
    const from = flows.steps[t.from]!.step;
    const to = t.to < 0 ? 'the end of the request' : `"${flows.steps[t.to]!.step}"`;
    const what = crossed
      ? `requests stopped reaching ${callee}: ${to} followed ${caller}'s "${from}" ${seen} times after the onset against ${expected.toFixed(1)} expected from before`
      : `${target}'s ${words.path} changed course: ${to} followed "${from}" ${seen} times after the onset against ${expected.toFixed(1)} expected from before`;
    const b = blame.get(target) ?? { z: 0, worst: null };
    b.z += z;
    if (!b.worst || z > b.worst.z) b.worst = { z, what, quote: t.to >= 0 && crossed ? flows.steps[t.to]!.step : from };
    blame.set(target, b);
  }
  const signals: ServiceSignal[] = [];
  for (const [service, b] of blame) {
    const what = b.worst!.what;
    const evidence = bundle.flows ? cite(bundle, bundle.flows.call_id, what, [b.worst!.quote]) : null;
    signals.push({ service, kind: 'flow_break', family: words.family, z: b.z * COUNT_Z_SCALE, start: null, what, evidence });
  }
  return { signals, population };
}

interface Missing {
  t: RequestFlows['transitions'][number];
  z: number;
  seen: number;
  expected: number;
}

/**
 * Transitions that requests took before and (nearly) stopped taking after, on one split of the minutes; only those that
 * carried at least `usual` of their step's visits before the onset.
 */
function missingTransitions(flows: RequestFlows, { pre, post, strictPre }: Split, usual: number): Missing[] {
  if (!pre.length || !post.length) return [];
  // A loop, not reduce: the same additions in the same order, without a callback per minute of every transition.
  const sum = (counts: number[], idx: number[]) => {
    let a = 0;
    for (let k = 0; k < idx.length; k++) a += counts[idx[k]!]!;
    return a;
  };
  const preOut = new Map<number, number>();
  const postOut = new Map<number, number>();
  for (const t of flows.transitions) {
    preOut.set(t.from, (preOut.get(t.from) ?? 0) + sum(t.counts, pre));
    postOut.set(t.from, (postOut.get(t.from) ?? 0) + sum(t.counts, post));
  }
  const calls = new Map(flows.calls.map((c) => [`${c.caller}\u0000${c.callee}`, c.counts]));
  const out: Missing[] = [];
  for (const t of flows.transitions) {
    const before = sum(t.counts, pre);
    // A callee's step followed by its caller's is the call returning: how often it returns to that caller follows how
    // often that caller called it (requests of one kind may thin out while another caller's grow), so the reference is
    // the caller's calls to it, not everything that left the callee's step.
    const [from, to] = [flows.steps[t.from]!.service, t.to >= 0 ? flows.steps[t.to]!.service : null];
    const back = from && to && from !== to ? calls.get(`${to}\u0000${from}`) : undefined;
    const seen = sum(t.counts, post);
    // A step followed by itself is the step once more (a loop, or two statements that a logger without line numbers
    // prints alike, Spring Boot's pattern): every visit ends by leaving for another step, so the share of visits that
    // repeat is read against the visits (the step's other exits), not against exits that count each repeat again.
    const again = t.from === t.to;
    const [stepPre, stepPost] = again ? [preOut.get(t.from)! - before, postOut.get(t.from)! - seen] : [preOut.get(t.from)!, postOut.get(t.from)!];
    const refPre = back ? sum(back, pre) : stepPre;
    const refPost = back ? sum(back, post) : stepPost;
    // The step itself must still be taken after the onset (a step whose words changed is a new step, not a break).
    if (before === 0 || before < usual * stepPre || refPre < MIN_STEP || refPost < MIN_STEP || stepPost < MIN_STEP) continue;
    // The onset's own minute stands in for "before" only where the minutes before it saw too little of the step: where
    // they did, its requests add the fault's own first moments (a burst of retries) to the baseline.
    if (strictPre && (back ? sum(back, strictPre) : sumOut(flows, t.from, strictPre) - (again ? sum(t.counts, strictPre) : 0)) >= MIN_STEP) continue;
    const expected = (before / refPre) * refPost;
    const z = (expected - seen) / Math.sqrt(expected + 1);
    // A broken call mostly disappears; a request mix that shifts only thins a transition out.
    if (z < MISSING_Z || seen > VANISHED * expected) continue;
    // An error path that requests stopped taking is a recovery, not a break.
    if (flows.steps[t.from]!.failed || (t.to >= 0 && flows.steps[t.to]!.failed)) continue;
    // A broken path sends the requests that still arrive somewhere else (another step, an error, the end); when the
    // others did not take up what this one lost, fewer such requests came at all: the mix changed, nothing broke. A
    // repeat that stopped needs no such test: its visits went on where they always went after the step, by definition.
    const lost = before / pre.length - seen / post.length;
    const gained = (stepPost - seen) / post.length - (stepPre - before) / pre.length;
    if (!back && !again && gained < REROUTED * lost) continue;
    out.push({ t, z, seen, expected });
  }
  return out;
}

interface Split {
  pre: number[];
  post: number[];
  /** When `pre` holds the onset's minute: the minutes before it. */
  strictPre?: number[];
}

/** Everything that left a step in the given minutes. */
function sumOut(flows: RequestFlows, step: number, idx: number[]): number {
  let n = 0;
  for (const t of flows.transitions) if (t.from === step) for (const i of idx) n += t.counts[i]!;
  return n;
}

/**
 * The minutes before and after the onset, twice: with the minute holding the onset left out (an onset read from "since
 * about 11:19" is only good to the minute), and with it counted as before for steps the minutes before it hardly saw. The last minute is always left out: requests
 * starting there are cut off by the window.
 */
function sides(flows: RequestFlows, onset: number): Split[] {
  const onsetMinute = Math.floor(onset / MIN) * MIN;
  const last = flows.minutes.length - 1;
  const pre: number[] = [];
  const post: number[] = [];
  let held = -1;
  flows.minutes.forEach((m, i) => {
    if (m < onsetMinute) pre.push(i);
    else if (m === onsetMinute) held = i;
    else if (i < last) post.push(i);
  });
  return held < 0 ? [{ pre, post }] : [{ pre, post }, { pre: [...pre, held], post, strictPre: pre }];
}

/** The services each service called in the window's requests (names normalised), from request_flows. */
export function callGraph(bundle: EvidenceBundle): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const c of bundle.flows?.data.calls ?? []) {
    const [caller, callee] = [normalizeService(c.caller), normalizeService(c.callee)];
    if (caller === callee || c.counts.every((n) => n === 0)) continue;
    out.set(caller, (out.get(caller) ?? new Set()).add(callee));
  }
  return out;
}
