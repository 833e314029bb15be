// `runbook stats` as printed (built CLI, real process): ASCII bars and no escape codes under NO_COLOR or in
// a pipe, Unicode bars with FORCE_COLOR, the alerts in the text, and the JSON shape.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addVersion, openStore, saveExecution } from '../../src/store/index.js';
import { cliBuilt, runCli, runCliJson } from '../helpers/cli.js';
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
    expect(json.queue).toEqual(expect.arrayContaining([expect.objectContaining({ status: 'rejected', priority: 'normal', count: 1 })]));
  });
});
