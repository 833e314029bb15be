// Prometheus matrix series (query_range's answer) as the engine reads them: the contract's schema, and the hand-written
// reading of well-formed series that gives the same samples without zod's cost on tens of thousands of pairs.
import { z } from 'zod';
import type { SeriesSamples } from '../evidence.js';
import { num } from '../contracts/fields.js';
import { findArray, type ListContract } from '../contracts/parse.js';

/** A sample's value: a number or Prometheus's text for one ("0.25", "NaN", "+Inf"). */
const sampleValue = z.union([z.number(), z.string()]).transform(Number);
const matrixSchema = z.object({
  metric: z.record(z.string(), z.string()).default({}),
  // A histogram_quantile is NaN where nothing was observed: that step has no value, the rest of the series stands.
  values: z
    .array(z.tuple([num, sampleValue]))
    .default([])
    .transform((vs) => vs.filter(([, v]) => Number.isFinite(v))),
});

export const MATRIX: ListContract<z.output<typeof matrixSchema>> = { keys: ['result'], item: matrixSchema, plain: plainMatrixItem };

/**
 * matrixSchema's reading of a well-formed series (string labels, [finite number, number or string] pairs), done by
 * hand: zod spent ~100 ms of each run on the thousands of pairs of the query_range answers. Anything else is
 * undefined, and the schema reads it (with its coercions, defaults and drops).
 */
export function plainMatrixItem(item: unknown): z.output<typeof matrixSchema> | undefined {
  const parts = plainParts(item, false);
  return parts && { metric: parts.labels, values: parts.points };
}

/** Prometheus matrix (or {data:{result}}) into samples with ms times. */
export function parseMatrix(j: unknown): SeriesSamples[] | null {
  const arr = findArray(j, MATRIX.keys);
  if (!arr) return null;
  const out: SeriesSamples[] = [];
  for (const item of arr) {
    // A well-formed series in one pass (the query_range answers hold tens of thousands of pairs); the rest as the
    // contract reads it (parseItems: MATRIX's schema, with its coercions, defaults and drops).
    const plain = plainSamples(item);
    if (plain !== undefined) {
      out.push(plain);
      continue;
    }
    const r = MATRIX.item.safeParse(item);
    if (r.success) out.push(samplesOf(r.data.metric, r.data.values));
  }
  return out;
}

/** A series read by the contract into samples: the name apart from the labels, times in ms. */
function samplesOf(metric: Record<string, string>, values: Array<[number, number]>): SeriesSamples {
  const { __name__: name, ...labels } = metric;
  const points: Array<[number, number]> = [];
  for (let i = 0; i < values.length; i++) {
    const t = values[i]![0];
    points.push([t < 1e11 ? t * 1000 : t, values[i]![1]]);
  }
  return { metric: name ?? '', labels, points };
}

/** plainMatrixItem and samplesOf in one pass: the same samples for every item plainMatrixItem reads, undefined for the rest. */
function plainSamples(item: unknown): SeriesSamples | undefined {
  const parts = plainParts(item, true);
  return parts && { metric: parts.name ?? '', labels: parts.labels, points: parts.points };
}

/**
 * A well-formed item's labels and finite pairs in one pass, or undefined when anything in it is not plain. `asSamples`:
 * `__name__` apart from the labels and times in ms (samples), else labels and times as the item has them (the contract's).
 */
function plainParts(item: unknown, asSamples: boolean): { name: string | undefined; labels: Record<string, string>; points: Array<[number, number]> } | undefined {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return undefined;
  const { metric = {}, values = [] } = item as { metric?: unknown; values?: unknown };
  if (!metric || typeof metric !== 'object' || Array.isArray(metric) || !Array.isArray(values)) return undefined;
  let name: string | undefined;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(metric)) {
    if (typeof v !== 'string' || k === '__proto__') return undefined;
    if (asSamples && k === '__name__') name = v;
    else labels[k] = v;
  }
  const points: Array<[number, number]> = [];
  // Indexed reads, not for-of and array destructuring: their iterator protocol is what this loop spent its time on.
  const pairs = values as unknown[];
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i];
    if (!Array.isArray(pair) || pair.length !== 2) return undefined;
    const t: unknown = pair[0];
    const raw: unknown = pair[1];
    if (typeof t !== 'number' || !Number.isFinite(t) || (typeof raw !== 'string' && (typeof raw !== 'number' || !Number.isFinite(raw)))) return undefined;
    const v = Number(raw);
    if (Number.isFinite(v)) points.push([asSamples && t < 1e11 ? t * 1000 : t, v]);
  }
  return { name, labels, points };
}
