// Safe defaults of the shipped pool runbook on the built CLI and a real git repository: preconditions before the
// first change, a failed commit restores the file, only the chosen section is edited, no implicit target.
import { execa } from 'execa';
import { mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExecutionResult } from '../../src/runbook/execution-result.js';
import { cliBuilt, REPO_ROOT, runCli, runCliJson } from '../helpers/cli.js';
import { tempDir } from '../runbook/helpers.js';

const RUNBOOK = resolve(REPO_ROOT, 'runbooks', 'db-pool-exhaustion.yaml');
const SNAPSHOT = resolve(REPO_ROOT, 'fixtures', 'checkout-500', 'docker', 'snapshot.json');
const CONFIG = 'default: &default\n  host: postgres\n  pool_size: 35\n  max_overflow: 0\n\nproduction:\n  <<: *default\n\ndevelopment:\n  <<: *default\n  pool_size: 5\n';

/** A config repository and a HOME with no git identity anywhere, as on a fresh on-call machine. */
async function setup() {
  const dir = tempDir('pool-');
  const repo = join(dir, 'repo');
  const home = join(dir, 'home');
  mkdirSync(join(repo, 'config'), { recursive: true });
  mkdirSync(home);
  writeFileSync(join(repo, 'config', 'database.yaml'), CONFIG);
  const git = (...args: string[]) => execa('git', ['-C', repo, ...args], { env: { HOME: home, GIT_CONFIG_NOSYSTEM: '1' } });
  await git('init', '-q', '-b', 'main');
  await git('add', '.');
  await git('-c', 'user.name=setup', '-c', 'user.email=setup@example.invalid', 'commit', '-qm', 'initial config');
  const env = { HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_EMAIL: undefined, GIT_COMMITTER_EMAIL: undefined, GIT_AUTHOR_NAME: undefined, GIT_COMMITTER_NAME: undefined, EMAIL: undefined, INCIDENT_COPILOT_LEARN: '0' };
  const exec = (...extra: string[]) =>
    runCliJson<ExecutionResult>('runbook', ['exec', RUNBOOK, '--json', '--yes', '--db', join(dir, 'db.sqlite'), '-p', 'service=checkout', '-p', `repo=${repo}`, '--docker', SNAPSHOT, ...extra], { env });
  return { dir, repo, git, env, exec };
}

describe.skipIf(!cliBuilt('runbook'))('runbook exec RB-DB-POOL-001: safe by default', () => {
  it('with no git identity it stops at the preflight, before any change, and says how to fix it', async () => {
    const t = await setup();
    const r = await t.exec('-p', 'pool_size=30');
    expect(r.exitCode).toBe(1);
    expect(r.json.executed_steps.map((s) => s.step_id)).toEqual(['check-health', 'pool-config-history', 'preflight']);
    expect(r.json.executed_steps.some((s) => s.mutating)).toBe(false);
    expect(r.json.error_message).toMatch(/git has no identity to commit with: set user\.name and user\.email/);
    expect(readFileSync(join(t.repo, 'config', 'database.yaml'), 'utf8')).toBe(CONFIG);
    expect((await t.git('status', '--porcelain')).stdout).toBe('');
  });

  it('a failed commit (a rejecting hook) rolls the edited file back', async () => {
    const t = await setup();
    await t.git('config', 'user.name', 'oncall');
    await t.git('config', 'user.email', 'oncall@example.invalid');
    const hook = join(t.repo, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\necho "pre-commit: config lint failed" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const r = await t.exec('-p', 'pool_size=30');
    expect(r.exitCode).toBe(1);
    expect(r.json.error_message).toMatch(/step commit-config failed: .*config lint failed/);
    expect(r.json.executed_steps.find((s) => s.step_id === 'set-pool-size')?.success).toBe(true);
    expect(r.json.rolled_back).toBe(true);
    expect(r.json.rollback_steps.find((s) => s.step_id === 'restore-config-file')).toMatchObject({ success: true, skipped: false });
    expect(readFileSync(join(t.repo, 'config', 'database.yaml'), 'utf8')).toBe(CONFIG);
    expect((await t.git('status', '--porcelain')).stdout).toBe('');
  });

  it('edits only pool_size of the chosen section (development keeps 5), and reverts its commit when the restart is refused', async () => {
    const t = await setup();
    await t.git('config', 'user.name', 'oncall');
    await t.git('config', 'user.email', 'oncall@example.invalid');
    const r = await t.exec('-p', 'pool_size=30');
    // The snapshot Docker source is read-only: the restart is refused, so the committed change is reverted.
    expect(r.json.error_message).toMatch(/step restart-service failed/);
    const commit = (await t.git('show', 'HEAD~1', '--format=%s', '--unified=0')).stdout;
    expect(commit).toContain('Restore connection pool_size to 30 (runbook RB-DB-POOL-001)');
    expect(commit.split('\n').filter((l) => /^[-+] /.test(l))).toEqual(['-  pool_size: 35', '+  pool_size: 30']);
    expect(r.json.rollback_steps.find((s) => s.step_id === 'revert-config-commit')).toMatchObject({ success: true });
    expect(readFileSync(join(t.repo, 'config', 'database.yaml'), 'utf8')).toBe(CONFIG);
  });

  it('has no implicit target: without service and repo a non-interactive run is refused, exit 2', async () => {
    const dir = tempDir();
    const r = await runCli('runbook', ['exec', RUNBOOK, '--json', '--yes', '--db', join(dir, 'db.sqlite')]);
    expect(r.exitCode).toBe(2);
    expect(JSON.parse(r.stdout).error_message).toMatch(/missing required param "service".*missing required param "repo"/);
  });

  it('records client_id and, for a stored investigation, evidence_bundle_id', async () => {
    const dir = tempDir();
    const rb = join(dir, 'noop.yaml');
    writeFileSync(rb, 'id: RB-NOOP\ntitle: Nothing\nsteps:\n  - id: ok\n    run: ["true"]\n');
    const r = await runCliJson<ExecutionResult>('runbook', ['exec', rb, '--json', '--db', join(dir, 'db.sqlite'), '--client', 'clinic-001', '--incident', 'inc-unknown']);
    expect(r.json).toMatchObject({ client_id: 'clinic-001', incident_id: 'inc-unknown', evidence_bundle_id: null });
  });
});
