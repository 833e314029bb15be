// The non-interactive review commands as people and scripts run them (built bin/runbook.js, real
// processes): list, approve/reject/changes with their exit codes, two reviewers racing, export, stats.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBuilt, runCli, runCliJson } from '../helpers/cli.js';
import type { ReviewItemView } from '../../src/tui/review/review-store.js';
import { queueRunbookYaml, runOnceWithDb } from '../helpers/review-candidate.js';

const YAML = queueRunbookYaml('RB-CLI-DEP', 'Restart the worker (needs its queue)');

/** A database holding one failed run of the runbook and the candidate it produced. */
async function withCandidate() {
  const env = { OLLAMA_MODEL: undefined, USER: 'ci-user' };
  const { dir, db, exec } = await runOnceWithDb(YAML, 'review-cli-', env);
  expect(exec.exitCode).toBe(1);
  expect(exec.stderr).toContain('learn: candidate RB-CLI-DEP-v2 (normal priority) waits for review');
  return { dir, db, env };
}

describe.skipIf(!cliBuilt('runbook'))('runbook review / approve / reject / changes (built CLI)', () => {
  it('lists the queue as text and JSON, with the failed run, its classification and the diff', async () => {
    const { db, env } = await withCandidate();
    const text = await runCli('runbook', ['review', '--list', '--db', db], { env });
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/^normal\s+RB-CLI-DEP-v2\s+pending_review\s+runbook_insufficient/);
    const { json, exitCode } = await runCliJson<ReviewItemView[]>('runbook', ['review', '--list', '--json', '--db', db], { env });
    expect(exitCode).toBe(0);
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ id: 'RB-CLI-DEP-v2', parentVersion: 1, generatedBy: 'rules', classification: { type: 'runbook_insufficient' } });
    expect(json[0].execution?.failingStep).toBe('restart-worker');
    expect(json[0].diff.map((l) => l.text)).toContain('+    run: [touch, "{{ params.dir }}/queue.up"]');
    // Without a TTY and without --list: the queue is printed, nobody is prompted.
    const piped = await runCli('runbook', ['review', '--db', db], { env });
    expect(piped.exitCode).toBe(0);
    expect(piped.stdout).toContain('RB-CLI-DEP-v2');
    expect(piped.stderr).toContain('not a terminal');
  });

  it('the diff of a repair shows - before +, and only the lines the repair changed (the flow maps keep their spacing)', async () => {
    const yaml = `id: RB-WAIT-001
title: Wait for it
params:
  - name: dir
    required: true
steps:
  - id: noop
    run: [sh, -c, 'exit 0']
verify:
  within: 1s
  interval: 1s
  checks:
    - name: up
      run: [sh, -c, 'test -f "$RB_DIR/up"']
      expect: { exit_code: 0 }
`;
    const { db, exec } = await runOnceWithDb(yaml, 'review-diff-', { OLLAMA_MODEL: undefined });
    expect(exec.exitCode).toBe(1);
    const { json } = await runCliJson<ReviewItemView[]>('runbook', ['review', '--list', '--json', '--db', db]);
    const changed = json[0].diff.filter((l) => l.kind === 'add' || l.kind === 'del').map((l) => l.text);
    expect(changed).toEqual(['-  within: 1s', '+  # learning loop: verification failed after every step succeeded; it now waits up to 60s', '+  within: 60s']);
    const v2 = await runCli('runbook', ['export', 'RB-WAIT-001', '--version', '2', '--db', db]);
    expect(v2.stdout).toContain("      run: [sh, -c, 'test -f \"$RB_DIR/up\"']\n      expect: { exit_code: 0 }\n");
  });

  it('runs an unapproved candidate only when asked with --candidate', async () => {
    const { dir, db, env } = await withCandidate();
    const refused = await runCli('runbook', ['exec', 'RB-CLI-DEP-v2', '--param', `dir=${dir}`, '--json', '--db', db], { env });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain('RB-CLI-DEP-v2 is pending review: it has not been approved');
    const ran = await runCli('runbook', ['exec', 'RB-CLI-DEP-v2', '--candidate', '--yes', '--param', `dir=${dir}`, '--json', '--db', db], { env });
    expect(ran.exitCode).toBe(0);
    expect(JSON.parse(ran.stdout)).toMatchObject({ runbook_id: 'RB-CLI-DEP', status: 'success' });
  });

  it('approve: exit 0 and the candidate is active; again: exit 1 and who approved it; unknown id: exit 2', async () => {
    const { db, env } = await withCandidate();
    const ok = await runCliJson<{ status: string; reviewer: string }>('runbook', ['approve', 'RB-CLI-DEP-v2', '--notes', 'fine', '--json', '--db', db], { env });
    expect(ok.exitCode).toBe(0);
    expect(ok.json).toMatchObject({ status: 'active', reviewer: expect.any(String), notes: 'fine' });
    const again = await runCli('runbook', ['approve', 'RB-CLI-DEP-v2', '--reviewer', 'zoe', '--db', db], { env });
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toContain('error: cannot approve RB-CLI-DEP-v2: it is already active by');
    const rej = await runCli('runbook', ['reject', 'RB-CLI-DEP-v2', '--reason', 'late', '--db', db], { env });
    expect(rej.exitCode).toBe(1);
    expect(rej.stderr).toContain('cannot reject RB-CLI-DEP-v2: it is already active');
    const unknown = await runCli('runbook', ['approve', 'RB-CLI-DEP-v7', '--db', db], { env });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('no candidate RB-CLI-DEP-v7');
    const show = await runCliJson<{ versions: Array<{ version: number; status: string }> }>('runbook', ['show', 'RB-CLI-DEP', '--json', '--db', db], { env });
    expect(show.json.versions.map((v) => [v.version, v.status])).toEqual([[1, 'deprecated'], [2, 'active']]);
  });

  it('reject needs --reason and changes needs --notes (exit 2); with them they record the text', async () => {
    const { db, env } = await withCandidate();
    expect((await runCli('runbook', ['reject', 'RB-CLI-DEP-v2', '--db', db], { env })).exitCode).toBe(2);
    expect((await runCli('runbook', ['changes', 'RB-CLI-DEP-v2', '--db', db], { env })).exitCode).toBe(2);
    const ch = await runCli('runbook', ['changes', 'RB-CLI-DEP-v2', '--notes', 'check the queue first', '--reviewer', 'ann', '--db', db], { env });
    expect(ch.exitCode).toBe(0);
    expect(ch.stdout).toBe('RB-CLI-DEP-v2 sent back for changes: check the queue first\n');
    const rej = await runCliJson<{ status: string; notes: string; reviewer: string }>('runbook', ['reject', 'RB-CLI-DEP-v2', '--reason', 'queue is managed elsewhere', '--reviewer', 'ann', '--json', '--db', db], { env });
    expect(rej.json).toMatchObject({ status: 'rejected', notes: 'queue is managed elsewhere', reviewer: 'ann' });
  });

  it('two reviewers at once (two processes): exactly one wins, the other is told and exits 1', async () => {
    const { db, env } = await withCandidate();
    const [a, b] = await Promise.all([
      runCli('runbook', ['approve', 'RB-CLI-DEP-v2', '--reviewer', 'alice', '--db', db], { env }),
      runCli('runbook', ['reject', 'RB-CLI-DEP-v2', '--reason', 'no', '--reviewer', 'bob', '--db', db], { env }),
    ]);
    expect([a.exitCode, b.exitCode].sort()).toEqual([0, 1]);
    const loser = a.exitCode === 1 ? a : b;
    expect(loser.stderr).toMatch(/it is already (active by alice|rejected by bob)/);
    const { json } = await runCliJson<{ versions: Array<{ version: number; status: string; reviewer: string | null }> }>('runbook', ['show', 'RB-CLI-DEP', '--json', '--db', db], { env });
    const v2 = json.versions.find((v) => v.version === 2)!;
    expect(v2.reviewer).toBe(a.exitCode === 0 ? 'alice' : 'bob');
  });

  it('export writes a version back as YAML, to stdout or a file', async () => {
    const { dir, db, env } = await withCandidate();
    const v1 = await runCli('runbook', ['export', 'RB-CLI-DEP', '--db', db], { env });
    expect(v1.stdout).toBe(YAML);
    const out = join(dir, 'v2.yaml');
    const v2 = await runCli('runbook', ['export', 'RB-CLI-DEP', '--version', '2', '-o', out, '--db', db], { env });
    expect(v2.exitCode).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('- id: start-queue');
    const lint = await runCli('runbook', ['lint', out], { env });
    expect(lint.exitCode).toBe(0);
    expect((await runCli('runbook', ['export', 'RB-CLI-DEP', '--version', '9', '--db', db], { env })).exitCode).toBe(2);
  });
});
