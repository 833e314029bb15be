// `runbook stats` numbers over a real store (SQLite and a real PostgreSQL): approval rate, candidates per week,
// success rate per version, the queue, and each alert firing exactly when its condition holds; the charts.
import { describe, expect, it } from 'vitest';
import { alertsFor, learnStats } from '../../src/learn/stats.js';
import { bar, lastWeeks, sparkline } from '../../src/learn/stats-chart.js';
import { addVersion, saveExecution, type Db } from '../../src/store/index.js';
import { execution } from '../store/helpers.js';
import { storeEngines } from '../store/engines.js';

const Y = (id: string) => `id: ${id}\ntitle: t\nsteps:\n  - id: a\n    run: [true]\n`;
const NOW = new Date('2026-03-10T12:00:00.000Z');

function candidate(db: Db, id: string, status: 'pending_review' | 'rejected' | 'active', priority: 'high' | 'normal' = 'normal', createdAt = '2026-03-10T08:00:00.000Z') {
  const v = addVersion(db, { runbookId: id, yaml: `${Y(id)}# ${Math.random()}\n`, status: 'pending_review', generatedBy: 'rules', parentVersion: 1, failedExecutionId: null, priority });
  db.prepare('UPDATE runbook_versions SET status = ?, created_at = ?, reviewed_at = ? WHERE runbook_id = ? AND version = ?').run(status, createdAt, status === 'pending_review' ? null : createdAt, id, v.version);
  return v;
}

function runs(db: Db, id: string, version: number, ok: number, bad: number) {
  for (let i = 0; i < ok + bad; i++) {
    saveExecution(db, execution({ execution_id: `${id}-${version}-${i}`, runbook_id: id, runbook_version: version, status: i < ok ? 'success' : 'failure' }));
  }
}

for (const engine of storeEngines()) {
describe.skipIf(!engine.available)(`learning stats on ${engine.title}`, () => {
  it('counts decisions, success per version and the queue; a healthy loop raises no alert', () => {
    const db = engine.open();
    addVersion(db, { runbookId: 'RB-A', yaml: Y('RB-A'), status: 'active', generatedBy: 'file' });
    candidate(db, 'RB-A', 'active');
    db.prepare("UPDATE runbook_versions SET status = 'deprecated' WHERE runbook_id = 'RB-A' AND version = 1").run();
    runs(db, 'RB-A', 1, 1, 3);
    runs(db, 'RB-A', 2, 4, 0);
    const s = learnStats(db, NOW);
    expect(s.approval).toMatchObject({ candidates: 1, approved: 1, rejected: 0, pending: 0, approval_rate: 1 });
    expect(s.versions.map((v) => [v.label, v.status, v.success_rate])).toEqual([['RB-A-v1', 'deprecated', 0.25], ['RB-A-v2', 'active', 1]]);
    expect(s.improvements_per_week).toEqual([{ week: '2026-W10', count: 1 }]);
    expect(lastWeeks(NOW, 2)).toEqual(['2026-W09', '2026-W10']);
    expect(s.alerts).toEqual([]);
  });

  it('alerts: more than 10 pending, approval under 50 %, a high-priority item older than 24 h, a regression', () => {
    const db = engine.open();
    addVersion(db, { runbookId: 'RB-B', yaml: Y('RB-B'), status: 'deprecated', generatedBy: 'file' });
    candidate(db, 'RB-B', 'active');
    runs(db, 'RB-B', 1, 3, 1);
    runs(db, 'RB-B', 2, 1, 1);
    for (let i = 0; i < 11; i++) candidate(db, `RB-P${i}`, 'pending_review', i === 0 ? 'high' : 'normal', i === 0 ? '2026-03-08T11:00:00.000Z' : '2026-03-10T11:00:00.000Z');
    candidate(db, 'RB-C', 'rejected');
    candidate(db, 'RB-D', 'rejected');
    const s = learnStats(db, NOW);
    expect(s.approval).toMatchObject({ approved: 1, rejected: 2, pending: 11 });
    expect(s.alerts.map((a) => a.code)).toEqual(['too_many_pending', 'low_approval_rate', 'stale_high_priority', 'version_regression']);
    expect(s.alerts[1].message).toBe('approval rate 33 % is under 50 %: the proposals need a look (2 rejected)');
    expect(s.alerts[2].message).toContain('waited 49 h');
    expect(s.alerts[3].message).toBe('RB-B-v2 succeeds 50 % of 2 runs, less than its parent v1 (75 % of 4)');
  });

  it('only one runbook: its versions and their regression alert, the review counts of all', () => {
    const db = engine.open();
    addVersion(db, { runbookId: 'RB-B', yaml: Y('RB-B'), status: 'deprecated', generatedBy: 'file' });
    candidate(db, 'RB-B', 'active');
    runs(db, 'RB-B', 1, 3, 1);
    runs(db, 'RB-B', 2, 1, 1);
    addVersion(db, { runbookId: 'RB-Z', yaml: Y('RB-Z'), status: 'active', generatedBy: 'file' });
    candidate(db, 'RB-Z', 'active');
    runs(db, 'RB-Z', 1, 2, 0);
    runs(db, 'RB-Z', 2, 0, 2);
    const s = learnStats(db, NOW, 8, { runbookId: 'RB-B' });
    expect(s.versions.map((v) => [v.label, v.success_rate])).toEqual([['RB-B-v1', 0.75], ['RB-B-v2', 0.5]]);
    expect(s.alerts.filter((a) => a.code === 'version_regression').map((a) => a.message)).toEqual(['RB-B-v2 succeeds 50 % of 2 runs, less than its parent v1 (75 % of 4)']);
    expect(s.approval.approved).toBe(2);
    expect(learnStats(db, NOW).alerts.filter((a) => a.code === 'version_regression')).toHaveLength(2);
  });
});
}

describe('learning stats', () => {
  it('exactly 10 pending and a 23 h old high-priority item are not alerts yet', () => {
    const base = { approval: { candidates: 10, approved: 1, rejected: 1, needs_changes: 0, pending: 10, approval_rate: 0.5 }, improvements_per_week: [], versions: [] };
    const queue = [{ status: 'pending_review', priority: 'high', count: 1, oldest: '2026-03-09T13:00:00.000Z' }];
    expect(alertsFor({ ...base, queue }, NOW)).toEqual([]);
  });

  it('draws bars and sparklines in blocks or ASCII', () => {
    expect(bar(0.5, { ascii: false, width: 4 })).toBe('██░░');
    expect(bar(1, { ascii: true, width: 4 })).toBe('####');
    expect(bar(null, { ascii: true, width: 3 })).toBe('   ');
    expect(sparkline([0, 1, 2, 4], { ascii: false })).toBe('▁▃▅█');
    expect(sparkline([0, 0, 4], { ascii: true })).toBe('__@');
  });
});
