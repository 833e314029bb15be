// The command-line values that feed the configuration, validated at the boundary with zod.
// Commander only collects strings; this is where a bad --at or --window becomes a UsageError.
import { z } from 'zod';
import { UsageError } from './errors.js';
import { durationSchema, isoTimeSchema } from './config-schema.js';

const path = z.string().trim().min(1, 'needs a value');

/** The source flags shared by `rca`, `rca servers` and runbook commands. */
export const sourceFlagsSchema = z.object({
  logs: z.array(path).optional(),
  repo: path.optional(),
  metrics: path.optional(),
  /** `--docker` alone is `true` (default socket); `--docker PATH` a socket or snapshot .json. */
  docker: z.union([z.literal(true), path]).optional(),
  config: path.optional(),
  at: isoTimeSchema.optional(),
});

export const configFlagsSchema = sourceFlagsSchema.extend({
  model: path.optional(),
  window: durationSchema.optional(),
  db: path.optional(),
  callTimeoutMs: z.coerce.number().int().min(100).max(600_000).optional(),
});

export type SourceFlags = z.infer<typeof sourceFlagsSchema>;
export type ConfigFlags = z.infer<typeof configFlagsSchema>;

/** Validates the flags commander collected (unknown keys such as --json are ignored). */
export function parseConfigFlags(raw: Record<string, unknown>): ConfigFlags {
  const picked = Object.fromEntries(Object.entries(raw).filter(([k, v]) => k in configFlagsSchema.shape && v !== undefined));
  const parsed = configFlagsSchema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = String(issue.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    throw new UsageError(`--${flag}: ${issue.message}`);
  }
  return parsed.data;
}
