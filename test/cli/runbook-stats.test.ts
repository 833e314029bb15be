// `runbook stats` as printed (built CLI, real process): ASCII bars and no escape codes under NO_COLOR or in
// a pipe, Unicode bars with FORCE_COLOR, the alerts in the text, and the JSON shape.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addVersion, openStore, saveExecution } from '../../src/store/index.js';
import { cliBuilt, runCli, runCliJson } from '../helpers/cli.js';
import { queueRunbookYaml, runOnceWithDb } from '../helpers/review-candidate.js';
import type { ReviewItemView } from '../../src/tui/review/review-store.js';
import { execution } from '../store/helpers.js';
import { tempDir } from '../learn/helpers.js';
import type { LearnStats } from '../../src/learn/stats.js';

const Y = 'id: RB-S\ntitle: s\nsteps:\n  - id: a\n    run: [true]\n';

/** v1 succeeded 3 of 4, the approved v2 only 1 of 2: a regression; one rejection makes approval 50 %. */
function seed(): string {
  const file = join(tempDir('stats-'), 'c.db');
  const db = openStore(file);
  addVersion(db, { runbookId: 'RB-S', yaml: Y, status: 'active', generatedBy: 'file' });
  addVersion(db, { runbookId: 'RB-S', yaml: `${Y}# v2\n`, status: 'pending_review', generatedBy: 'rules', parentVersion: 1 });
  addVersion(db, { runbookId: 'RB-S', yaml: `${Y}# v3\n`, status: 'pending_review', generatedBy: 'rules', parentVersion: 1 });
  db.prepare("UPDATE runbook_versions SET status = CASE version WHEN 1 THEN 'deprecated' WHEN 2 THEN 'active' ELSE 'rejected' END, reviewed_at = CASE version WHEN 1 THEN NULL ELSE '2026-03-01T00:00:00Z' END").run();
  const outcomes: Array<[number, 'success' | 'failure']> = [[1, 'success'], [1, 'success'], [1, 'success'], [1, 'failure'], [2, 'success'], [2, 'failure']];
  outcomes.forEach(([v, status], i) => saveExecution(db, execution({ execution_id: `e${i}`, runbook_id: 'RB-S', runbook_version: v, status })));
  db.close();
  return file;
}

