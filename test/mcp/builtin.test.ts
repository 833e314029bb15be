// The hub with the four built-in servers on the bundled demo (fixtures/checkout-500), launched from
// the same launch specs the CLI uses; plus a real crash: a built server killed with SIGKILL comes back.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { demoSources } from '../../src/core/config-demo.js';
import { serverLaunchSpecs } from '../../src/core/config-launch.js';
import { jsonOrNull } from '../../src/core/tools.js';
import { startHub } from '../../src/mcp/index.js';
import { recorder, ROOT, waitFor } from './helpers.js';

const built = ['logs', 'git', 'metrics', 'docker'].every((s) => existsSync(resolve(ROOT, 'dist', 'servers', s, 'index.js')));
const demoPresent = existsSync(resolve(ROOT, 'fixtures', 'checkout-500', 'logs'));

async function demoHub() {
  const cacheDir = mkdtempSync(join(tmpdir(), 'rca-hub-demo-'));
  onTestFinished(() => rmSync(cacheDir, { recursive: true, force: true }));
  const demo = await demoSources({ cacheDir });
  const rec = recorder();
  const hub = await startHub({ servers: serverLaunchSpecs({ sources: demo.sources, mcpServers: {}, at: demo.at }), events: rec.sink });
  onTestFinished(() => hub.close());
  return { hub, rec, demo };
}

describe.skipIf(!built || !demoPresent)('hub with the built-in servers on the demo (needs `npx tsc -p tsconfig.build.json`)', () => {
  it('starts all four, offers only read-only tools (docker mutating ones need --allow-mutations), and answers calls', async () => {
    const { hub, demo } = await demoHub();
    expect(demo.at).toBe('2026-02-17T15:00:00Z');
    expect(hub.health().map((h) => [h.name, h.status])).toEqual([
      ['logs', 'ready'],
      ['git', 'ready'],
      ['metrics', 'ready'],
      ['docker', 'ready'],
    ]);
    const tools = hub.listTools();
    expect(tools.filter((t) => t.server !== 'docker').every((t) => t.readOnly)).toBe(true);
    // The docker server offers its mutating tools only when started with --allow-mutations (rca never does).
    expect(tools.filter((t) => t.server === 'docker' && !t.readOnly)).toEqual([]);

    const [search, deploys, metrics, containers] = await Promise.all([
      hub.call('logs__search_logs', { pattern: 'Connection pool exhausted' }),
      hub.call('git__get_deployments', {}),
      hub.call('metrics__list_metrics', {}),
      hub.call('docker__list_containers', {}),
    ]);
    for (const o of [search, deploys, metrics, containers]) expect([o.tool, o.ok]).toEqual([o.tool, true]);
    expect((jsonOrNull(search.text) as { total: number }).total).toBeGreaterThan(0);
    expect(deploys.text).toContain('v2.4.1');
    expect(new Set([search.id, deploys.id, metrics.id, containers.id])).toEqual(new Set(['c1', 'c2', 'c3', 'c4']));
    expect(hub.audit().map((r) => r.server).sort()).toEqual(['docker', 'git', 'logs', 'metrics']);
  });

  it('notices a built server killed from outside, restarts it once and serves again', async () => {
    const { hub, rec } = await demoHub();
    const pid = hub.health().find((h) => h.name === 'git')!.pid!;
    process.kill(pid, 'SIGKILL');
    await waitFor(() => rec.events.some((e) => e.type === 'server_failed' && e.server === 'git'), 'the hub to notice the killed git server');
    const after = await hub.call('git__get_recent_commits', { limit: 1 });
    expect(after.ok).toBe(true);
    const git = hub.health().find((h) => h.name === 'git')!;
    expect(git).toMatchObject({ status: 'ready', restarts: 1 });
    expect(git.pid).not.toBe(pid);
  });
});
