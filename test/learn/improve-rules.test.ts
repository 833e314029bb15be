// The deterministic repairs: each produces a candidate that lints and does what it says (a start step
// before the failing one, a longer wait, an early environment check or the alternative command).
import { describe, expect, it } from 'vitest';
import { failureFacts } from '../../src/learn/failure-facts.js';
import { dependencyName, environmentPrecondition, missingProgram, splitArgs, startHint, startMissingDependency, waitLonger, type RepairInput } from '../../src/learn/improve-rules.js';
import type { FailureType } from '../../src/runbook/execution-result.js';
import { failedRun, runbookFrom, step } from './helpers.js';

function input(yaml: string, r: ReturnType<typeof failedRun>, failureType: FailureType): RepairInput {
  const runbook = runbookFrom(yaml);
  return { runbook, yaml, result: r, failureType, facts: failureFacts(r, runbook) };
}

const APP = `# keep this comment
id: RB-APP
title: Restart the app
params:
  - name: dir
    required: true
steps:
  - id: drain
    run: [echo, drained]
  - id: restart-app
    run: [sh, -c, 'echo restarting']
    mutating: true
`;

describe('start a missing dependency', () => {
  it('uses the start command the program printed, with param values turned back into templates', () => {
    const r = failedRun({ params: { dir: '/srv/app-data' }, ok: [step({ step_id: 'drain' })], failing: { step_id: 'restart-app', mutating: true, stderr: 'dependency missing: cache (start it with: touch /srv/app-data/cache.up)' } });
    const out = startMissingDependency(input(APP, r, 'runbook_insufficient'))!;
    const rb = runbookFrom(out.yaml);
    expect(rb.steps.map((s) => s.id)).toEqual(['drain', 'start-cache', 'restart-app']);
    expect(rb.steps[1]).toMatchObject({ action: { kind: 'run', argv: ['touch', '{{ params.dir }}/cache.up'] }, mutating: true });
    expect(out.yaml).toContain('# keep this comment');
    expect(out.yaml).toContain('# added by the learning loop: restart-app failed because cache was not running');
    expect(out.yaml).not.toContain('/srv/app-data');
  });

  it('without a hint: checks with systemctl and starts only when stopped', () => {
    const r = failedRun({ ok: [step({ step_id: 'drain' })], failing: { step_id: 'restart-app', stderr: 'fatal: required dependency is not running: redis' } });
    const rb = runbookFrom(startMissingDependency(input(APP, r, 'runbook_insufficient'))!.yaml);
    expect(rb.steps.map((s) => s.id)).toEqual(['drain', 'check-redis', 'start-redis', 'restart-app']);
    expect(rb.steps[2]).toMatchObject({ action: { kind: 'run', argv: ['systemctl', 'start', 'redis'] }, when: 'contains(steps.check-redis.stdout, "stopped")', mutating: true });
  });

  it('in a runbook that already uses docker tools: restarts the dependency container', () => {
    const yaml = `id: RB-D
title: d
steps:
  - id: restart
    tool: docker__restart_container
    args: { container: checkout, reason: pool exhausted }
    mutating: true
`;
    const r = failedRun({ failing: { step_id: 'restart', kind: 'tool', error: 'tool docker__restart_container failed: checkout exited: missing dependency: postgres' } });
    const rb = runbookFrom(startMissingDependency(input(yaml, r, 'runbook_insufficient'))!.yaml);
    expect(rb.steps[0]).toMatchObject({ id: 'start-postgres', action: { kind: 'tool', tool: 'docker__restart_container', args: { container: 'postgres' } } });
  });

  it('applies only to runbook_insufficient with a named dependency', () => {
    const r = failedRun({ failing: { step_id: 'restart-app', stderr: 'dependency missing: cache' } });
    expect(startMissingDependency(input(APP, r, 'environment_difference'))).toBeNull();
    const none = failedRun({ failing: { step_id: 'restart-app', stderr: 'boom' } });
    expect(startMissingDependency(input(APP, none, 'runbook_insufficient'))).toBeNull();
  });

  it('reads names, hints and argv', () => {
    expect(dependencyName('Error: dependency missing: "rabbitmq"')).toBe('rabbitmq');
    expect(dependencyName('this service requires kafka to be running')).toBe('kafka');
    expect(startHint('x (start it with: `systemctl start nginx`)')).toEqual(['systemctl', 'start', 'nginx']);
    expect(startHint('start it with: rm -rf / ; reboot')).toBeNull();
    expect(splitArgs(`a "b c" 'd e' f`)).toEqual(['a', 'b c', 'd e', 'f']);
  });
});

