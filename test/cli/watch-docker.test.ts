// `rca watch --watch-docker` against a real dockerd: a labelled container whose health check fails becomes
// an incident (trigger container_unhealthy) with a stored investigation; unlabelled containers are not watched.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dockerd, dockerdAvailable, dockerdSkipReason, runContainer, startDockerd, waitForContainer } from '../helpers/dockerd.js';
import { REPO_ROOT, runCli, runCliJson } from '../helpers/cli.js';

const LOOP = 'trap "exit 0" TERM; while true; do sleep 1; done';
const LOGS = resolve(REPO_ROOT, 'fixtures', 'checkout-500', 'logs');

describe.skipIf(!dockerdAvailable)(`rca watch on a real dockerd ${dockerdSkipReason}`, () => {
  let d: Dockerd;
  let dir: string;

  beforeAll(async () => {
    d = await startDockerd();
    dir = mkdtempSync(join(tmpdir(), 'watch-docker-'));
    const failing = { test: ['CMD-SHELL', 'test -e /tmp/never'], intervalMs: 300 };
    await runContainer(d, 'orders', { cmd: ['sh', '-c', LOOP], healthcheck: failing, labels: { 'rca.watch': 'true' } });
    await runContainer(d, 'unwatched', { cmd: ['sh', '-c', LOOP], healthcheck: failing });
    await waitForContainer(d, 'orders', 'unhealthy', (c) => c.State.Health?.Status === 'unhealthy');
    await waitForContainer(d, 'unwatched', 'unhealthy', (c) => c.State.Health?.Status === 'unhealthy');
  });

  afterAll(async () => {
    await d?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('files the labelled unhealthy container once and investigates it', async () => {
    const db = join(dir, 'copilot.db');
    const args = ['watch', '--once', '--docker', d.socket, '--watch-docker', '--logs', LOGS, '--window', '1h', '--db', db];
    const r = await runCli('rca', args, { timeoutMs: 120_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/container orders is unhealthy -> .*rca show inv-/);
    expect(r.stdout).not.toMatch(/unwatched/);
    const status = await runCliJson<{ incidents: Array<{ trigger: string; service: string; state: string; investigation_id: string | null }> }>('rca', ['watch', 'status', '--json', '--db', db]);
    expect(status.json.incidents).toHaveLength(1);
    expect(status.json.incidents[0]).toMatchObject({ trigger: 'container_unhealthy', service: 'orders', state: 'done' });
    // Still unhealthy on the next poll: the open incident absorbs it, no second investigation.
    const again = await runCli('rca', args, { timeoutMs: 120_000 });
    expect(again.exitCode).toBe(0);
    const after = await runCliJson<{ incidents: unknown[]; queue: { alerts: number } }>('rca', ['watch', 'status', '--json', '--db', db]);
    expect(after.json.incidents).toHaveLength(1);
    expect(after.json.queue.alerts).toBe(2);
  });
});