describe.skipIf(!cliBuilt('runbook'))('runbook stats (built CLI)', () => {
  it('prints ASCII charts and the regression alert without colour', async () => {
    const db = seed();
    const r = await runCli('runbook', ['stats', '--db', db]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('2 candidates: 1 approved, 1 rejected, 0 need changes, 0 pending');
    expect(r.stdout).toContain('approval rate 50 %');
    expect(r.stdout).toMatch(/v1\s+deprecated\s+#{15}\.{5}\s+75 %\s+3\/4 runs/);
    expect(r.stdout).toMatch(/v2\s+active\s+#{10}\.{10}\s+50 %\s+1\/2 runs/);
    expect(r.stdout).toMatch(/v3\s+rejected\s+\s{20}\s+- +no runs/);
    expect(r.stdout).toContain('! RB-S-v2 succeeds 50 % of 2 runs, less than its parent v1 (75 % of 4)');
    expect(r.stdout).not.toMatch(/\u001b\[|█/);
  });

  it('uses block characters when colour is forced, and --json carries the same numbers', async () => {
    const db = seed();
    const r = await runCli('runbook', ['stats', '--db', db], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(r.stdout).toMatch(/█{15}░{5}/);
    const { json } = await runCliJson<LearnStats>('runbook', ['stats', '--json', '--db', db]);
    expect(json.versions.map((v) => [v.version, v.success_rate])).toEqual([[1, 0.75], [2, 0.5], [3, null]]);
    expect(json.approval.approval_rate).toBe(0.5);
    expect(json.alerts.map((a) => a.code)).toEqual(['version_regression']);
    // Decided items (the approved v2, the rejected v3) are not queued.
    expect(json.queue).toEqual([]);
  });

  it('the Review counts and the Queue describe the same items: an approved candidate leaves the queue', async () => {
    const { db, exec } = await runOnceWithDb(queueRunbookYaml('RB-SQ-001', 'Restart the worker'), 'stats-queue-', { OLLAMA_MODEL: undefined });
    expect(exec.exitCode).toBe(1);
    const waiting = await runCliJson<LearnStats>('runbook', ['stats', '--json', '--db', db]);
    expect(waiting.json.approval).toMatchObject({ candidates: 1, approved: 0, pending: 1 });
    expect(waiting.json.queue).toEqual([expect.objectContaining({ status: 'pending_review', count: 1 })]);

    expect((await runCli('runbook', ['approve', 'RB-SQ-001-v2', '--reviewer', 'ann', '--db', db])).exitCode).toBe(0);
    const after = await runCli('runbook', ['stats', '--db', db]);
    expect(after.stdout).toContain('1 candidates: 1 approved, 0 rejected, 0 need changes, 0 pending');
    expect(after.stdout).toContain('Queue\n  empty: nothing waits for review\n');
    const json = await runCliJson<LearnStats>('runbook', ['stats', '--json', '--db', db]);
    expect(json.json.queue).toEqual([]);
    expect((await runCli('runbook', ['queue', '--db', db])).stdout).toBe('nothing waits for review\n');
  });
});

describe.skipIf(!cliBuilt('runbook'))('runbook queue (built CLI)', () => {
  /** Five waiting items: high (newest), two normal, one low, one sent back for changes; one decided. */
  function seedQueue(): string {
    const file = join(tempDir('queue-'), 'c.db');
    const db = openStore(file);
    const add = (id: string, priority: 'high' | 'normal' | 'low', status: 'pending_review' | 'needs_changes' | 'rejected', at: string) => {
      addVersion(db, { runbookId: id, yaml: Y.replace('RB-S', id), status: 'active', generatedBy: 'file' });
      const v = addVersion(db, { runbookId: id, yaml: `${Y.replace('RB-S', id)}# v2\n`, status, generatedBy: 'rules', parentVersion: 1, priority });
      db.prepare('UPDATE runbook_versions SET created_at = ? WHERE runbook_id = ? AND version = ?').run(at, id, v.version);
    };
    add('RB-Q-A', 'normal', 'pending_review', '2026-03-01T00:00:00Z');
    add('RB-Q-B', 'high', 'pending_review', '2026-03-03T00:00:00Z');
    add('RB-Q-C', 'normal', 'pending_review', '2026-03-02T00:00:00Z');
    add('RB-Q-D', 'low', 'pending_review', '2026-02-01T00:00:00Z');
    add('RB-Q-E', 'normal', 'needs_changes', '2026-01-01T00:00:00Z');
    add('RB-Q-F', 'high', 'rejected', '2026-01-01T00:00:00Z');
    db.close();
    return file;
  }

  it('lists what waits, high first then oldest; --priority and --limit filter; the stats agree', async () => {
    const db = seedQueue();
    const all = await runCliJson<ReviewItemView[]>('runbook', ['queue', '--json', '--db', db]);
    expect(all.json.map((i) => i.id)).toEqual(['RB-Q-B-v2', 'RB-Q-A-v2', 'RB-Q-C-v2', 'RB-Q-D-v2', 'RB-Q-E-v2']);
    const normal = await runCliJson<ReviewItemView[]>('runbook', ['queue', '--priority', 'normal', '--limit', '2', '--json', '--db', db]);
    expect(normal.json.map((i) => [i.id, i.priority])).toEqual([['RB-Q-A-v2', 'normal'], ['RB-Q-C-v2', 'normal']]);
    const text = await runCli('runbook', ['queue', '--priority', 'high', '--db', db]);
    expect(text.stdout.trim().split('\n')).toHaveLength(1);
    expect(text.stdout).toMatch(/^HIGH\s+RB-Q-B-v2\s+pending_review/);

    const stats = await runCliJson<LearnStats>('runbook', ['stats', '--json', '--db', db]);
    const queued = stats.json.queue.reduce((n, q) => n + q.count, 0);
    expect(queued).toBe(all.json.length);
    expect(stats.json.approval.pending + stats.json.approval.needs_changes).toBe(queued);
    const shown = await runCli('runbook', ['stats', '--db', db]);
    expect(shown.stdout).toContain('5 waiting (4 pending, 1 need changes): runbook queue, runbook review');
  });

  it('refuses a bad --priority or --limit with exit 2 and what to give', async () => {
    const db = seedQueue();
    const p = await runCli('runbook', ['queue', '--priority', 'urgent', '--db', db]);
    expect(p.exitCode).toBe(2);
    expect(p.stderr).toContain('--priority: give one of high, normal, low');
    for (const bad of ['0', 'ten', '2.5']) {
      const l = await runCli('runbook', ['queue', '--limit', bad, '--db', db]);
      expect(l.exitCode, bad).toBe(2);
      expect(l.stderr).toContain('--limit: give a whole number from 1 to 1000');
    }
  });
});
