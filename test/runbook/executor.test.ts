// The executor on real child processes: a missing program (127), timeouts, signals, retries, conditions,
// captures and state_diff, verification that never passes, rollback, refusal, dry runs, recording.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executeRunbook } from '../../src/runbook/executor.js';
import { resolveParams } from '../../src/runbook/params.js';
import type { ExecutionResult } from '../../src/runbook/execution-result.js';
import { runbookFrom, tempDir } from './helpers.js';

async function run(yaml: string, opts: { yes?: boolean; params?: Record<string, string>; dryRun?: boolean } = {}) {
  const runbook = runbookFrom(yaml);
  const records: ExecutionResult[] = [];
  const result = await executeRunbook({
    runbook, version: 1, params: resolveParams(runbook, opts.params ?? {}), yes: opts.yes ?? false, dryRun: opts.dryRun,
    record: (r) => records.push(r),
  });
  return { result, records };
}

const head = 'id: RB-T\ntitle: T\n';

describe('executeRunbook', () => {
  it('records a missing program as exit 127 with a clear error, and stops', async () => {
    const { result } = await run(`${head}steps:\n  - id: missing\n    run: [no-such-program-xyz, --help]\n  - id: after\n    run: ["true"]\n`);
    expect(result.status).toBe('failure');
    expect(result.executed_steps).toHaveLength(1);
    expect(result.executed_steps[0]).toMatchObject({ exit_code: 127, success: false, error: 'command not found: no-such-program-xyz' });
    expect(result.error_step).toBe(1);
    expect(result.error_message).toBe('step missing failed: command not found: no-such-program-xyz');
    expect(result.plan[1]).toMatchObject({ step_id: 'after', will_run: false, reason: 'an earlier step failed' });
  });

  it('kills a step at its timeout and says so', async () => {
    const { result } = await run(`${head}steps:\n  - id: slow\n    run: [sleep, "30"]\n    timeout: 300ms\n`);
    expect(result.executed_steps[0]).toMatchObject({ timed_out: true, success: false, error: 'timed out after 300 ms', signal: 'SIGTERM' });
    expect(result.status).toBe('failure');
  });

  it('records a step killed by a signal', async () => {
    const { result } = await run(`${head}steps:\n  - id: killed\n    run: [sh, -c, 'kill -KILL $$']\n`);
    expect(result.executed_steps[0]).toMatchObject({ signal: 'SIGKILL', exit_code: null, success: false, error: 'killed by SIGKILL' });
  });

  it('retries with a delay until the step passes and counts the retries', async () => {
    const dir = tempDir();
    const counter = join(dir, 'n');
    const script = `n=$(cat "${counter}" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "${counter}"; [ $n -ge 3 ]`;
    const { result } = await run(`${head}steps:\n  - id: flaky\n    run: [sh, -c, '${script}']\n    retries: 3\n    retry_delay: 10ms\n`);
    expect(result.executed_steps[0]).toMatchObject({ attempts: 3, success: true });
    expect(result.retry_count).toBe(2);
    expect(readFileSync(counter, 'utf8').trim()).toBe('3');
    expect(result.status).toBe('success');
  });

  it('evaluates when conditions over params and earlier steps, passes params as argv and RB_ env', async () => {
    const yaml = `${head}params:\n  - name: svc\n    pattern: '^[a-z]+$'\n    default: checkout\nsteps:
  - id: probe
    run: [sh, -c, 'echo "svc=$RB_SVC"; echo "arg=$1"', sh, '{{ params.svc }}; rm -rf /']
  - id: only-if-checkout
    when: params.svc == "checkout" && contains(steps.probe.stdout, "svc=checkout")
    run: [echo, yes]
  - id: never
    when: steps.probe.exit_code != 0
    run: [echo, no]
`;
    const { result } = await run(yaml);
    expect(result.executed_steps[0].stdout).toBe('svc=checkout\narg=checkout; rm -rf /\n');
    expect(result.executed_steps[1]).toMatchObject({ step_id: 'only-if-checkout', skipped: false, stdout: 'yes\n' });
    expect(result.executed_steps[2]).toMatchObject({ step_id: 'never', skipped: true, skip_reason: 'when: steps.probe.exit_code != 0 is false' });
    expect(result.status).toBe('success');
  });

  it('refuses a param that does not match its pattern', () => {
    const rb = runbookFrom(`${head}params:\n  - name: svc\n    pattern: '^[a-z]+$'\n    required: true\nsteps:\n  - id: a\n    run: [echo, '{{ params.svc }}']\n`);
    expect(() => resolveParams(rb, { svc: 'x; reboot' })).toThrow('param "svc" = "x; reboot" does not match ^[a-z]+$');
    expect(() => resolveParams(rb, {})).toThrow('missing required param "svc"');
    expect(() => resolveParams(rb, { svc: 'ok', other: '1' })).toThrow('unknown param "other" (this runbook takes: svc)');
  });

  it('captures state before and after (text, number, JSON path) and diffs it', async () => {
    const dir = tempDir();
    const f = join(dir, 'count');
    writeFileSync(f, '5');
    const yaml = `${head}capture:
  - name: count
    run: [cat, '${f}']
    parse: number
  - name: status
    run: [sh, -c, 'if [ "$(cat ${f})" -gt 5 ]; then echo "{\\"s\\":\\"up\\"}"; else echo "{\\"s\\":\\"down\\"}"; fi']
    parse: json
    path: $.s
  - name: label
    run: [echo, fixed]
steps:
  - id: bump
    run: [sh, -c, 'echo 7 > ${f}']
`;
    const { result } = await run(yaml);
    expect(result.state_before).toEqual({ count: 5, status: 'down', label: 'fixed' });
    expect(result.state_after).toEqual({ count: 7, status: 'up', label: 'fixed' });
    expect(result.state_diff).toEqual({ count: '+2', status: 'down -> up', label: 'no_change' });
  });

  it('fails when verification never passes within its time, then rolls back', async () => {
    const dir = tempDir();
    const marker = join(dir, 'rolled-back');
    const yaml = `${head}steps:
  - id: change
    run: ["true"]
    mutating: true
verify:
  within: 300ms
  interval: 50ms
  checks:
    - name: never
      run: [sh, -c, 'echo not yet']
      expect: { contains: ready }
rollback:
  - id: undo
    run: [touch, '${marker}']
    mutating: true
`;
    const { result } = await run(yaml, { yes: true });
    expect(result.status).toBe('failure');
    expect(result.verification_passed).toBe(false);
    expect(result.verification_checks[0]).toMatchObject({ name: 'never', passed: false, detail: 'output does not contain "ready"' });
    expect(result.verification_checks[0].attempts).toBeGreaterThan(1);
    expect(result.error_message).toBe('verification failed: never: output does not contain "ready"');
    expect(result.rolled_back).toBe(true);
    expect(result.rollback_steps[0]).toMatchObject({ step_id: 'undo', phase: 'rollback', success: true });
    expect(existsSync(marker)).toBe(true);
  });

  it('rolls back when a mutating step fails, and reports partial for a tolerated failure', async () => {
    const dir = tempDir();
    const marker = join(dir, 'undo');
    const failing = await run(`${head}steps:\n  - id: break\n    run: ["false"]\n    mutating: true\nrollback:\n  - id: undo\n    run: [touch, '${marker}']\n`, { yes: true });
    expect(failing.result).toMatchObject({ status: 'failure', rolled_back: true, error_step: 1 });
    expect(existsSync(marker)).toBe(true);
    const partial = await run(`${head}steps:\n  - id: meh\n    run: ["false"]\n    continue_on_error: true\n  - id: ok\n    run: ["true"]\n`);
    expect(partial.result).toMatchObject({ status: 'partial', success: true, rolled_back: false });
  });

  it('without --yes stops before the first mutating step with status refused, after the read-only ones', async () => {
    const dir = tempDir();
    const touched = join(dir, 'touched');
    const { result, records } = await run(
      `${head}steps:\n  - id: look\n    run: [echo, looking]\n  - id: change\n    run: [touch, '${touched}']\n    mutating: true\n`,
    );
    expect(result.status).toBe('refused');
    expect(result.executed_steps.map((s) => s.step_id)).toEqual(['look']);
    expect(result.error_message).toContain('step change changes the system and needs --yes');
    expect(existsSync(touched)).toBe(false);
    expect(records[0].status).toBe('running');
    expect(records[records.length - 1].status).toBe('refused');
  });

  it('records running before the first step and after every step', async () => {
    const { records, result } = await run(`${head}steps:\n  - id: a\n    run: ["true"]\n  - id: b\n    run: ["true"]\n`);
    expect(records.map((r) => [r.status, r.executed_steps.length])).toEqual([
      ['running', 0],
      ['running', 1],
      ['running', 2],
      ['success', 2],
    ]);
    expect(result.confidence).toBe(0.7);
  });

  it('dry run resolves the plan and conditions and runs nothing', async () => {
    const dir = tempDir();
    const touched = join(dir, 't');
    const { result, records } = await run(
      `${head}params:\n  - name: mode\n    default: safe\nsteps:\n  - id: a\n    run: [touch, '${touched}']\n  - id: b\n    when: params.mode == "fast"\n    run: ["true"]\n  - id: c\n    when: steps.a.success\n    run: ["true"]\n    mutating: true\n`,
      { dryRun: true },
    );
    expect(existsSync(touched)).toBe(false);
    expect(records).toEqual([]);
    expect(result.status).toBe('dry_run');
    expect(result.plan).toEqual([
      { step_id: 'a', mutating: false, will_run: true, command: `touch ${touched}` },
      { step_id: 'b', mutating: false, will_run: false, command: 'true', reason: 'condition false' },
      { step_id: 'c', mutating: true, will_run: true, command: 'true', reason: 'decided at run time: when steps.a.success' },
    ]);
  });

  it('stops at an abort and reports interrupted', async () => {
    const runbook = runbookFrom(`${head}steps:\n  - id: long\n    run: [sleep, "30"]\n  - id: after\n    run: ["true"]\n`);
    const controller = new AbortController();
    const result = await executeRunbook({
      runbook, version: 1, params: {}, yes: true, signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'step_start') setImmediate(() => controller.abort());
      },
    });
    expect(result.status).toBe('interrupted');
    expect(result.executed_steps.map((s) => s.step_id)).toEqual(['long']);
    expect(result.executed_steps[0].error).toBe('interrupted');
  });
});
