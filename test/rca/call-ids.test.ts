// The gather's call ids follow the plan, not the answers: two real stdio servers whose answers are forced to come
// back in opposite orders give the same id → (tool, args) mapping, and every call still runs while the others wait.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { InvestigationEvent } from '../../src/core/events.js';
import { DOCKER } from '../../src/core/sources/docker.js';
import { defineSource, type Cited } from '../../src/core/sources/source.js';
import { startHub } from '../../src/mcp/index.js';
import { callPlan } from '../../src/rca/call-plan.js';
import { gather } from '../../src/rca/gather.js';

const SERVER = resolve(import.meta.dirname, 'fixtures', 'lane-server.mjs');
const FROM = Date.parse('2026-03-10T13:00:00Z');
const TO = Date.parse('2026-03-10T15:00:00Z');

/** A source reading `server`: one `first` call, then a `detail` call per key it names (the follow-ups). */
function laneSource(server: string, callOrder: number) {
  return defineSource({
    ...DOCKER,
    server,
    key: server,
    contracts: {},
    offline: {
      callOrder,
      slots: () => ({ [server]: [] as Array<Cited<unknown>> }),
      async gather({ call, json, cited, bundle }) {
        const first = json(await call('first', {})) as { keys?: string[] } | null;
        const details = await Promise.all((first?.keys ?? []).map((key) => call('detail', { key })));
        for (const d of details) {
          const c = cited(d, (j) => j);
          if (c) bundle[server]!.push(c);
        }
      },
    },
  });
}

/** One gather over real alpha and beta servers; `late` answers its `first` only once the other's follow-ups went out. */
async function run(late: 'alpha' | 'beta') {
  const dir = mkdtempSync(join(tmpdir(), 'call-ids-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const marker = join(dir, 'followed-up');
  const spec = (name: string) => ({
    name,
    command: process.execPath,
    args: [SERVER, '--keys', `${name}-1,${name}-2,${name}-3`, ...(name === late ? ['--hold', marker] : ['--mark', marker])],
    builtin: false,
  });
  const events: InvestigationEvent[] = [];
  const hub = await startHub({ servers: [spec('alpha'), spec('beta')], events: (e) => void events.push(e), callTimeoutMs: 60_000 });
  onTestFinished(() => hub.close());
  const { outcomes } = await gather({ incident: 'x', from: FROM, to: TO, caller: hub, events: () => {}, sources: [laneSource('alpha', 0), laneSource('beta', 1)] });
  // The first follow-up the other server received: the held server's follow-ups could only go out after it.
  const followedUpFirst = readFileSync(marker, 'utf8').split('-')[0];
  const byId = Object.fromEntries(outcomes.map((o) => [o.id, `${o.tool} ${JSON.stringify(o.args)}`]));
  const started = events.flatMap((e) => (e.type === 'tool_call_started' ? [`${e.id} ${e.tool} ${JSON.stringify(e.args)}`] : []));
  return { byId, followedUpFirst, started };
}

describe('call ids by plan', () => {
  it('numbers the same calls the same way whichever server answers first', async () => {
    const betaFirst = await run('alpha');
    const alphaFirst = await run('beta');
    // The follow-ups really went out in opposite orders.
    expect(betaFirst.followedUpFirst).toBe('beta');
    expect(alphaFirst.followedUpFirst).toBe('alpha');
    const plan = {
      c1: 'alpha__first {}',
      c2: 'beta__first {}',
      c3: 'alpha__detail {"key":"alpha-1"}',
      c4: 'alpha__detail {"key":"alpha-2"}',
      c5: 'alpha__detail {"key":"alpha-3"}',
      c6: 'beta__detail {"key":"beta-1"}',
      c7: 'beta__detail {"key":"beta-2"}',
      c8: 'beta__detail {"key":"beta-3"}',
    };
    expect(betaFirst.byId).toEqual(plan);
    expect(alphaFirst.byId).toEqual(plan);
    // What the live view and the stored history see carries the same ids.
    expect(betaFirst.started.sort()).toEqual(Object.entries(plan).map(([id, c]) => `${id} ${c}`).sort());
  }, 120_000);
});

describe('callPlan', () => {
  it('numbers a later lane’s follow-ups only once every earlier lane made its own or finished', async () => {
    let next = 0;
    const [a, b, c] = callPlan(3, (n) => Array.from({ length: n }, () => `c${++next}`));
    const ids: Record<string, Promise<string>> = { a1: a!.id(), b1: b!.id(), c1: c!.id(), c2: c!.id() };
    expect(await Promise.all([ids.a1, ids.b1, ids.c1, ids.c2])).toEqual(['c1', 'c2', 'c3', 'c4']);
    // c asks for a follow-up first; it waits for a and b, which may still make theirs.
    const cFollow = c!.id();
    let seen: string | null = null;
    void cFollow.then((id) => (seen = id));
    await Promise.resolve();
    await Promise.resolve();
    expect(seen).toBeNull();
    a!.finish(); // a ends without follow-ups
    const bFollow = b!.id();
    expect(await bFollow).toBe('c5');
    expect(await cFollow).toBe('c6');
    b!.finish();
    c!.finish();
  });
});
