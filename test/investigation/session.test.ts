// One investigation session without the CLI: the real built servers over the demo's logs and metrics, a real
// SQLite file, and the events as a daemon or view would see them. The session is all the CLI needs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { builtinServerSpecs } from '../../src/core/config-launch.js';
import { NoDataError } from '../../src/core/errors.js';
import type { InvestigationEvent } from '../../src/core/events.js';
import { runInvestigation, type InvestigationDeps } from '../../src/investigation/session.js';
import { startHub, type ServerLaunchSpec } from '../../src/mcp/index.js';
import { getInvestigation, openStore } from '../../src/store/index.js';
import { cliBuilt } from '../helpers/cli.js';
import { fixtureSpec } from '../mcp/helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DEMO = join(ROOT, 'fixtures', 'checkout-500');
const LIMITS = { call_timeout_ms: 30_000 };

function deps(at: string | undefined, extras: ServerLaunchSpec[] = []): { deps: InvestigationDeps; db: string } {
  const dir = mkdtempSync(join(tmpdir(), 'session-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const db = join(dir, 'history.db');
  const sources = { logs: [join(DEMO, 'logs')], metrics: join(DEMO, 'metrics', 'metrics.om') };
  return {
    db,
    deps: {
      startHub: (events) => startHub({ servers: [...builtinServerSpecs(sources, { at, root: ROOT }), ...extras], events, startTimeoutMs: 10_000 }),
      provider: null,
      openStore: async () => openStore(db),
      runbooksDir: join(ROOT, 'runbooks'),
    },
  };
}

describe.skipIf(!cliBuilt('rca'))('runInvestigation (needs the built servers)', () => {
  it('streams servers, calls, findings and the report, stores it and plans the runbook offer', async () => {
    const at = '2026-02-17T15:00:00Z';
    const { deps: d, db } = deps(at);
    const events: InvestigationEvent[] = [];
    const result = await runInvestigation(d, { incident: 'checkout is slow', at, limits: LIMITS, sources: { demo: true } }, (e) => events.push(e));

    const types = new Set(events.map((e) => e.type));
    for (const t of ['server_starting', 'server_ready', 'tool_call_started', 'tool_call_finished', 'finding', 'report_ready'] as const) expect(types).toContain(t);
    expect(result.report.window.to).toBe('2026-02-17T15:00:00.000Z');
    expect(result.report.root_cause.service).toBe('checkout');
    expect(result.offer?.id).toBe(result.report.runbooks?.[0]?.id);
    expect(result.offer?.params.service).toBe('checkout');

    const store = openStore(db, { readonly: true });
    try {
      const saved = getInvestigation(store, result.id);
      expect(saved?.report).toEqual(result.report);
      expect(saved?.incident).toBe('checkout is slow');
    } finally {
      store.close();
    }
  });

  it('defaults --at to the end of the data, and an empty window is NoDataError with where the data is', async () => {
    const { deps: d } = deps(undefined);
    const found = await runInvestigation(d, { incident: 'checkout is slow', limits: LIMITS, sources: {} }, () => {});
    // The demo's data ends before now, so the report sits at its end, not at the wall clock.
    expect(Date.parse(found.report.window.to)).toBeLessThan(Date.parse('2026-02-18T00:00:00Z'));

    const old = deps('2020-01-01T00:00:00Z');
    const err = await runInvestigation(old.deps, { incident: 'x', at: '2020-01-01T00:00:00Z', limits: LIMITS, sources: {} }, () => {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoDataError);
    expect((err as NoDataError).hint).toMatch(/the logs cover .* pass an --at inside the data/);
  });

  it('lists an extra mcpServers source the offline analyzers do not read, and reports one that failed', async () => {
    const at = '2026-02-17T15:00:00Z';
    const { deps: d } = deps(at, [fixtureSpec('kube'), fixtureSpec('traces', '--exit-at-start')]);
    const { report } = await runInvestigation(d, { incident: 'checkout is slow', at, limits: LIMITS, sources: {} }, () => {});
    const notices = report.notices ?? [];
    expect(notices.find((n) => n.startsWith('the kube server'))).toMatch(/^the kube server \(\d+ tools\) is a source the offline analyzers do not read/);
    expect(notices.find((n) => n.startsWith('the traces server'))).toMatch(/^the traces server did not start, so its evidence is missing: /);
    // The built-in evidence is untouched by them.
    expect(report.root_cause.service).toBe('checkout');
  });
});
