// Turns raw Docker Engine API JSON (inspect, events) into the normalized records the tools read.
// Schemas are lenient (optional/nullable) because Podman's compat API leaves out or nulls some fields.
import { z } from 'zod';
import type { ContainerEvent } from '../../../src/core/evidence.js';
import { type ContainerRecord, containerRecordSchema } from '../records.js';

const strList = z.array(z.string()).nullish();

export const rawInspectSchema = z.object({
  Id: z.string(),
  Name: z.string(),
  Created: z.string().nullish(),
  RestartCount: z.number().nullish(),
  State: z.object({
    Status: z.string(),
    OOMKilled: z.boolean().nullish(),
    ExitCode: z.number().nullish(),
    Error: z.string().nullish(),
    StartedAt: z.string().nullish(),
    FinishedAt: z.string().nullish(),
    Health: z
      .object({
        Status: z.string(),
        FailingStreak: z.number().nullish(),
        Log: z
          .array(z.object({ Start: z.string(), End: z.string().nullish(), ExitCode: z.number(), Output: z.string().nullish() }))
          .nullish(),
      })
      .nullish(),
  }),
  Config: z
    .object({
      Image: z.string().nullish(),
      Env: strList,
      Labels: z.record(z.string(), z.string()).nullish(),
      Cmd: strList,
      Entrypoint: z.union([z.array(z.string()), z.string()]).nullish(),
      Tty: z.boolean().nullish(),
      Healthcheck: z.object({ Test: strList }).nullish(),
    })
    .nullish(),
  HostConfig: z
    .object({
      RestartPolicy: z.object({ Name: z.string().nullish() }).nullish(),
      Memory: z.number().nullish(),
      MemorySwap: z.number().nullish(),
      NanoCpus: z.number().nullish(),
      NetworkMode: z.string().nullish(),
    })
    .nullish(),
});
export type RawInspect = z.infer<typeof rawInspectSchema>;

export const rawEventSchema = z.object({
  Type: z.string().nullish(),
  Action: z.string().nullish(),
  status: z.string().nullish(),
  id: z.string().nullish(),
  Actor: z.object({ ID: z.string().nullish(), Attributes: z.record(z.string(), z.string()).nullish() }).nullish(),
  time: z.number().nullish(),
  timeNano: z.number().nullish(),
});
export type RawEvent = z.infer<typeof rawEventSchema>;

/** Docker writes 0001-01-01T00:00:00Z for "never"; that and unparsable values become null. */
export function engineTime(s: string | null | undefined): string | null {
  if (!s || s.startsWith('0001-01-01')) return null;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const STATES = new Set(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead']);

export function normalizeInspect(raw: RawInspect): ContainerRecord {
  const st = raw.State;
  const state = STATES.has(st.Status.toLowerCase()) ? st.Status.toLowerCase() : st.Status === 'stopped' ? 'exited' : 'created';
  const hasExited = state === 'exited' || state === 'dead' || state === 'restarting';
  const test = raw.Config?.Healthcheck?.Test ?? null;
  const entry = raw.Config?.Entrypoint;
  return containerRecordSchema.parse({
    id: raw.Id,
    name: raw.Name.replace(/^\//, ''),
    image: raw.Config?.Image ?? '',
    state,
    created: engineTime(raw.Created),
    started_at: engineTime(st.StartedAt),
    finished_at: engineTime(st.FinishedAt),
    health: st.Health && st.Health.Status
      ? {
          status: st.Health.Status,
          failing_streak: st.Health.FailingStreak ?? 0,
          log: (st.Health.Log ?? []).map((r) => ({
            start: engineTime(r.Start) ?? new Date(0).toISOString(),
            end: engineTime(r.End),
            exit_code: r.ExitCode,
            output: (r.Output ?? '').trim(),
          })),
        }
      : null,
    healthcheck: test && test.length > 0 && test[0] !== 'NONE' ? test : null,
    restart_count: raw.RestartCount ?? 0,
    exit_code: hasExited ? (st.ExitCode ?? null) : null,
    oom_killed: st.OOMKilled ?? false,
    error: st.Error ? st.Error : null,
    env: raw.Config?.Env ?? [],
    labels: raw.Config?.Labels ?? {},
    cmd: raw.Config?.Cmd ?? [],
    entrypoint: typeof entry === 'string' ? [entry] : (entry ?? []),
    restart_policy: raw.HostConfig?.RestartPolicy?.Name || null,
    memory_bytes: raw.HostConfig?.Memory ?? 0,
    memory_swap_bytes: raw.HostConfig?.MemorySwap ?? 0,
    nano_cpus: raw.HostConfig?.NanoCpus ?? 0,
    network_mode: raw.HostConfig?.NetworkMode ?? null,
    tty: raw.Config?.Tty ?? false,
  });
}

/** Attributes worth showing in an event's detail line (labels and the name are left out). */
const DETAIL_KEYS = ['image', 'signal', 'execID', 'health_status'];

export function normalizeEvent(raw: RawEvent): ContainerEvent | null {
  const action = raw.Action ?? raw.status;
  if (!action) return null;
  const attrs = raw.Actor?.Attributes ?? {};
  const ms = raw.timeNano ? Math.floor(raw.timeNano / 1e6) : (raw.time ?? 0) * 1000;
  const exit = attrs.exitCode !== undefined ? Number(attrs.exitCode) : NaN;
  const id = raw.Actor?.ID ?? raw.id ?? '';
  return {
    time: new Date(ms).toISOString(),
    action,
    container: attrs.name ?? id.slice(0, 12),
    exit_code: Number.isInteger(exit) ? exit : null,
    detail: DETAIL_KEYS.filter((k) => attrs[k] !== undefined)
      .map((k) => `${k}=${attrs[k]}`)
      .join(' '),
  };
}

/** The event kinds get_events returns by default; health_status carries its result after a colon. */
export const DEFAULT_EVENT_ACTIONS = ['die', 'oom', 'restart', 'health_status'];

export function matchesActions(action: string, wanted: string[]): boolean {
  const base = action.split(':')[0]!.trim();
  return wanted.includes(base) || wanted.includes(action);
}
