// `runbook exec` and friends as a user and a CI job run them: the built bin/runbook.js in child processes,
// exit codes, JSON output, refusal, SIGINT and kill -9 recorded as interrupted, 8 concurrent writers.
import { execa } from 'execa';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cliBuilt, REPO_ROOT, runCli, runCliJson } from '../helpers/cli.js';
import { openStore, type ExecutionSummary } from '../../src/store/index.js';
import type { ExecutionResult } from '../../src/runbook/execution-result.js';
import { tempDir } from '../runbook/helpers.js';

const BIN = resolve(REPO_ROOT, 'bin', 'runbook.js');

function setup(yaml: string) {
  const dir = tempDir('rb-cli-');
  const file = join(dir, 'rb.yaml');
  writeFileSync(file, yaml);
  return { dir, file, db: join(dir, 'copilot.db') };
}

const mutating = `id: RB-CLI
title: CLI test
params:
  - name: out
    required: true
    pattern: '^/[A-Za-z0-9_./-]+$'
steps:
  - id: look
    run: [echo, looking]
  - id: write
    run: [sh, -c, 'echo done > "$RB_OUT"']
    mutating: true
verify:
  checks:
    - name: written
      run: [cat, '{{ params.out }}']
      expect: { contains: done }
`;

/**
 * How long a started exec may take to record its run: seconds normally, but CI runs this beside dockerd, Prometheus and
 * PostgreSQL on two cores, where a Node start with better-sqlite3 once took over 15 s. Well inside the test's 60 s.
 */
const RUNNING_WITHIN_MS = 45_000;

function rows(db: string): Array<{ id: string; status: string; n: number }> {
  const h = openStore(db, { readonly: true });
  try {
    return h.prepare("SELECT id, status, json_array_length(result_json, '$.executed_steps') AS n FROM executions ORDER BY started_at").all() as Array<{ id: string; status: string; n: number }>;
  } finally {
    h.close();
  }
}

