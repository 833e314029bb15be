// Tests for turning raw Engine API JSON into records: zero times, exit codes only for stopped containers,
// Podman-style missing fields, event attributes, and health_status matching.
import { describe, expect, it } from 'vitest';
import { matchesActions, normalizeEvent, normalizeInspect, rawInspectSchema } from '../../../servers/docker/engine/normalize.js';
import { describeStatus, toSummary } from '../../../servers/docker/records.js';

const base = {
  Id: 'a'.repeat(64),
  Name: '/checkout',
  Created: '2026-02-17T14:25:12.480123456Z',
  RestartCount: 2,
  State: { Status: 'running', OOMKilled: false, ExitCode: 0, Error: '', StartedAt: '2026-02-17T14:25:12.5Z', FinishedAt: '0001-01-01T00:00:00Z' },
  Config: { Image: 'shop/checkout:v2.4.1', Env: ['A=1'], Cmd: ['run'], Entrypoint: null, Tty: false, Healthcheck: { Test: ['CMD-SHELL', 'true'] } },
  HostConfig: { RestartPolicy: { Name: 'unless-stopped' }, Memory: 0, MemorySwap: 0, NanoCpus: 0, NetworkMode: 'none' },
};

describe('normalizeInspect', () => {
  it('maps a running container: no exit code, zero time as null, name without slash', () => {
    const r = normalizeInspect(rawInspectSchema.parse(base));
    expect(r).toMatchObject({ name: 'checkout', state: 'running', exit_code: null, finished_at: null, restart_count: 2, restart_policy: 'unless-stopped' });
    expect(r.started_at).toBe('2026-02-17T14:25:12.500Z');
    expect(r.healthcheck).toEqual(['CMD-SHELL', 'true']);
    expect(toSummary(r)).toMatchObject({ id: 'aaaaaaaaaaaa', status: 'Up since 2026-02-17T14:25:12.500Z' });
  });

  it('maps an OOM-killed container', () => {
    const raw = { ...base, State: { ...base.State, Status: 'exited', OOMKilled: true, ExitCode: 137, FinishedAt: '2026-02-17T14:50:00Z' } };
    const r = normalizeInspect(rawInspectSchema.parse(raw));
    expect(r).toMatchObject({ state: 'exited', exit_code: 137, oom_killed: true });
    expect(describeStatus(r)).toBe('Exited (137) at 2026-02-17T14:50:00.000Z [OOM killed]');
  });

  it('accepts the sparse answers of a compat API (missing config, health "NONE")', () => {
    const raw = { Id: 'b'.repeat(64), Name: 'web', State: { Status: 'stopped', ExitCode: 1 }, Config: { Healthcheck: { Test: ['NONE'] } } };
    const r = normalizeInspect(rawInspectSchema.parse(raw));
    expect(r).toMatchObject({ name: 'web', state: 'exited', exit_code: 1, healthcheck: null, health: null, env: [], image: '' });
  });
});

describe('normalizeEvent', () => {
  it('takes the name, exit code and time from the event', () => {
    const e = normalizeEvent({
      Type: 'container',
      Action: 'die',
      Actor: { ID: 'c'.repeat(64), Attributes: { name: 'hog', exitCode: '137', image: 'bb', 'com.label': 'x' } },
      time: 1771339560,
      timeNano: 1771339560123456789,
    });
    expect(e).toEqual({ time: '2026-02-17T14:46:00.123Z', action: 'die', container: 'hog', exit_code: 137, detail: 'image=bb' });
  });

  it('falls back to the old status field and the short id', () => {
    expect(normalizeEvent({ status: 'oom', id: 'd'.repeat(64), time: 1771339560 })).toMatchObject({ action: 'oom', container: 'dddddddddddd', exit_code: null });
    expect(normalizeEvent({ time: 1 })).toBeNull();
  });

  it('matches health_status with its result after the colon', () => {
    expect(matchesActions('health_status: unhealthy', ['health_status'])).toBe(true);
    expect(matchesActions('exec_start: sh -c x', ['die', 'oom'])).toBe(false);
    expect(matchesActions('die', ['die'])).toBe(true);
  });
});
