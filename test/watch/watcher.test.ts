// The watcher's loop on a real store: an alert runs one investigation, notifications are queued, and a
// runbook runs unattended only with --auto-heal, an approved version declaring auto: for the trigger, and
// within its per-hour limit and cool-down; every refusal is logged with its reason.
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { loadRunbookText } from '../../src/runbook/loader.js';
import { addVersion, getActiveVersion, listDeliveries, listWatchIncidents, openStore, type Db } from '../../src/store/index.js';
import type { IncomingAlert } from '../../src/watch/alert.js';
import { Watcher } from '../../src/watch/watcher.js';

const report = {
  incident: 'x', engine: 'offline', window: { from: '2026-02-17T13:00:00Z', to: '2026-02-17T15:00:00Z' }, onset: null,
  root_cause: { summary: 'orders unhealthy', category: 'infrastructure', service: 'orders', confidence: 0.7, suspect_change: null },
  ruled_out: [], timeline: [], evidence: [], recommendations: [], tool_calls: [], hypotheses: [],
  stats: { duration_ms: 1, tool_calls: 0, model_rounds: 0, prompt_tokens: 0 }, runbooks: [{ id: 'RB-RESTART-001', title: 'restart', score: 1 }],
} as unknown as Report;

const YAML = (auto: string) => `id: RB-RESTART-001\ntitle: restart\nsteps:\n  - id: restart\n    run: [echo, restart]\n    mutating: true\n${auto}`;

function alert(n: number, container = 'orders'): IncomingAlert {
  return {
    source: 'docker', key: `docker:${container}:container_unhealthy:${n}`, group: `docker:${container}:${n}`, status: 'firing',
    title: `container ${container} is unhealthy`, service: container, startedAt: '2026-02-17T15:00:00Z', labels: {}, trigger: 'container_unhealthy',
  };
}

function setup(opts: { autoHeal: boolean; yaml?: string; fail?: string }) {
  const db: Db = openStore(':memory:');
  if (opts.yaml) addVersion(db, { runbookId: 'RB-RESTART-001', yaml: opts.yaml, status: 'active', generatedBy: 'person' });
  const runs: string[] = [];
  const logs: string[] = [];
  const printed: string[] = [];
  let n = 0;
  const watcher = new Watcher(
    {
      db, pollers: [], webhooks: [{ url: 'http://127.0.0.1:9/hook', kind: 'json' }],
      log: (l) => logs.push(l), print: (l) => printed.push(l),
      investigate: async () => {
        if (opts.fail) throw new Error(opts.fail);
        return { investigationId: `inv-${++n}`, report, runbook: { id: 'RB-RESTART-001', title: 'restart' } };
      },
      activeRunbook: (id) => {
        const v = getActiveVersion(db, id);
        const rb = v ? loadRunbookText(v.yaml, id).runbook : null;
        return v && rb ? { version: v.version, runbook: rb } : null;
      },
      runRunbook: async (id, incident) => (runs.push(`${id}:${incident.service}`), 0),
      storedReport: () => report,
    },
    { concurrency: 2, groupWindowMs: 0, autoHeal: opts.autoHeal },
  );
  return { db, watcher, runs, logs, printed };
}

describe('Watcher', () => {
  it('investigates a filed alert once, prints one line and queues the webhook', async () => {
    const s = setup({ autoHeal: false });
    s.watcher.file([alert(1)]);
    await s.watcher.drain();
    expect(s.printed).toHaveLength(1);
    expect(s.printed[0]).toMatch(/container orders is unhealthy -> orders: orders unhealthy \(infrastructure, 70%\) runbook RB-RESTART-001 \[rca show inv-1\]/);
    expect(listWatchIncidents(s.db)[0]).toMatchObject({ state: 'done', investigation_id: 'inv-1', runbook_id: 'RB-RESTART-001' });
    expect(listDeliveries(s.db)).toHaveLength(1);
  });

  it('runs nothing without --auto-heal, without an approved version, or without auto: for the trigger', async () => {
    const cases = [
      { autoHeal: false, yaml: YAML('auto: { on: [container_unhealthy] }\n'), why: /--auto-heal/ },
      { autoHeal: true, yaml: undefined, why: /no approved version/ },
      { autoHeal: true, yaml: YAML(''), why: /does not declare auto/ },
      { autoHeal: true, yaml: YAML('auto: { on: [container_oom] }\n'), why: /not container_unhealthy/ },
    ];
    for (const c of cases) {
      const s = setup(c);
      s.watcher.file([alert(1)]);
      await s.watcher.drain();
      expect(s.runs).toEqual([]);
      expect(s.logs.join('\n')).toMatch(c.why);
    }
  });

  it('heals when all three hold, then the cool-down and the per-hour limit stop flapping', async () => {
    const s = setup({ autoHeal: true, yaml: YAML('auto: { on: [container_unhealthy], max_per_hour: 2, cooldown: 10m }\n') });
    s.watcher.file([alert(1)]);
    await s.watcher.drain();
    expect(s.runs).toEqual(['RB-RESTART-001:orders']);
    s.watcher.file([alert(2)]);
    await s.watcher.drain();
    expect(s.runs).toHaveLength(1);
    expect(s.logs.join('\n')).toMatch(/cool-down/);
    s.watcher.file([alert(3, 'billing')]);
    await s.watcher.drain();
    expect(s.runs).toEqual(['RB-RESTART-001:orders', 'RB-RESTART-001:billing']);
    s.watcher.file([alert(4, 'search')]);
    await s.watcher.drain();
    expect(s.runs).toHaveLength(2);
    expect(s.logs.join('\n')).toMatch(/max_per_hour 2/);
  });

  it('records a failed investigation with its error and keeps going', async () => {
    const s = setup({ autoHeal: false, fail: 'no data between A and B' });
    s.watcher.file([alert(1)]);
    await s.watcher.drain();
    expect(listWatchIncidents(s.db)[0]).toMatchObject({ state: 'failed', error: 'no data between A and B' });
  });
});
