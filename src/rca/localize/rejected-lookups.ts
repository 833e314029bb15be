// Callees whose answers their callers reject: a route newly answering "not found" for a key that one other service's
// route is keyed by, while that service keeps answering its lookups successfully, points at the answers it gives.
import type { SeriesSamples } from '../../core/evidence.js';
import { STATUS_LABELS } from '../../core/series-labels.js';
import type { EvidenceBundle } from '../bundle.js';
import { cite } from '../quote.js';
import { seriesName } from '../signals.js';
import { withZeroBefore } from './born-errors.js';
import { fmt, serviceOfSeries } from './metric-scores.js';
import { robustScore, typicalLevel, zText } from './robust.js';
import { scoredPoints, serverErrorStatus } from './series-shape.js';
import type { ServiceSignal, SignalSet } from './signal.js';

/** Labels that carry a request's route template (Express and Flask exporters, Micrometer's `uri`, OpenTelemetry). */
const ROUTE_LABELS = ['route', 'http_route', 'uri', 'handler', 'endpoint'];
/**
 * Statuses that answer about the entity the route names, not about the request's form or the caller's rights: it
 * does not exist (404, 410) or is in a state that forbids the operation (409, 422). A service says so from what the
 * entity's owner told it (a stock of 0, a product it did not find), so the owner's answer is where it came from.
 */
const ENTITY_REJECTION = /^(404|409|410|422)$/;
/** Counter names of request counts (Prometheus `_total`, a histogram's or summary's `_count`). */
const REQUESTS = /(_total|_count)$/;
/** The share of a route's usual traffic that is one unit of departure (as metric-scores.ts scales error families). */
const REJECTION_UNIT = 0.02;

/**
 * A route template's parameter names, normalised (`:sku` in Express, `{sku}` or `{sku:.+}` in Spring and OpenAPI,
 * `<sku>` or `<int:sku>` in Flask): the keys of the entities it is about.
 */
export function routeKeys(route: string): string[] {
  const out = new Set<string>();
  for (const m of route.matchAll(/:([A-Za-z_][\w-]*)|\{([A-Za-z_][\w-]*)(?::[^}]*)?\}|<(?:\w+:)?([A-Za-z_][\w-]*)>/g)) {
    const key = (m[1] ?? m[2] ?? m[3]!).toLowerCase().replace(/[-_]/g, '');
    // A bare `id` is, by REST convention, the route's own resource (a cart's id in /cart/:id, a user's in
    // /users/{id}): the same spelling in two services names two kinds of entity, so it links no one.
    if (!GENERIC_KEYS.has(key)) out.add(key);
  }
  return [...out];
}

/** Parameter names every resource uses for itself. */
const GENERIC_KEYS = new Set(['id', 'uuid']);

interface RouteSeries {
  s: SeriesSamples;
  service: string;
  route: string;
  status: string | null;
}

function routeSeries(data: SeriesSamples[]): RouteSeries[] {
  const out: RouteSeries[] = [];
  for (const s of data) {
    // Request counts only (a histogram's buckets and sums count the same requests again, by latency).
    if (!REQUESTS.test(s.metric)) continue;
    const route = ROUTE_LABELS.map((k) => s.labels[k]).find((v) => v !== undefined && v !== '');
    const service = serviceOfSeries(s.labels);
    if (!route || !service) continue;
    const status = STATUS_LABELS.map((k) => s.labels[k]).find((v) => v !== undefined) ?? null;
    out.push({ s, service, route, status });
  }
  return out;
}

/** How much a request counter grew from the onset on (the last count before it to the last count). */
function since(s: SeriesSamples, onset: number): number {
  const before = s.points.filter(([t]) => t < onset).at(-1)?.[1] ?? 0;
  return Math.max(0, (s.points.at(-1)?.[1] ?? 0) - before);
}

const after = (s: SeriesSamples, onset: number) => scoredPoints(s).filter(([t]) => t >= onset);

