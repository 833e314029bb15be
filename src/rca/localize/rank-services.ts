// Ranks candidate services from their anomaly signals: cause-like signals (resource pressure, own errors) count more
// than symptom-like ones (a caller's client latency, the service the incident was reported on), each with its why.
import type { Category } from '../../core/report.js';
import { strength } from './robust.js';
import type { SignalKind as ReportedSignal } from './incident-text.js';
import { NEAR_LIMIT } from './saturation.js';
import { KIND_WEIGHT, type ServiceSignal, type SignalKind, type SignalSet } from './signal.js';
import { WEAK_SHARE } from './weak-departures.js';
import { SLOW_STATEMENTS } from './slow-statements.js';
import { descendants, waitedOnBy } from './waited-callees.js';

export interface Candidate {
  service: string;
  score: number;
  category: Category;
  /** What kind of problem the evidence shows, in words. */
  nature: string;
  /** Its strongest signals, strongest first. */
  signals: ServiceSignal[];
  /** Why it ranks above the next candidate. */
  why: string;
  /** The anomalous service it calls that explains its trouble, when one does. */
  explainedBy?: string | null;
  /**
   * The service that waits on this one, which is placed above it for that: a store a waiting service's calls reach
   * (waited-on.ts), or a weak place below a caller ranked only for waiting on its calls (waited-callees.ts).
   */
  waitedBy?: string;
}

type Group = 'resource' | 'errors' | 'latency';
const GROUP: Record<SignalKind, Group> = {
  cpu: 'resource',
  memory: 'resource',
  disk: 'resource',
  handles: 'resource',
  restarts: 'resource',
  errors: 'errors',
  client_errors: 'latency',
  log_errors: 'errors',
  latency: 'latency',
  client_latency: 'latency',
  network: 'latency',
  network_faults: 'latency',
  traffic: 'latency',
  named_by_errors: 'latency',
  relayed_errors: 'errors',
  flow_break: 'errors',
  wrong_values: 'errors',
  other: 'latency',
};
/** Kinds beside resource pressure that, at a callee, explain its callers' trouble. */
const EXPLAINS: ReadonlySet<SignalKind> = new Set(['flow_break', 'network_faults', 'wrong_values']);
/** Below this a candidate's evidence is too weak to name a category. */
const WEAK = 1;

export interface RankOptions {
  /** Services the incident text names: where the symptom was felt, the start of the walk rather than its end. */
  reportedOn?: string[];
  /** What the text says was felt there (latency, errors...): that kind of signal at the reported service is the symptom. */
  reportedSignal?: ReportedSignal;
  /** The services each service calls (from request flows): a caller's errors and latency follow its callees'. */
  callees?: Map<string, Set<string>>;
}

/** The groups of signal that are the reported symptom itself at the service the text names. */
function symptomGroups(kind: ReportedSignal | undefined): Set<Group> {
  return new Set<Group>(kind === 'errors' || kind === 'timeouts' || kind === 'unavailable' ? ['latency', 'errors'] : ['latency']);
}

/** What is left of a caller's error and latency evidence when a service it calls (directly or not) is anomalous itself. */
export const VICTIM_SHARE = 0.4;
/** A callee explains its caller's trouble only with a score of at least this share of the caller's. */
const EXPLAINS_SHARE = 0.5;

/**
 * How much a family's firing says about one service: log2(1 + N/n) for n of its N services firing at once. A CPU
 * rise in one pod of nine is telling; CPU rising in fourteen of forty-seven is the whole system reacting (IDF-style).
 */
export function rarity(population: number, firing: number): number {
  return Math.log2(1 + Math.max(population, firing, 1) / Math.max(firing, 1));
}

