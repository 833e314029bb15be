// The snapshot file format (--snapshot FILE): containers, events and recent logs captured at one moment,
// for demos and replays with no engine. Validation errors name the JSON path so the file is easy to fix.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { containerEventSchema, containerRecordSchema, logLineSchema } from '../records.js';

export const snapshotSchema = z
  .object({
    /** The moment the snapshot was taken: the default "now" for relative since/until. */
    captured_at: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 time'),
    description: z.string().optional(),
    containers: z.array(containerRecordSchema),
    events: z.array(containerEventSchema).default([]),
    /** Recent log lines per container name, oldest first. */
    logs: z.record(z.string(), z.array(logLineSchema)).default({}),
  })
  .superRefine((snap, ctx) => {
    const names = new Set(snap.containers.map((c) => c.name));
    for (const key of Object.keys(snap.logs)) {
      if (!names.has(key)) ctx.addIssue({ code: 'custom', path: ['logs', key], message: `no container named "${key}" in containers` });
    }
  });
export type Snapshot = z.infer<typeof snapshotSchema>;

export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotError';
  }
}

/** Reads and validates a snapshot file; errors say which file and which field. */
export function loadSnapshot(file: string): Snapshot {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SnapshotError(`cannot read snapshot ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new SnapshotError(`snapshot ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = snapshotSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SnapshotError(`snapshot ${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}
