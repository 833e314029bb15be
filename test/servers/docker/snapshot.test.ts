// The docker server on the checkout-500 demo snapshot (no engine): the story's containers, health
// transitions, logs and redacted config; mutations refused; invalid snapshot files named precisely.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { ContainerEvent, ContainerSummary } from '../../../src/core/evidence.js';
import { snapshotSource } from '../../../servers/docker/server.js';
import { connectDocker, textOf, type ToolClient } from './client.js';

const SNAPSHOT = resolve(import.meta.dirname, '../../../fixtures/checkout-500/docker/snapshot.json');

async function demo(allowMutations = false): Promise<ToolClient> {
  const c = await connectDocker({ source: snapshotSource(SNAPSHOT), allowMutations });
  onTestFinished(() => c.close());
  return c;
}

describe('docker server on the checkout-500 snapshot', () => {
  it('lists the shop containers, all up at the report moment', async () => {
    const c = await demo();
    const r = await c.json<{ source: string; containers: ContainerSummary[] }>('list_containers');
    expect(r.source).toBe('snapshot');
    expect(r.containers.map((x) => x.name)).toEqual(['cart', 'checkout', 'db-migrate', 'notifications', 'payments', 'postgres', 'scheduler', 'search']);
    const checkout = r.containers.find((x) => x.name === 'checkout')!;
    expect(checkout).toMatchObject({ state: 'running', health: 'healthy', image: 'registry.company.com/shop/checkout:v2.4.1', exit_code: null });
    const running = await c.json<{ containers: ContainerSummary[] }>('list_containers', { all: false, name: 'CHECK' });
    expect(running.containers.map((x) => x.name)).toEqual(['checkout']);
  });

  it('shows checkout unhealthy at 14:46 and healthy again at 14:51 (window relative to the capture time)', async () => {
    const c = await demo();
    const r = await c.json<{ window: { from: string; to: string }; events: ContainerEvent[] }>('get_events', { container: 'checkout' });
    expect(r.window).toEqual({ from: '2026-02-17T14:00:00.000Z', to: '2026-02-17T15:00:00.000Z' });
    expect(r.events.map((e) => [e.time.slice(11, 19), e.action])).toEqual([
      ['14:25:11', 'die'],
      ['14:25:42', 'health_status: healthy'],
      ['14:46:12', 'health_status: unhealthy'],
      ['14:51:12', 'health_status: healthy'],
    ]);
    const bad = await c.call('get_events', { until: '14:30' });
    expect(textOf(bad)).toMatch(/invalid until "14:30": use an ISO-8601 time/);
    const win = await c.json<{ events: ContainerEvent[] }>('get_events', { since: '40m', until: '2026-02-17T14:30:00Z', actions: ['start', 'die'] });
    expect(win.events.map((e) => `${e.container} ${e.action}`)).toEqual(['db-migrate start', 'db-migrate die', 'checkout die', 'checkout start']);
  });

  it('returns the pool-exhaustion log lines in a window, secrets redacted', async () => {
    const c = await demo();
    const r = await c.json<{ lines: Array<{ time: string; stream: string; text: string }> }>('get_logs', {
      container: 'checkout',
      since: '2026-02-17T14:46:00Z',
      until: '2026-02-17T14:47:00Z',
    });
    expect(r.lines.length).toBeGreaterThan(3);
    expect(r.lines.every((l) => l.time >= '2026-02-17T14:46:00' && l.time <= '2026-02-17T14:47:00')).toBe(true);
    expect(r.lines.some((l) => l.stream === 'stderr' && /Connection pool exhausted/.test(l.text))).toBe(true);
    const pg = await c.json<{ lines: Array<{ text: string }> }>('get_logs', { container: 'postgres', tail: 3 });
    expect(pg.lines).toHaveLength(3);
    const tail = await c.json<{ lines: Array<{ text: string }> }>('get_logs', { container: 'checkout', tail: 2 });
    expect(tail.lines).toHaveLength(2);
  });

  it('inspects checkout with its secrets redacted and its config visible', async () => {
    const c = await demo();
    const r = await c.json<{ env: string[]; limits: { memory: string; cpus: number }; restart_policy: string }>('inspect_container', { container: 'checkout' });
    const text = JSON.stringify(r);
    expect(text).not.toContain('Chk0ut-pr0d-2026');
    expect(text).not.toContain('pk_live_51HxQe2kd93jdkq0');
    expect(r.env).toContain('DB_PASSWORD=[REDACTED]');
    expect(r.env).toContain('DB_CONFIG=/app/config/database.yaml');
    expect(r.env.find((e) => e.startsWith('DATABASE_URL='))).toBe('DATABASE_URL=[REDACTED]');
    expect(r.limits).toEqual({ memory: '1g', memory_bytes: 1024 ** 3, cpus: 2 });
    const pg = await c.json<{ command: string; env: string[] }>('inspect_container', { container: 'postgres' });
    expect(pg.command).toContain('max_connections=40');
    expect(pg.env).toContain('POSTGRES_PASSWORD=[REDACTED]');
  });

  it('answers health_check from the recorded healthcheck runs', async () => {
    const c = await demo();
    const r = await c.json<{ verdict: string; recent_checks: unknown[]; summary: string }>('health_check', { container: 'checkout' });
    expect(r.verdict).toBe('healthy');
    expect(r.recent_checks).toHaveLength(5);
    const job = await c.json<{ verdict: string; exit_code: number }>('health_check', { container: 'db-migrate' });
    expect(job).toMatchObject({ verdict: 'not_running', exit_code: 0 });
    const plain = await c.json<{ verdict: string }>('health_check', { container: 'search' });
    expect(plain.verdict).toBe('running_without_healthcheck');
  });

  it('refuses mutations: without the flag, and with it because a snapshot cannot change', async () => {
    const ro = await demo(false);
    const offered = (await ro.client.listTools()).tools.map((t) => t.name);
    expect(offered).not.toContain('restart_container');
    const r = await ro.call('restart_container', { container: 'checkout', reason: 'pool exhausted' });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/restart_container not found/i);
    const rw = await demo(true);
    const r2 = await rw.call('exec_command', { container: 'checkout', command: ['cat', '/app/config/database.yaml'] });
    expect(r2.isError).toBe(true);
    expect(textOf(r2)).toMatch(/recorded snapshot .* cannot be changed; start it with --socket PATH/);
    const r3 = await rw.call('update_resources', { container: 'checkout', memory: '1m' });
    expect(textOf(r3)).toMatch(/at least 4m/);
    const tools = await rw.client.listTools();
    const ann = Object.fromEntries(tools.tools.map((t) => [t.name, t.annotations]));
    expect(Object.keys(ann).sort()).toEqual(
      ['exec_command', 'get_events', 'get_logs', 'health_check', 'inspect_container', 'list_containers', 'restart_container', 'update_resources'],
    );
    for (const name of ['restart_container', 'update_resources', 'exec_command']) expect(ann[name]).toMatchObject({ destructiveHint: true, readOnlyHint: false });
    for (const name of ['list_containers', 'health_check', 'get_logs', 'get_events', 'inspect_container']) expect(ann[name]).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  });

  it('names the known containers for an unknown one and rejects bad arguments, then keeps serving', async () => {
    const c = await demo();
    const r = await c.call('get_logs', { container: 'checkout-api' });
    expect(r.isError).toBe(true);
    expect(textOf(r)).toMatch(/no container named or with id "checkout-api".*known containers: cart, checkout/);
    const tail = await c.call('get_logs', { container: 'checkout', tail: 0 });
    expect(textOf(tail)).toMatch(/tail 0 is out of range: give 1 to 5000/);
    const since = await c.call('get_events', { since: 'yesterday' });
    expect(textOf(since)).toMatch(/invalid since "yesterday": use an ISO-8601 time/);
    const wide = await c.call('get_events', { since: '30d' });
    expect(textOf(wide)).toMatch(/longer than 7 days/);
    expect((await c.json<{ total: number }>('list_containers')).total).toBe(8);
  });

  it('honours --at for relative windows', async () => {
    const c = await connectDocker({ source: snapshotSource(SNAPSHOT), at: Date.parse('2026-02-17T11:45:00Z') });
    onTestFinished(() => c.close());
    const r = await c.json<{ events: ContainerEvent[] }>('get_events', { since: '10m', actions: ['all'] });
    expect(r.events.map((e) => e.action)).toEqual(['kill', 'die', 'start', 'health_status: healthy']);
  });
});

describe('snapshot file validation', () => {
  function write(content: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'docker-snap-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'snap.json');
    writeFileSync(file, content);
    return file;
  }

  it('names the file and the field that is wrong', () => {
    expect(() => snapshotSource('/nonexistent/snap.json')).toThrow(/cannot read snapshot \/nonexistent\/snap.json/);
    expect(() => snapshotSource(write('{not json'))).toThrow(/is not valid JSON/);
    const badState = write(JSON.stringify({ captured_at: '2026-02-17T15:00:00Z', containers: [{ id: 'x', name: 'a', image: 'i', state: 'sleeping' }] }));
    expect(() => snapshotSource(badState)).toThrow(/containers\.0\.state/);
    const badTime = write(JSON.stringify({ captured_at: 'noon', containers: [] }));
    expect(() => snapshotSource(badTime)).toThrow(/captured_at: must be an ISO-8601 time/);
    const orphanLogs = write(JSON.stringify({ captured_at: '2026-02-17T15:00:00Z', containers: [], logs: { ghost: [] } }));
    expect(() => snapshotSource(orphanLogs)).toThrow(/logs\.ghost: no container named "ghost"/);
  });
});
