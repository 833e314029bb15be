// The normalized container data both sources (live engine, snapshot file) produce and the tools read.
// The zod schemas double as the snapshot file format, so a snapshot is exactly what the engine would give.
import { z } from 'zod';
import type { ContainerEvent, ContainerSummary } from '../../src/core/evidence.js';

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 time, e.g. 2026-02-17T14:46:00Z');

export const healthRunSchema = z.object({
  start: isoTime,
  end: isoTime.nullable().default(null),
  exit_code: z.number().int(),
  output: z.string().default(''),
});

export const containerRecordSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  image: z.string(),
  state: z.enum(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']),
  created: isoTime.nullable().default(null),
  started_at: isoTime.nullable().default(null),
  finished_at: isoTime.nullable().default(null),
  /** null when the image/container has no healthcheck. */
  health: z
    .object({ status: z.string(), failing_streak: z.number().int().min(0).default(0), log: z.array(healthRunSchema).default([]) })
    .nullable()
    .default(null),
  healthcheck: z.array(z.string()).nullable().default(null),
  restart_count: z.number().int().min(0).default(0),
  exit_code: z.number().int().nullable().default(null),
  oom_killed: z.boolean().default(false),
  error: z.string().nullable().default(null),
  env: z.array(z.string()).default([]),
  labels: z.record(z.string(), z.string()).default({}),
  cmd: z.array(z.string()).default([]),
  entrypoint: z.array(z.string()).default([]),
  restart_policy: z.string().nullable().default(null),
  memory_bytes: z.number().int().min(0).default(0),
  memory_swap_bytes: z.number().int().default(0),
  nano_cpus: z.number().int().min(0).default(0),
  network_mode: z.string().nullable().default(null),
  tty: z.boolean().default(false),
});
export type ContainerRecord = z.infer<typeof containerRecordSchema>;

export const containerEventSchema = z.object({
  time: isoTime,
  action: z.string().min(1),
  container: z.string().min(1),
  exit_code: z.number().int().nullable().default(null),
  detail: z.string().default(''),
});

export const logLineSchema = z.object({
  time: isoTime.nullable(),
  stream: z.enum(['stdout', 'stderr', 'tty']),
  text: z.string(),
});
export type LogLine = z.infer<typeof logLineSchema>;

/** The one-line status `docker ps` would show, computed the same way for both sources. */
export function describeStatus(c: ContainerRecord): string {
  const health = c.health ? ` (${c.health.status})` : '';
  switch (c.state) {
    case 'running':
      return `Up since ${c.started_at ?? 'unknown'}${health}`;
    case 'restarting':
      return `Restarting (${c.exit_code ?? '?'}) after ${c.finished_at ?? 'unknown'}`;
    case 'exited':
    case 'dead':
      return `Exited (${c.exit_code ?? '?'}) at ${c.finished_at ?? 'unknown'}${c.oom_killed ? ' [OOM killed]' : ''}`;
    default:
      return c.state[0]!.toUpperCase() + c.state.slice(1);
  }
}

export function toSummary(c: ContainerRecord): ContainerSummary {
  return {
    id: c.id.slice(0, 12),
    name: c.name,
    image: c.image,
    state: c.state,
    status: describeStatus(c),
    health: c.health?.status ?? null,
    restart_count: c.restart_count,
    exit_code: c.exit_code,
    oom_killed: c.oom_killed,
  };
}

export interface ExecResult {
  exit_code: number | null;
  stdout: string;
  stderr: string;
  timed_out: boolean;
  running: boolean;
}

export interface ResourceUpdate {
  memory_bytes?: number;
  nano_cpus?: number;
}

/** What the tools need from a source; unknown containers throw ToolInputError naming the known ones. */
export interface DockerSource {
  readonly kind: 'engine' | 'snapshot';
  /** The reference "now" when the caller gave no --at (a snapshot's capture time; the real clock for an engine). */
  defaultNow(): number;
  listContainers(): Promise<ContainerRecord[]>;
  getContainer(ref: string): Promise<ContainerRecord>;
  getLogs(ref: string, opts: { tail: number; from: number | null; to: number | null }): Promise<LogLine[]>;
  getEvents(opts: { from: number; to: number; container?: string }): Promise<ContainerEvent[]>;
  restart(ref: string, stopTimeoutS: number): Promise<void>;
  updateResources(ref: string, update: ResourceUpdate): Promise<void>;
  exec(ref: string, command: string[], timeoutMs: number): Promise<ExecResult>;
}