describe.skipIf(!cliBuilt('runbook'))('runbook exec (built CLI)', () => {
  it('refuses a mutating step without --yes: exit 3, JSON result, recorded', async () => {
    const t = setup(mutating);
    const out = join(t.dir, 'out.txt');
    const r = await runCliJson<ExecutionResult>('runbook', ['exec', t.file, '--json', '--db', t.db, '--param', `out=${out}`]);
    expect(r.exitCode).toBe(3);
    expect(r.json.status).toBe('refused');
    expect(r.json.executed_steps.map((s) => s.step_id)).toEqual(['look']);
    expect(r.json.plan.map((p) => [p.step_id, p.will_run])).toEqual([['look', true], ['write', false]]);
    const hist = await runCliJson<ExecutionSummary[]>('runbook', ['history', '--json', '--db', t.db]);
    expect(hist.json.map((h) => [h.execution_id, h.status])).toEqual([[r.json.execution_id, 'refused']]);
  });

  it('runs with --yes: exit 0, verification passed, version 1 recorded and shown with its success rate', async () => {
    const t = setup(mutating);
    const out = join(t.dir, 'out.txt');
    const r = await runCliJson<ExecutionResult>('runbook', ['exec', t.file, '--json', '--yes', '--db', t.db, '--param', `out=${out}`, '--incident', 'inv-1']);
    expect(r.exitCode).toBe(0);
    expect(r.json).toMatchObject({ status: 'success', runbook_id: 'RB-CLI', runbook_version: 1, verification_passed: true, incident_id: 'inv-1' });
    expect(readFileSync(out, 'utf8')).toBe('done\n');
    const again = await runCliJson<ExecutionResult>('runbook', ['exec', 'RB-CLI', '--json', '--yes', '--db', t.db, '--param', `out=${out}`]);
    expect(again.json.runbook_version).toBe(1);
    const show = await runCliJson<{ versions: Array<{ version: number; status: string; total: number; success_rate: number }> }>('runbook', ['show', 'RB-CLI', '--json', '--db', t.db]);
    expect(show.json.versions.map((v) => [v.version, v.status, v.total, v.success_rate])).toEqual([[1, 'active', 2, 1]]);
  });

  it('exits 2 with a JSON error for a bad param and records nothing', async () => {
    const t = setup(mutating);
    const r = await runCliJson<{ status: string; error_message: string; exit_code: number }>('runbook', ['exec', t.file, '--json', '--db', t.db, '--param', 'out=relative']);
    expect(r.exitCode).toBe(2);
    expect(r.json).toMatchObject({ status: 'error', exit_code: 2, error_message: 'param "out" = "relative" does not match ^/[A-Za-z0-9_./-]+$' });
    expect(rows(t.db)).toEqual([]);
  });

  it('exits 2 naming the file when the runbook does not lint', async () => {
    const t = setup('id: RB-BAD\ntitle: Bad\nsteps:\n  - id: a\n    run: [echo]\n    colour: red\n');
    const r = await runCli('runbook', ['exec', t.file, '--db', t.db]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${t.file}:6:5: unknown field "colour" in steps[0]`);
    const lint = await runCli('runbook', ['lint', t.file]);
    expect(lint.exitCode).toBe(1);
    expect(lint.stdout).toBe(`${t.file}:6:5: unknown field "colour" in steps[0]\n`);
  });

  it('refuses a read-only database file with exit 2', async () => {
    const t = setup(mutating);
    await runCli('runbook', ['history', '--db', t.db]);
    chmodSync(t.db, 0o444);
    const r = await runCli('runbook', ['exec', t.file, '--db', t.db, '--param', 'out=/tmp/x']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`error: database ${t.db} is read-only`);
    const hist = await runCli('runbook', ['history', '--db', t.db]);
    expect(hist.exitCode).toBe(0);
    expect(hist.stdout).toBe('no executions recorded\n');
  });

  it('records SIGINT as interrupted and exits 130', async () => {
    const t = setup('id: RB-SLOW\ntitle: Slow\nsteps:\n  - id: wait\n    run: [sleep, "30"]\n  - id: after\n    run: ["true"]\n');
    const child = execa(process.execPath, [BIN, 'exec', t.file, '--json', '--db', t.db], { reject: false });
    await vi.waitFor(() => expect(rows(t.db)[0]?.status).toBe('running'), { timeout: RUNNING_WITHIN_MS, interval: 50 });
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(130);
    expect(JSON.parse(String(r.stdout))).toMatchObject({ status: 'interrupted', error_message: 'interrupted by the user (SIGINT)' });
    expect(rows(t.db).map((x) => x.status)).toEqual(['interrupted']);
  });

  it('marks a run killed with -9 as interrupted at the next start', async () => {
    const t = setup('id: RB-SLOW\ntitle: Slow\nsteps:\n  - id: wait\n    run: [sleep, "30"]\n');
    const child = execa(process.execPath, [BIN, 'exec', t.file, '--json', '--db', t.db], { reject: false });
    await vi.waitFor(() => expect(rows(t.db)[0]?.status).toBe('running'), { timeout: RUNNING_WITHIN_MS, interval: 50 });
    child.kill('SIGKILL');
    await child;
    expect(rows(t.db)[0].status).toBe('running');
    const hist = await runCliJson<ExecutionSummary[]>('runbook', ['history', '--json', '--db', t.db]);
    expect(hist.json[0]).toMatchObject({ status: 'interrupted', error_message: expect.stringContaining('ended without recording a result') });
  });

  it('loses nothing with 8 concurrent exec --json processes on one database file', async () => {
    const t = setup('id: RB-PAR\ntitle: Parallel\nsteps:\n' + Array.from({ length: 5 }, (_, i) => `  - id: s${i}\n    run: [echo, "${i}"]\n`).join(''));
    const runs = await Promise.all(Array.from({ length: 8 }, () => runCliJson<ExecutionResult>('runbook', ['exec', t.file, '--json', '--db', t.db])));
    expect(runs.map((r) => r.exitCode)).toEqual(Array(8).fill(0));
    const stored = rows(t.db);
    expect(stored).toHaveLength(8);
    expect(new Set(stored.map((s) => s.id))).toEqual(new Set(runs.map((r) => r.json.execution_id)));
    expect(stored.every((s) => s.status === 'success' && s.n === 5)).toBe(true);
    const h = openStore(t.db, { readonly: true });
    expect(h.prepare("SELECT COUNT(*) AS n FROM runbook_versions WHERE runbook_id = 'RB-PAR'").get()).toEqual({ n: 1 });
    h.close();
  });

  it('finds an id under --runbooks-dir and lists it', async () => {
    const t = setup(mutating);
    const dir = join(t.dir, 'books');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.yaml'), 'id: RB-DIR\ntitle: From a directory\nsteps:\n  - id: a\n    run: [echo, hi]\n');
    const before = await runCliJson<Array<{ id: string; source: string }>>('runbook', ['list', '--json', '--db', t.db, '--runbooks-dir', dir]);
    expect(before.json.map((r) => [r.id, r.source])).toEqual([['RB-DIR', 'file']]);
    const r = await runCliJson<ExecutionResult>('runbook', ['exec', 'RB-DIR', '--json', '--db', t.db, '--runbooks-dir', dir]);
    expect(r.json).toMatchObject({ status: 'success', runbook_version: 1 });
    const after = await runCliJson<Array<{ id: string; source: string; version: number; success_rate: number }>>('runbook', ['list', '--json', '--db', t.db, '--runbooks-dir', dir]);
    expect(after.json.map((x) => [x.id, x.source, x.version, x.success_rate])).toEqual([['RB-DIR', 'db', 1, 1]]);
  });
});
