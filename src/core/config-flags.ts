// The command-line values that feed the configuration, validated at the boundary with zod.
// Commander only collects strings; this is where a bad --at or --window becomes a UsageError.
import { z } from 'zod';
import { UsageError } from './errors.js';
import { durationSchema } from './config-schema.js';
import { sourcesShape } from './sources.js';
import { parseIsoInstant, resolveTimeSpec, TimeSpecError } from './time.js';

const path = z.string().trim().min(1, 'needs a value');

/** --at: an ISO time, or relative to the clock ("30m ago", "now-2h", "2h"), turned into ISO here, once. */
function atSchema(now: () => number) {
  return z.string().transform((s, ctx) => {
    if (parseIsoInstant(s) !== null) return s;
    try {
      return new Date(resolveTimeSpec(s, now(), 'time')).toISOString();
    } catch (err) {
      const why = err instanceof TimeSpecError ? err.message.replace(/^invalid time "[^"]*": /, '') : String(err);
      ctx.addIssue({ code: 'custom', message: why });
      return z.NEVER;
    }
  });
}

/** The source flags shared by `rca`, `rca servers` and runbook commands. */
function sourceFlags(now: () => number) {
  return z.object({
    ...sourcesShape('fromFlag'),
    config: path.optional(),
    at: atSchema(now).optional(),
  });
}

function configFlags(now: () => number) {
  return sourceFlags(now).extend({
    model: path.optional(),
    window: durationSchema.optional(),
    db: path.optional(),
    callTimeoutMs: z.coerce.number().int().min(100).max(600_000).optional(),
  });
}

export const sourceFlagsSchema = sourceFlags(Date.now);
export const configFlagsSchema = configFlags(Date.now);
export type SourceFlags = z.infer<typeof sourceFlagsSchema>;
export type ConfigFlags = z.infer<typeof configFlagsSchema>;

/** Validates the flags commander collected (unknown keys such as --json are ignored); `now` anchors a relative --at. */
export function parseConfigFlags(raw: Record<string, unknown>, now: () => number = Date.now): ConfigFlags {
  const schema = now === Date.now ? configFlagsSchema : configFlags(now);
  const picked = Object.fromEntries(Object.entries(raw).filter(([k, v]) => k in schema.shape && v !== undefined));
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = String(issue.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    throw new UsageError(`--${flag}: ${issue.message}`);
  }
  return parsed.data;
}