export function rankServices(set: SignalSet, opts: RankOptions = {}): Candidate[] {
  // Weak signals only give places to services with nothing stronger: they never add to a stronger service's weight.
  const strong = new Set(set.signals.filter((s) => !s.weak).map((s) => s.service));
  const signals = set.signals.filter((s) => !s.weak || !strong.has(s.service));
  // A service whose every strong departure repeats a routine burst (harmless-repeats.ts) is placed after all others.
  const fresh = new Set(set.signals.filter((s) => !s.weak && !s.routine).map((s) => s.service));
  const routine = new Set([...strong].filter((s) => !fresh.has(s)));
  const firing = new Map<string, Set<string>>();
  for (const s of signals) if (!s.weak) firing.set(s.family, (firing.get(s.family) ?? new Set()).add(s.service));
  const rare = (s: ServiceSignal) => rarity(set.population.get(s.family) ?? 0, firing.get(s.family)?.size ?? 1);
  const byService = new Map<string, ServiceSignal[]>();
  for (const s of signals) byService.set(s.service, [...(byService.get(s.service) ?? []), s]);
  const others = (svc: string) => [...byService.keys()].some((k) => k !== svc);
  const scored = [...byService].map(([service, list]) => {
    const reported = (opts.reportedOn ?? []).includes(service) && others(service);
    // The strongest signal of each kind counts once, weighted by how cause-like the kind is.
    const best = new Map<SignalKind, ServiceSignal>();
    for (const s of list) if (!best.has(s.kind) || best.get(s.kind)!.z < s.z) best.set(s.kind, s);
    const parts = [...best.values()].map((s) => {
      // Where the incident was reported, latency and traffic are the symptom itself, not a cause; so are errors when
      // the text reports errors there (its own errors still count where the text only speaks of latency).
      // Requests that stopped reaching it are seen in its callers' flows, not felt by the engineer: not the symptom; nor
      // is its own network path failing or slowing its answers, measured at its link rather than felt at its door.
      const symptom = reported && !EXPLAINS.has(s.kind) && symptomGroups(opts.reportedSignal).has(GROUP[s.kind]) ? 0.5 : 1;
      return { s, w: KIND_WEIGHT[s.kind] * strength(s.z) * symptom * (s.weak ? WEAK_SHARE : rare(s)) };
    });
    parts.sort((a, b) => b.w - a.w);
    // The strongest signal, corroborated by the others at half weight: many weak moves do not outweigh one clear one.
    const score = combine(parts);
    const byGroup = new Map<Group, number>();
    for (const p of parts) byGroup.set(GROUP[p.s.kind], (byGroup.get(GROUP[p.s.kind]) ?? 0) + p.w);
    return { service, score, parts, byGroup, explainedBy: null as string | null, weakOnly: !strong.has(service), routine: routine.has(service) };
  });
  explainByCallees(scored, opts.callees);
  // Tiers: services with a signal of their own strong enough to state first; then those with weak evidence of their own
  // that may be what a caller ranked only for waiting on its calls waits on (waited-callees.ts): that caller's own
  // evidence says the trouble began below it, so it is where the trouble was felt, and a departure below it, however
  // small, is the likelier origin; then those whose evidence is mostly that their own calls got slower or failed; then
  // the other weak-only services (further places, each saying it is weak); each tier by weight.
  const waiters = scored.filter((x) => !x.weakOnly && x.score > 0 && waitingOnly(x)).sort((a, b) => b.score - a.score || tieBreak(a, b));
  const waitedBy = new Map(scored.filter((x) => x.weakOnly).map((x) => [x.service, waitedOnBy(x.service, waiters.map((w) => w.service), opts.callees)]));
  const tier = (x: (typeof scored)[number]) => (x.routine ? 4 : x.weakOnly ? (waitedBy.get(x.service) ? 1 : 3) : waitingOnly(x) ? 2 : 0);
  scored.sort((a, b) => tier(a) - tier(b) || b.score - a.score || tieBreak(a, b));
  return scored
    .filter((x) => x.score > 0)
    .map((x, i, all) => {
      const waited = waiters.find((w) => w.service === waitedBy.get(x.service));
      // A place offered for what a waiting caller waits on is of the kind the caller's wait shows (a slow dependency).
      const lead = x.parts[0]!.s;
      const { category, nature } = x.routine
        ? { category: 'unknown' as const, nature: `a routine burst, not the cause: ${x.parts.find((p) => p.s.routine)?.s.routine ?? lead.what}` }
        : x.weakOnly
        ? { category: waited ? categorize(waited.parts, waited.score).category : ('unknown' as const), nature: `weak anomalies only (low confidence)${waited ? `, below ${waited.service}, which waits on its calls` : ''}` }
        : categorize(x.parts, x.score);
      const next = all[i + 1];
      const why = x.routine
        ? `its departures repeat bursts of the same series before the onset that left the symptom at its baseline (weighted ${x.score.toFixed(2)}): routine, ranked below every new departure`
        : x.weakOnly
        ? `weak evidence only: its own series moved by their own measure, less than the system's services usually differ by (weighted ${x.score.toFixed(2)})${waited ? `; ranked above ${waited.service}, whose evidence is only its own calls getting slower or failing, as what it may wait on` : ''}`
        : !next
        ? all.length === 1
          ? 'the only service whose own signals departed from their baseline'
          : `the last service whose signals departed from their baseline (weighted ${x.score.toFixed(2)})`
        : next.routine
          ? `its own ${describe(lead.kind)} moved, where ${next.service}'s departures repeat a routine burst (weighted ${x.score.toFixed(2)} against ${next.score.toFixed(2)})`
          : waitingOnly(next) && !waitingOnly(x)
          ? `its own ${describe(lead.kind)} moved, where ${next.service} only waits on its calls (weighted ${x.score.toFixed(2)} against ${next.score.toFixed(2)})`
          : `its ${describe(lead.kind)} moved ${x.score.toFixed(2) === next.score.toFixed(2) ? 'as much' : 'more'} (weighted ${x.score.toFixed(2)} against ${next.score.toFixed(2)} for ${next.service})`;
      // A caller that only waits, with no anomalous callee known: where the walk stops is not where the trouble began.
      const victim = x.explainedBy
        ? `; its errors and latency count for less because ${x.explainedBy}, which it calls, is anomalous itself`
        : !x.weakOnly && !x.routine && waitingOnly(x)
          ? '; its evidence is its own calls getting slower or failing, so the trouble is likely in a service it calls'
          : '';
      // When a resource at its limit names the category, it leads the evidence, whatever moved more on its own scale.
      const pressure = category === 'resource_exhaustion' ? atLimit(x.parts) : undefined;
      const ordered = pressure ? [pressure, ...x.parts.filter((p) => p !== pressure)] : x.parts;
      return { service: x.service, score: x.score, category, nature, signals: ordered.map((p) => p.s).slice(0, 3), why: why + victim, explainedBy: x.explainedBy, ...(waited ? { waitedBy: waited.service } : {}) };
    });
}