describe('wait and retry', () => {
  it('raises verify.within when every step succeeded but the verification did not pass in time', () => {
    const yaml = `id: RB-W
title: w
steps:
  - id: restart
    run: [true]
verify:
  within: 10s
  checks:
    - name: up
      run: [true]
`;
    const r = failedRun({ ok: [step({ step_id: 'restart' })], over: { verification_passed: false, verification_checks: [{ name: 'up', passed: false, attempts: 5, detail: 'exit code 1, expected 0' }] } });
    const out = waitLonger(input(yaml, r, 'runbook_insufficient'))!;
    expect(runbookFrom(out.yaml).verify?.within).toBe(60_000);
    expect(out.summary).toBe('Waits up to 60s (was 10s) for the verification to pass.');
  });

  it('gives a step that timed out twice the time and one more retry', () => {
    const r = failedRun({ ok: [step({ step_id: 'drain' })], failing: { step_id: 'restart-app', timed_out: true, exit_code: null, error: 'timed out after 300000 ms' } });
    const s = runbookFrom(waitLonger(input(APP, r, 'runbook_insufficient'))!.yaml).steps[1];
    expect(s).toMatchObject({ id: 'restart-app', action: { timeout: 600_000 }, retries: 1, retry_delay: 5000 });
  });
});

describe('environment precondition', () => {
  const yaml = `id: RB-E
title: e
steps:
  - id: snapshot
    run: [echo, ok]
  - id: list
    run: [docker, ps, -a]
`;
  it('uses the drop-in alternative where the program is missing, chosen by an early check', () => {
    const r = failedRun({ ok: [step({ step_id: 'snapshot' })], failing: { step_id: 'list', exit_code: 127, error: 'command not found: docker' } });
    const out = environmentPrecondition(input(yaml, r, 'environment_difference'))!;
    const rb = runbookFrom(out.yaml);
    expect(rb.steps.map((s) => s.id)).toEqual(['has-docker', 'snapshot', 'list', 'list-podman']);
    expect(rb.steps[2].when).toBe('contains(steps.has-docker.stdout, "yes")');
    expect(rb.steps[3]).toMatchObject({ action: { kind: 'run', argv: ['podman', 'ps', '-a'] }, when: 'contains(steps.has-docker.stdout, "no")' });
  });

  it('otherwise fails early, before any change, with a message naming the program', () => {
    const y = yaml.replace('[docker, ps, -a]', '[kubectl, get, pods]');
    const r = failedRun({ ok: [step({ step_id: 'snapshot' })], failing: { step_id: 'list', exit_code: 127, error: 'command not found: kubectl' } });
    const rb = runbookFrom(environmentPrecondition(input(y, r, 'environment_difference'))!.yaml);
    expect(rb.steps[0]).toMatchObject({ id: 'require-kubectl', mutating: false });
    expect(rb.steps[0].action).toMatchObject({ kind: 'run', argv: expect.arrayContaining(['kubectl']) });
    expect(JSON.stringify(rb.steps[0].action)).toContain('not installed on this host');
  });

  it('names the missing program from the usual messages', () => {
    expect(missingProgram('command not found: jq', undefined)).toBe('jq');
    expect(missingProgram('sh: 1: pg_isready: not found', undefined)).toBe('pg_isready');
    expect(missingProgram('spawn /usr/bin/kubectl ENOENT', undefined)).toBe('kubectl');
  });
});
