// The boundary between tool outputs and the analyzers: each output is parsed with a tolerant zod schema,
// items that do not fit are dropped (missing evidence, never a crash), wrappers like {deployments:[...]} accepted.
import { z } from 'zod';
import type {
  Anomaly,
  CommitInfo,
  ContainerEvent,
  ContainerSummary,
  Deployment,
  ErrorRateSeries,
  ErrorSignature,
  LogStatsBucket,
  ShowCommitResult,
} from '../core/evidence.js';
import type { SeriesSamples } from './bundle.js';

const str = z.string();
const optStr = z.string().nullable().optional();
const num = z.coerce.number();

const signatureSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  template: str,
  level: z.string().default('error'),
  services: z.array(z.string()).default([]),
  count: num,
  first_seen: optStr.transform((v) => v ?? null),
  last_seen: optStr.transform((v) => v ?? null),
  example: z.string().default(''),
  example_source: z.string().default(''),
  per_minute: z.array(z.tuple([z.string(), num])).default([]),
  baseline_count: num.default(0),
  new: z.boolean().default(false),
  // Exception chains and Kubernetes pods (servers/logs): absent for plain errors and files outside a cluster.
  root_cause: z.string().optional().catch(undefined),
  exception_chain: z.array(z.string()).optional().catch(undefined),
  pods: z.array(z.string()).optional().catch(undefined),
  namespaces: z.array(z.string()).optional().catch(undefined),
});

const fileChangeSchema = z.object({
  path: str,
  added: z.number().nullable().default(null),
  deleted: z.number().nullable().default(null),
});
/** Full shas only: a report names the exact commit. */
const shaSchema = z.string().regex(/^[0-9a-fA-F]{40}$/).transform((v) => v.toLowerCase());
const commitSchema = z.object({
  sha: shaSchema,
  author: z.string().default(''),
  email: z.string().default(''),
  time: str,
  message: z.string().default(''),
  body: z.string().default(''),
  files: z.array(z.union([fileChangeSchema, z.string().transform((path) => ({ path, added: null, deleted: null }))])).default([]),
});
const deploymentSchema = z.object({
  tag: str,
  time: str,
  sha: str,
  annotation: z.string().nullable().default(null),
  commits: z.array(commitSchema).default([]),
});
const showCommitSchema = commitSchema.extend({ diff: z.string().default(''), diff_truncated: z.boolean().default(false) });

const anomalySchema = z.object({
  series: z.string().default(''),
  metric: str,
  labels: z.record(z.string(), z.string()).default({}),
  time: str,
  before: num,
  after: num,
  relative_change: num.default(0),
  direction: z.enum(['up', 'down']),
  score: num.default(0),
  kind: z.enum(['gauge', 'rate']).default('gauge'),
});
const errorRateSchema = z.object({
  service: str,
  points: z.array(z.tuple([z.string(), num])).default([]),
  baseline: num.default(0),
  peak: num.default(0),
  peak_time: optStr.transform((v) => v ?? null),
});
const bucketSchema = z.object({
  start: str,
  total: num.default(0),
  by_level: z.record(z.string(), num).default({}),
  by_service: z.record(z.string(), num).default({}),
});
const containerSchema = z.object({
  id: z.string().default(''),
  name: str.transform((n) => n.replace(/^\//, '')),
  image: z.string().default(''),
  state: z.string().default(''),
  status: z.string().default(''),
  health: z.string().nullable().default(null),
  restart_count: num.default(0),
  exit_code: z.number().nullable().default(null),
  oom_killed: z.boolean().default(false),
});
const eventSchema = z.object({
  time: str,
  action: str,
  container: str.transform((n) => n.replace(/^\//, '')),
  exit_code: z.number().nullable().default(null),
  detail: z.string().default(''),
});
const matrixSchema = z.object({
  metric: z.record(z.string(), z.string()).default({}),
  values: z.array(z.tuple([num, num])).default([]),
});

/** The array in a tool's JSON: the value itself, a named property, or the first array-valued property. */
export function findArray(json: unknown, keys: string[]): unknown[] | null {
  if (Array.isArray(json)) return json;
  if (!json || typeof json !== 'object') return null;
  const rec = json as Record<string, unknown>;
  for (const k of keys) if (Array.isArray(rec[k])) return rec[k] as unknown[];
  for (const v of Object.values(rec)) if (Array.isArray(v) && v.every((x) => typeof x === 'object')) return v;
  for (const v of Object.values(rec)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const inner = findArray(v, keys);
      if (inner) return inner;
    }
  }
  return null;
}

function parseItems<T>(json: unknown, keys: string[], schema: z.ZodType<T>): T[] | null {
  const arr = findArray(json, keys);
  if (!arr) return null;
  const out: T[] = [];
  for (const item of arr) {
    const r = schema.safeParse(item);
    if (r.success) out.push(r.data);
  }
  return out;
}

export const parseSignatures = (j: unknown): ErrorSignature[] | null =>
  parseItems(j, ['signatures'], signatureSchema) as ErrorSignature[] | null;
export const parseLogStats = (j: unknown): LogStatsBucket[] | null =>
  parseItems(j, ['buckets'], bucketSchema) as LogStatsBucket[] | null;
export const parseAnomalies = (j: unknown): Anomaly[] | null => parseItems(j, ['anomalies'], anomalySchema);
export const parseErrorRates = (j: unknown): ErrorRateSeries[] | null =>
  parseItems(j, ['services', 'series', 'error_rates'], errorRateSchema);
export const parseDeployments = (j: unknown): Deployment[] | null =>
  parseItems(j, ['deployments'], deploymentSchema);
export const parseCommits = (j: unknown): CommitInfo[] | null => parseItems(j, ['commits'], commitSchema);
export const parseContainers = (j: unknown): ContainerSummary[] | null =>
  parseItems(j, ['containers'], containerSchema);
export const parseContainerEvents = (j: unknown): ContainerEvent[] | null =>
  parseItems(j, ['events'], eventSchema);

export function parseShowCommit(j: unknown): ShowCommitResult | null {
  const r = showCommitSchema.safeParse(j);
  return r.success ? r.data : null;
}

/** Prometheus matrix (or {data:{result}}) into samples with ms times. */
export function parseMatrix(j: unknown): SeriesSamples[] | null {
  const items = parseItems(j, ['result'], matrixSchema);
  if (!items) return null;
  return items.map((s) => {
    const { __name__: name, ...labels } = s.metric;
    return {
      metric: name ?? '',
      labels,
      points: s.values.map(([t, v]) => [t < 1e11 ? t * 1000 : t, v] as [number, number]),
    };
  });
}

/** Metric names from list_metrics, in whatever listing shape it uses; counters' suffixes marked. */
export function parseMetricNames(j: unknown): Array<{ name: string; type: string | null }> {
  const arr = findArray(j, ['metrics', 'series', 'names']) ?? [];
  const seen = new Map<string, string | null>();
  for (const item of arr) {
    if (typeof item === 'string') {
      const name = item.split('{')[0]!;
      if (!seen.has(name)) seen.set(name, null);
    } else if (item && typeof item === 'object') {
      const rec = item as Record<string, unknown>;
      const labels = rec.labels as Record<string, unknown> | undefined;
      const raw = rec.name ?? rec.metric ?? rec.__name__ ?? labels?.__name__ ?? rec.series;
      if (typeof raw !== 'string') continue;
      const name = raw.split('{')[0]!;
      const type = typeof rec.type === 'string' ? rec.type : null;
      if (!seen.has(name) || seen.get(name) === null) seen.set(name, type);
    }
  }
  return [...seen].map(([name, type]) => ({ name, type }));
}