/**
 * Equal weights (strengths stop growing at a certain z) are ordered by the data, not by the names: the larger raw
 * departure of the strongest signal, then the earlier start; the name only when the data cannot tell them apart.
 */
function tieBreak(a: Scored, b: Scored): number {
  const [x, y] = [a.parts[0]?.s, b.parts[0]?.s];
  return (y?.z ?? 0) - (x?.z ?? 0) || (x?.start ?? Infinity) - (y?.start ?? Infinity) || a.service.localeCompare(b.service);
}

/** Kinds that say only "this service's own calls got slower or failed": a callee's trouble seen from its caller. */
const WAITING: ReadonlySet<SignalKind> = new Set(['client_latency', 'client_errors']);

/**
 * Its evidence is waiting on its calls, with nothing of its own strong enough to state (a CPU blip far below its limit
 * beside calls at their timeout): however large, that says where the trouble was felt, not where it began.
 */
function waitingOnly(x: { parts: Array<{ s: ServiceSignal; w: number }> }): boolean {
  return combine(x.parts.filter((p) => !WAITING.has(p.s.kind))) < WEAK;
}

/** The strongest signal, corroborated by the others at half weight: many weak moves do not outweigh one clear one. */
function combine(parts: Array<{ w: number }>): number {
  return [...parts].sort((a, b) => b.w - a.w).reduce((a, p, i) => a + (i === 0 ? p.w : 0.5 * p.w), 0);
}

interface Scored {
  service: string;
  score: number;
  parts: Array<{ s: ServiceSignal; w: number }>;
  byGroup: Map<Group, number>;
  explainedBy: string | null;
  weakOnly: boolean;
  /** Its only strong evidence repeats a routine burst: placed after every other service. */
  routine: boolean;
}

/**
 * Victim versus culprit along the call graph: a caller whose callee (directly or further down) is anomalous in its own
 * right has its errors and latency discounted, so the walk from the symptom ends at the deepest anomalous service.
 * Resource pressure is the caller's own and keeps its weight; its errors and broken flows keep theirs unless the callee
 * fails too (a callee's load alone explains slowness, not errors).
 */
function explainByCallees(scored: Scored[], callees: Map<string, Set<string>> | undefined): void {
  if (!callees || callees.size === 0) return;
  const raw = new Map(scored.map((x) => [x.service, x.score]));
  // Only evidence that explains a caller's trouble: requests breaking at the callee, the callee starved of a resource,
  // its own network path dropping and retransmitting (which slows every call to it), or its own handling time rising:
  // a synchronous caller's handling time contains its calls' time, so a callee that answers slower makes its callers
  // answer slower by as much, and a caller whose calls slowed toward a callee that answers as fast as before is not
  // explained (its own path, or the link between them, is where the delay is added).
  const explains = new Set(scored.filter((x) => !x.weakOnly && !x.routine && x.parts.some((p) => EXPLAINS.has(p.s.kind) || GROUP[p.s.kind] === 'resource' || p.s.kind === 'latency')).map((x) => x.service));
  for (const x of scored) {
    const below = descendants(x.service, callees);
    const culprit = [...below]
      .filter((d) => explains.has(d) && (raw.get(d) ?? 0) >= Math.max(WEAK, EXPLAINS_SHARE * x.score))
      .sort((a, b) => raw.get(b)! - raw.get(a)! || a.localeCompare(b))[0];
    if (!culprit) continue;
    x.explainedBy = culprit;
    // Like explains like: a callee's load explains its callers' slowness, not their errors; errors are explained by
    // errors or broken requests further down, and a flow breaking here only by requests breaking further down.
    const breaks = has(scored, culprit, (k) => k === 'flow_break');
    const fails = breaks || has(scored, culprit, (k) => GROUP[k] === 'errors');
    const own = (p: { s: ServiceSignal }) => GROUP[p.s.kind] === 'resource' || (p.s.kind === 'flow_break' ? !breaks : GROUP[p.s.kind] === 'errors' && !fails);
    x.parts = x.parts.map((p) => (own(p) ? p : { ...p, w: p.w * VICTIM_SHARE })).sort((a, b) => b.w - a.w);
    x.score = combine(x.parts);
    x.byGroup = new Map();
    for (const p of x.parts) x.byGroup.set(GROUP[p.s.kind], (x.byGroup.get(GROUP[p.s.kind]) ?? 0) + p.w);
  }
}