/**
 * For each service whose route rejects more entities since the onset, the one other service whose routes are keyed by
 * the same entity (its owner), when the owner keeps answering those lookups with successes and no more rejections or
 * failures of its own: the caller turned down what the owner answered (a product out of stock, a price of 0), so the
 * owner's answers are the suspects, scored as the caller's rejections. A key no other service's route has (a cart
 * not found is the cart's own verdict), a key several services serve, or an owner that rejects the lookups too (the
 * entity truly is absent: clients ask for what does not exist) names no one.
 */
export function rejectedLookups(bundle: EvidenceBundle, onset: number): SignalSet {
  const out: ServiceSignal[] = [];
  const population = new Map<string, number>();
  const isRejection = (l: Record<string, string>) => STATUS_LABELS.some((k) => l[k] !== undefined && ENTITY_REJECTION.test(l[k]!));
  const calls = [...bundle.series, ...bundle.counters].map((c) => ({ c, all: routeSeries(withZeroBefore(c.data, isRejection)) }));
  // Who serves which key, over every metric: services export their routes under different metric names.
  const owners = new Map<string, Set<string>>();
  for (const { all } of calls) for (const r of all) for (const k of routeKeys(r.route)) owners.set(k, (owners.get(k) ?? new Set()).add(r.service));
  const everyRoute = calls.flatMap((x) => x.all);
  for (const { c, all } of calls) {
    if (all.length === 0) continue;
    const family = `${all[0]!.s.metric}{rejected}`;
    population.set(family, (population.get(family) ?? 0) + new Set(all.map((r) => r.service)).size);
    for (const r of all) {
      if (r.status === null || !ENTITY_REJECTION.test(r.status)) continue;
      const keyed = routeKeys(r.route).map((k) => [k, [...owners.get(k)!].filter((o) => o !== r.service)] as const).filter(([, o]) => o.length === 1);
      if (keyed.length !== 1) continue;
      const [key, [owner]] = keyed[0]!;
      // A caller whose own entities went missing (its store lost them) answers not-found on every route about them,
      // the keyed ones no more than the rest; a wrong answer about the key concentrates the rejections on its routes.
      const mine = all.filter((x) => x.service === r.service && x.status !== null && ENTITY_REJECTION.test(x.status));
      const onKey = mine.filter((x) => routeKeys(x.route).includes(key)).reduce((a, x) => a + since(x.s, onset), 0);
      if (onKey <= mine.reduce((a, x) => a + since(x.s, onset), 0) - onKey) continue;
      const usual = typicalLevel(all.filter((x) => x.service === r.service && x.route === r.route).flatMap((x) => scoredPoints(x.s).map((p) => p[1])));
      const score = robustScore(scoredPoints(r.s), onset, REJECTION_UNIT * usual);
      if (!score || score.z < 3) continue;
      const lookups = everyRoute.filter((x) => x.service === owner! && routeKeys(x.route).includes(key));
      const answered = lookups.some((x) => x.status !== null && /^2/.test(x.status) && after(x.s, onset).some((p) => p[1] > 0));
      const theirs = typicalLevel(lookups.flatMap((x) => scoredPoints(x.s).map((p) => p[1])));
      const refused = lookups.some((x) => x.status !== null && (ENTITY_REJECTION.test(x.status) || serverErrorStatus(x.s.labels) === true) && (robustScore(scoredPoints(x.s), onset, REJECTION_UNIT * theirs)?.z ?? 0) >= 3);
      if (!answered || refused) continue;
      const ownRoute = lookups.find((x) => x.status !== null && /^2/.test(x.status))!.route;
      const what = `${seriesName(r.s)} rose from ${fmt(score.baseline)} to ${fmt(score.peak)} (${zText(score.z)} against the baseline before the onset): ${r.service} turns down the ${key} that only ${owner} serves (${ownRoute}), while ${owner} keeps answering those lookups successfully, so ${owner}'s answers are what ${r.service} rejects`;
      out.push({ service: owner!, kind: 'relayed_errors', family, z: score.z, start: score.start, what, evidence: cite(bundle, c.call_id, what, [r.s.metric, JSON.stringify(r.s.labels)]) });
    }
  }
  return { signals: out, population };
}
