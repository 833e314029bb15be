// Failure types on the built CLI with real processes: a commit on a host with no git identity, the phrasing
// issue 14 saw missed ("dependency missing (X is stopped)"), and a crash no rule explains (unclassified).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBuilt, runCli, runCliJson } from '../helpers/cli.js';
import type { ExecutionResult } from '../../src/runbook/execution-result.js';
import type { ReviewItemView } from '../../src/tui/review/review-store.js';
import { tempDir } from '../learn/helpers.js';

const runbook = (id: string, steps: string) => `id: ${id}
title: ${id}
params:
  - name: repo
    required: true
    pattern: '^/[A-Za-z0-9_./-]+$'
steps:
${steps}`;

function setup() {
  const dir = tempDir('failure-types-');
  const rbDir = join(dir, 'runbooks');
  const home = join(dir, 'home');
  const repo = join(dir, 'repo');
  for (const d of [rbDir, home, repo]) mkdirSync(d);
  // A repository on a host whose git knows no user: HOME is empty, the system config is ignored.
  execFileSync('git', ['init', '-q', repo]);
  writeFileSync(join(repo, 'database.yaml'), 'pool_size: 5\n');
  const env = { OLLAMA_MODEL: undefined, INCIDENT_COPILOT_RUNBOOKS: rbDir, HOME: home, GIT_CONFIG_NOSYSTEM: '1',
    // A host with a resolvable FQDN would let git guess an address: forbid guessing, as a bare host does.
    GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'user.useConfigOnly', GIT_CONFIG_VALUE_0: 'true', GIT_AUTHOR_EMAIL: undefined, GIT_COMMITTER_EMAIL: undefined, EMAIL: undefined };
  const db = join(dir, 'copilot.db');
  const exec = (id: string) => runCliJson<ExecutionResult>('runbook', ['exec', id, '--param', `repo=${repo}`, '--yes', '--json', '--db', db], { env });
  const queue = async () => (await runCliJson<ReviewItemView[]>('runbook', ['review', '--list', '--json', '--db', db], { env })).json;
  return { rbDir, repo, env, db, exec, queue };
}

describe.skipIf(!cliBuilt('runbook'))('failure types on the built CLI', () => {
  it('a commit without a git identity is an environment difference; v2 checks the identity before any change', async () => {
    const t = setup();
    writeFileSync(join(t.rbDir, 'commit.yaml'), runbook('RB-FT-GIT', `  - id: stage
    run: [git, -C, '{{ params.repo }}', add, database.yaml]
    mutating: true
  - id: commit-config
    run: [git, -C, '{{ params.repo }}', commit, -m, raise pool size]
    mutating: true
`));
    const r = await t.exec('RB-FT-GIT');
    expect(r.exitCode).toBe(1);
    expect(r.json).toMatchObject({ status: 'failure', failure_type: 'environment_difference' });
    expect(r.json.executed_steps.find((s) => s.step_id === 'commit-config')?.stderr).toMatch(/Please tell me who you are|unable to auto-detect email address/);
    const [item] = await t.queue();
    expect(item).toMatchObject({ id: 'RB-FT-GIT-v2', classification: { type: 'environment_difference' } });
    const v2 = (await runCli('runbook', ['export', 'RB-FT-GIT', '--version', '2', '--db', t.db], { env: t.env })).stdout;
    expect(v2.indexOf('id: require-git-identity')).toBeGreaterThan(-1);
    expect(v2.indexOf('id: require-git-identity')).toBeLessThan(v2.indexOf('id: stage'));
    expect(v2).toContain('git config user.email');
    expect(v2).not.toContain(t.repo);
  });

  it('"dependency missing (queue-broker is stopped)" names queue-broker and v2 starts it first', async () => {
    const t = setup();
    writeFileSync(join(t.rbDir, 'worker.yaml'), runbook('RB-FT-DEP', `  - id: start-worker
    run: [sh, -c, 'echo "Service failed to start: dependency missing (queue-broker is stopped)" >&2; exit 1']
    mutating: true
`));
    const r = await t.exec('RB-FT-DEP');
    expect(r.json).toMatchObject({ status: 'failure', failure_type: 'runbook_insufficient' });
    const [item] = await t.queue();
    const added = item.diff.filter((l) => l.kind === 'add').map((l) => l.text).join('\n');
    expect(added).toContain('id: start-queue-broker');
    expect(added).toContain('systemctl');
    expect(added).toContain('queue-broker');
  });

  it('a crash no rule explains stays unclassified, with the raw signal and no candidate', async () => {
    const t = setup();
    writeFileSync(join(t.rbDir, 'crash.yaml'), runbook('RB-FT-CRASH', `  - id: reindex
    run: [sh, -c, 'printf "panic: runtime error: invalid memory address or nil pointer dereference\\n\\ngoroutine 1 [running]:\\nmain.main()\\n" >&2; exit 2']
    mutating: true
`));
    const r = await t.exec('RB-FT-CRASH');
    expect(r.json).toMatchObject({ status: 'failure', failure_type: 'unclassified' });
    expect(r.stderr).toMatch(/learn: classified as unclassified/);
    expect(await t.queue()).toEqual([]);
  });
});
