// A database whose statements in progress stepped up as its clients' connection pools ran out: the connections are
// held by statements the database does not finish (a lock, a DDL waiting on one, a slow plan), so the database is the cause.
import type { Analyzer, Finding } from '../analyzer.js';
import type { EvidenceBundle } from '../bundle.js';
import type { AnalysisContext } from '../context.js';
import type { SeriesSamples } from '../../core/evidence.js';
import { cite, refs } from '../quote.js';
import { quantile } from '../series.js';
import { matching, SATURATION, seriesName } from '../signals.js';
import type { RelatedSignature } from '../related-signatures.js';
import { serviceOfSeries } from '../localize/metric-scores.js';
import { normalizeService } from '../service-names.js';

const MIN = 60_000;

/**
 * Gauges a database server publishes of the statements inside it right now, running or queued for a lock: MySQL's
 * (and MariaDB's) threads running and InnoDB row-lock waits, PostgreSQL's active backends, mongod's lock queue. An
 * idle connection (a pool's spare, a leaked transaction) counts in none of them: that is what tells the two apart.
 */
const IN_PROGRESS: ReadonlyArray<{ metric: RegExp; labels?: Record<string, RegExp> }> = [
  { metric: /(?:^|_)threads_running$/ },
  { metric: /(?:^|_)innodb_row_lock_current_waits$/ },
  { metric: /^pg_stat_activity_count$/, labels: { state: /^active$/ } },
  { metric: /globallock_current_?queue(?:_total)?$/i },
];

/** A client's own words for waiting on its pool: "Connection is not available", "timeout waiting for connection". */
const POOL = /\bconnection|\bpool\b/i;

/** The least step: three more statements than before and three times as many, so a busier minute is no step. */
const STEP_ABS = 3;
const STEP_RATIO = 3;
/** A gauge scraped once a minute shows the step up to a scrape after the first client gave up waiting. */
const SCRAPE_SLACK = 2 * MIN;

const inProgress = (s: SeriesSamples) =>
  IN_PROGRESS.some((p) => p.metric.test(s.metric) && Object.entries(p.labels ?? {}).every(([k, re]) => re.test(s.labels[k] ?? '')));

/** Where the series stepped up and stayed up after `from`: its level before and after, and the time; else null. */
export function heldStep(points: Array<[number, number]>, onset: number): { before: number; after: number; time: number } | null {
  const before = points.filter(([t]) => t < onset - 2 * MIN).map((p) => p[1]);
  if (before.length < 4) return null;
  const b = quantile(before, 0.5);
  const floor = Math.max(b + STEP_ABS, b * STEP_RATIO);
  const first = points.find(([t, v]) => t >= onset - 10 * MIN && v >= floor);
  if (!first) return null;
  const after = points.filter(([t]) => t >= first[0]).map((p) => p[1]);
  // Held: most scrapes from the step on stay above the floor (a statement burst of one scrape is not a lock).
  if (after.length < 2 || quantile(after, 0.5) < floor) return null;
  return { before: b, after: quantile(after, 0.5), time: first[0] };
}

export const heldStatements: Analyzer = {
  name: 'held-statements',
  description: "A database's statements in progress stepped up as its clients' connection pools ran out",
  analyze(bundle, ctx): Finding[] {
    const onset = ctx.onset;
    if (onset === null) return [];
    // Clients giving up on a pooled connection since the onset: when each first did.
    const waits = matching(ctx, (t) => SATURATION.test(t) && POOL.test(t)).sigs.filter((r) => r.service && r.post > r.pre);
    if (waits.length === 0) return [];
    const firstWait = Math.min(...waits.map((r) => (r.sig.first_seen ? Date.parse(r.sig.first_seen) : onset)));
    const out: Finding[] = [];
    for (const c of bundle.series) {
      for (const s of c.data) {
        const db = serviceOfSeries(s.labels);
        if (!db || !inProgress(s) || out.some((f) => f.kind === 'condition' && f.service === db)) continue;
        const step = heldStep(s.points, onset);
        // The statements piled up before (or as) the pools ran out: piling up only later, they are the clients' retries.
        if (!step || step.time > firstWait + SCRAPE_SLACK) continue;
        const clients = [...new Set(waits.map((r) => normalizeService(r.service!)))].filter((x) => x !== db);
        if (clients.length === 0) continue;
        const example = waits[0]!;
        const text = `${seriesName(s)} stepped from ${fmt(step.before)} to ${fmt(step.after)} at ${new Date(step.time).toISOString()}`;
        out.push({
          kind: 'condition',
          condition: 'statements_held',
          category: 'resource_exhaustion',
          service: db,
          holds: clients,
          analyzer: this.name,
          summary: `${db} holds its clients' connections: its statements in progress stepped from ${fmt(step.before)} to ${fmt(step.after)} (${s.metric}) as ${clients.join(', ')} ran out of pooled connections ("${example.sig.template.slice(0, 120)}"); statements ${db} does not finish (a lock, a DDL waiting on one, a slow plan) hold them`,
          confidence: 0.5,
          evidence: refs(cite(bundle, c.call_id, text, [s.metric]), poolEvidence(bundle, example)),
          timeline: [{ time: new Date(step.time).toISOString(), source: 'metrics', event: text }],
          recommendation: `Find what ${db}'s running statements wait on (its process list or activity view: a lock held by an open transaction or a DDL, a long query), end the blocker, then bound lock-wait and statement time`,
        });
      }
    }
    return out;
  },
};

function poolEvidence(bundle: EvidenceBundle, r: RelatedSignature) {
  if (!bundle.signatures) return null;
  return cite(bundle, bundle.signatures.call_id, `${r.service} waiting for a pooled connection: ${r.post} entries`, [r.sig.example.split('\n')[0] ?? '', r.sig.template]);
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(3);
}