function has(scored: Scored[], service: string, kind: (k: SignalKind) => boolean): boolean {
  return scored.some((x) => x.service === service && x.parts.some((p) => kind(p.s.kind)));
}

/**
 * The category the candidate's evidence supports: resource exhaustion when a usage series reached its limit (or, where
 * the limit is unknown, resource signals outweigh the rest); a usage series far below its limit is no pressure, however
 * much it rose. Then errors with no resource pressure (an application error), else latency (network or a dependency).
 */
function categorize(parts: Array<{ s: ServiceSignal; w: number }>, score: number): { category: Category; nature: string } {
  if (score < WEAK) return { category: 'unknown', nature: 'weak anomalies' };
  const saturated = atLimit(parts);
  if (saturated) {
    const share = Math.round((saturated.s.limitShare ?? 0) * 100);
    return { category: 'resource_exhaustion', nature: `${describe(saturated.s.kind)} pressure (usage at ${share} % of its limit)` };
  }
  // A pod that restarted or was replaced, with no resource at its limit to say why: the platform's doing or a crash.
  if (parts[0]?.s.kind === 'restarts') return { category: 'infrastructure', nature: 'its pod restarted or was replaced (killed, crashed or evicted)' };
  const byGroup = new Map<Group, number>();
  for (const p of parts) {
    const group = GROUP[p.s.kind];
    if (group === 'resource' && p.s.limitShare !== undefined) continue;
    byGroup.set(group, (byGroup.get(group) ?? 0) + p.w);
  }
  const [top] = [...byGroup].sort((a, b) => b[1] - a[1]);
  if (!top) return { category: 'unknown', nature: 'usage that rose but stayed far below its limit' };
  if (top[0] === 'resource') return { category: 'resource_exhaustion', nature: 'resource pressure' };
  // New errors in one service with no resource pressure: an application error; a code regression only with a change.
  if (top[0] === 'errors') return { category: 'unknown', nature: 'an application error' };
  // A database timing its own statements as slow measures its own work, not the network to it: with no CPU at its limit,
  // they wait on its disk or its locks, a resource contended inside it.
  if (parts.find((p) => GROUP[p.s.kind] === 'latency')?.s.family === SLOW_STATEMENTS) return { category: 'resource_exhaustion', nature: 'its own statements slowed (waiting on its disk or locks)' };
  return { category: 'dependency_failure', nature: 'latency with no resource pressure (network or a dependency)' };
}

/** The resource signal at its limit with the most weight: the pressure that names the category and leads the evidence. */
function atLimit<P extends { s: ServiceSignal; w: number }>(parts: P[]): P | undefined {
  return parts.filter((p) => GROUP[p.s.kind] === 'resource' && (p.s.limitShare ?? 0) >= NEAR_LIMIT).sort((a, b) => b.w - a.w)[0];
}

function describe(kind: SignalKind): string {
  return {
    cpu: 'CPU',
    memory: 'memory',
    disk: 'disk I/O or space',
    handles: 'open handles (files, sockets, threads)',
    restarts: 'restarts',
    errors: 'error rate',
    client_errors: 'errors of its calls',
    log_errors: 'error logs',
    latency: 'latency',
    client_latency: 'latency of its calls',
    network: 'network traffic',
    network_faults: 'network faults (drops, loss, retransmits)',
    traffic: 'traffic',
    named_by_errors: 'name in other services\' errors',
    relayed_errors: 'errors relayed by its callers',
    flow_break: 'requests\' flow',
    wrong_values: 'answers\' values',
    other: 'metrics',
  }[kind];
}
