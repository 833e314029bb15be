// The runbooks shipped in runbooks/: every file lints, dry-runs, and the command-only ones really run:
// the config rollback on a real git repository, the disk-pressure one on a temp directory of old logs.
import { execa } from 'execa';
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { findRunbookFiles } from '../../src/runbook/catalog.js';
import { executeRunbook } from '../../src/runbook/executor.js';
import { formatProblem, loadRunbookFile } from '../../src/runbook/loader.js';
import { resolveParams } from '../../src/runbook/params.js';
import { tempDir } from './helpers.js';

const DIR = resolve(import.meta.dirname, '..', '..', 'runbooks');
const load = (name: string) => loadRunbookFile(join(DIR, name)).runbook!;

describe('shipped runbooks', () => {
  it('has at least the four scenario runbooks, and every file lints', () => {
    const files = findRunbookFiles(DIR);
    const problems = files.flatMap((f) => loadRunbookFile(f).problems.map(formatProblem));
    expect(problems).toEqual([]);
    const ids = files.map((f) => loadRunbookFile(f).runbook!.id);
    expect(ids).toEqual(expect.arrayContaining(['RB-DB-POOL-001', 'RB-CONTAINER-OOM-001', 'RB-CONFIG-ROLLBACK-001', 'RB-DISK-PRESSURE-001']));
  });

  it('dry-runs the checkout pool runbook once its targets are named', async () => {
    const rb = load('db-pool-exhaustion.yaml');
    // Its targets have no default: they must be named.
    expect(() => resolveParams(rb, {})).toThrow(/missing required param "service".*missing required param "repo"/);
    const r = await executeRunbook({ runbook: rb, version: 1, params: resolveParams(rb, { service: 'checkout', repo: '/srv/checkout' }), yes: false, dryRun: true });
    expect(r.status).toBe('dry_run');
    expect(r.plan.filter((p) => p.mutating).map((p) => p.step_id)).toEqual(['set-pool-size', 'commit-config', 'restart-service']);
    expect(r.plan.map((p) => p.step_id).indexOf('preflight')).toBeLessThan(r.plan.map((p) => p.step_id).indexOf('set-pool-size'));
    expect(r.plan.find((p) => p.step_id === 'restart-service')?.command).toBe(
      'docker__restart_container {"container":"checkout","reason":"connection pool exhausted; pool_size restored to 30"}',
    );
  });

  it('reverts a bad config commit in a real git repository and verifies it', async () => {
    const repo = tempDir('cfg-repo-');
    const git = (...args: string[]) => execa('git', ['-C', repo, ...args], { env: { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
    await git('init', '-q', '-b', 'main');
    mkdirSync(join(repo, 'config'));
    writeFileSync(join(repo, 'config', 'database.yaml'), 'pool_size: 30\nmax_overflow: 5\n');
    await git('add', '.');
    await git('commit', '-qm', 'initial config');
    writeFileSync(join(repo, 'config', 'database.yaml'), 'pool_size: 35\nmax_overflow: 5\n');
    await git('commit', '-qam', 'HOTFIX: Increase default connection pool from 30 to 35');
    const bad = (await git('rev-parse', 'HEAD')).stdout.trim();

    const rb = load('config-rollback.yaml');
    const env = { GIT_AUTHOR_NAME: 'runbook', GIT_AUTHOR_EMAIL: 'rb@e', GIT_COMMITTER_NAME: 'runbook', GIT_COMMITTER_EMAIL: 'rb@e' };
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
    onTestFinished(() => {
      vi.unstubAllEnvs();
    });
    const r = await executeRunbook({ runbook: rb, version: 1, params: resolveParams(rb, { repo, commit: bad }), yes: true });
    expect(r.error_message).toBeNull();
    expect(r.status).toBe('success');
    expect(r.verification_passed).toBe(true);
    expect(readFileSync(join(repo, 'config', 'database.yaml'), 'utf8')).toBe('pool_size: 30\nmax_overflow: 5\n');
    expect(r.state_before.head).toBe(bad);
    expect(r.state_diff.head_subject).toBe(`HOTFIX: Increase default connection pool from 30 to 35 -> Revert "HOTFIX: Increase default connection pool from 30 to 35"`);
  });

  it('compresses old logs and leaves fresh ones with the disk-pressure runbook', async () => {
    const dir = tempDir('disk-');
    const old = join(dir, 'old.log');
    const fresh = join(dir, 'fresh.log');
    writeFileSync(old, 'x'.repeat(10_000));
    writeFileSync(fresh, 'y');
    const tenDaysAgo = Date.now() / 1000 - 10 * 86_400;
    utimesSync(old, tenDaysAgo, tenDaysAgo);
    const rb = load('disk-pressure.yaml');
    const r = await executeRunbook({ runbook: rb, version: 1, params: resolveParams(rb, { path: dir, max_used_pct: '99' }), yes: true });
    expect(r.executed_steps.map((s) => [s.step_id, s.success])).toEqual([['usage', true], ['largest', true], ['compress-old-logs', true], ['prune-archives', true]]);
    expect(existsSync(`${old}.gz`)).toBe(true);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(typeof r.state_before.used_pct).toBe('number');
    expect(r.status).toBe('success');
  });
});
