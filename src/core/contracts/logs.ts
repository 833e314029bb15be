// The logs server's outputs the offline engine reads: error_signatures (signatures) and log_stats (buckets).
// One contract for the server's contract test and the engine's parse.
import { z } from 'zod';
import type { ErrorSignature, LogStatsBucket } from '../evidence.js';
import { num, optStr, str } from './fields.js';
import { parseItems, type ListContract } from './parse.js';

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

const bucketSchema = z.object({
  start: str,
  total: num.default(0),
  by_level: z.record(z.string(), num).default({}),
  by_service: z.record(z.string(), num).default({}),
});

export const ERROR_SIGNATURES: ListContract<z.output<typeof signatureSchema>> = {
  keys: ['signatures'],
  item: signatureSchema,
  // The example line's own fields and a note on the per-minute series are for a model reading the output.
  unread: ['example_fields', 'per_minute_note'],
};
export const LOG_STATS: ListContract<z.output<typeof bucketSchema>> = { keys: ['buckets'], item: bucketSchema };

// The evidence types name the levels; the contract accepts any word a server sends.
export const parseSignatures = (j: unknown): ErrorSignature[] | null => parseItems(j, ERROR_SIGNATURES) as ErrorSignature[] | null;
export const parseLogStats = (j: unknown): LogStatsBucket[] | null => parseItems(j, LOG_STATS) as LogStatsBucket[] | null;
