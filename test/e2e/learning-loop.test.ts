// THE WHOLE LOOP with real processes (bin/runbook.js): a step fails with "dependency missing" -> classified
// runbook_insufficient -> a v2 that starts the dependency first is queued -> approved without a TTY ->
// `runbook exec` runs v2 and succeeds -> `runbook stats` shows v1 at 0 % and v2 at 100 %.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBuilt, runCli, runCliJson } from '../helpers/cli.js';
import type { ExecutionResult } from '../../src/runbook/execution-result.js';
import type { LearnStats } from '../../src/learn/stats.js';
import type { ReviewItemView } from '../../src/tui/review/review-store.js';
import { tempDir } from '../learn/helpers.js';

const RUNBOOK = `# The app needs its cache; nothing in this first version starts it.
id: RB-LOOP-001
title: Restart the app
severity: high
params:
  - name: dir
    description: The app's state directory
    required: true
    pattern: '^/[A-Za-z0-9_./-]+$'
steps:
  - id: restart-app
    description: Restart the app; it refuses to start without the cache
    run: [sh, -c, 'test -f "$RB_DIR/cache.up" || { echo "dependency missing: cache (start it with: touch $RB_DIR/cache.up)" >&2; exit 1; }; echo "app restarted" > "$RB_DIR/app.state"']
    mutating: true
verify:
  checks:
    - name: app-up
      run: [cat, '{{ params.dir }}/app.state']
      expect: { contains: app restarted }
`;

describe.skipIf(!cliBuilt('runbook'))('the learning loop, end to end', () => {
  it('fails, learns, is approved, succeeds, and the stats show it', async () => {
    const dir = tempDir('loop-');
    const rbDir = join(dir, 'runbooks');
    const state = join(dir, 'state');
    const db = join(dir, 'copilot.db');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(rbDir);
    mkdirSync(state);
    writeFileSync(join(rbDir, 'restart-app.yaml'), RUNBOOK);
    const env = { OLLAMA_MODEL: undefined, INCIDENT_COPILOT_RUNBOOKS: rbDir };
    const args = (...a: string[]) => [...a, '--db', db];

    // 1. v1 fails: the cache is not running.
    const first = await runCliJson<ExecutionResult>('runbook', args('exec', 'RB-LOOP-001', '--param', `dir=${state}`, '--yes', '--json'), { env });
    expect(first.exitCode).toBe(1);
    expect(first.json).toMatchObject({ runbook_version: 1, status: 'failure', failure_type: 'runbook_insufficient' });
    expect(first.json.error_message).toContain('dependency missing: cache');

    // 2. Classified and a v2 queued, which starts the dependency before the failing step.
    expect(first.stderr).toMatch(/learn: classified as runbook_insufficient \(rules, confidence 0\.85\)/);
    const queue = await runCliJson<ReviewItemView[]>('runbook', args('review', '--list', '--json'), { env });
    expect(queue.json.map((i) => [i.id, i.status, i.classification?.type])).toEqual([['RB-LOOP-001-v2', 'pending_review', 'runbook_insufficient']]);
    const added = queue.json[0].diff.filter((l) => l.kind === 'add').map((l) => l.text);
    expect(added).toContain('+  - id: start-cache');
    expect(added).toContain('+    run: [touch, "{{ params.dir }}/cache.up"]');
    expect(added.join('\n')).not.toContain(state);
    const v2Yaml = (await runCli('runbook', args('export', 'RB-LOOP-001', '--version', '2'), { env })).stdout;
    expect(v2Yaml.indexOf('id: start-cache')).toBeLessThan(v2Yaml.indexOf('id: restart-app'));
    expect(existsSync(join(state, 'cache.up'))).toBe(false);

    // Until approved, the runbook id still runs v1.
    const stillV1 = await runCliJson<ExecutionResult>('runbook', args('exec', 'RB-LOOP-001', '--param', `dir=${state}`, '--yes', '--json'), { env: { ...env, INCIDENT_COPILOT_LEARN: '0' } });
    expect(stillV1.json).toMatchObject({ runbook_version: 1, status: 'failure' });

    // 3. Approved with the non-interactive command.
    const approved = await runCli('runbook', args('approve', 'RB-LOOP-001-v2', '--reviewer', 'oncall-lead', '--notes', 'starts the cache first'), { env });
    expect(approved.exitCode).toBe(0);
    expect(approved.stdout).toBe('approved RB-LOOP-001-v2: now the active version of RB-LOOP-001; v1 deprecated\n');

    // 4. The runbook id now runs v2, which succeeds.
    const second = await runCliJson<ExecutionResult>('runbook', args('exec', 'RB-LOOP-001', '--param', `dir=${state}`, '--yes', '--json'), { env });
    expect(second.exitCode).toBe(0);
    expect(second.json).toMatchObject({ runbook_version: 2, status: 'success', verification_passed: true, failure_type: null });
    expect(second.json.executed_steps.map((s) => s.step_id)).toEqual(['start-cache', 'restart-app']);

    // 5. Stats: v1 0 %, v2 100 %, the approval counted, no alert.
    const stats = await runCliJson<LearnStats>('runbook', args('stats', '--json'), { env });
    expect(stats.exitCode).toBe(0);
    const rate = (v: number) => stats.json.versions.find((x) => x.runbook_id === 'RB-LOOP-001' && x.version === v);
    expect(rate(1)).toMatchObject({ status: 'deprecated', success_rate: 0, total: 2 });
    expect(rate(2)).toMatchObject({ status: 'active', success_rate: 1, total: 1 });
    expect(stats.json.approval).toMatchObject({ candidates: 1, approved: 1, rejected: 0, pending: 0, approval_rate: 1 });
    expect(stats.json.alerts).toEqual([]);
    const text = await runCli('runbook', args('stats'), { env });
    expect(text.stdout).toMatch(/v1\s+deprecated\s+\.{20}\s+0 %\s+0\/2 runs/);
    expect(text.stdout).toMatch(/v2\s+active\s+#{20}\s+100 %\s+1\/1 runs/);
    expect(text.stdout).not.toMatch(/\u001b\[/);
  });
});
