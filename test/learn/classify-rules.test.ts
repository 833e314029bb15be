// The deterministic classifier, one rule at a time, on executions shaped like the executor's, plus
// the order between rules where two could fire.
import { describe, expect, it } from 'vitest';
import { classifyByRules, hostsIn, RULES } from '../../src/learn/classify-rules.js';
import { failureFacts } from '../../src/learn/failure-facts.js';
import { failedRun, runbookFrom, step } from './helpers.js';

const rb = runbookFrom(`id: RB-T
title: t
match:
  categories: [resource_exhaustion]
  services: [checkout]
params:
  - name: host
    default: db.internal
steps:
  - id: check
    run: [true]
  - id: act
    run: [true]
    mutating: true
`);

const classify = (r: ReturnType<typeof failedRun>, incident: Parameters<typeof failureFacts>[2] = null) => classifyByRules(failureFacts(r, rb, incident));

describe('classification rules', () => {
  it('exit 127 / command not found is an environment difference', () => {
    const v = classify(failedRun({ failing: { step_id: 'act', exit_code: 127, error: 'command not found: kubectl', mutating: true } }));
    expect(v).toMatchObject({ failure_type: 'environment_difference', rule: 'command-missing', confidence: 0.9 });
    expect(v.reasoning).toContain('exit code 127');
    expect(v.evidence[0]).toContain('command not found: kubectl');
  });

  it('exit 126 is an environment difference too, ahead of its "permission denied" text', () => {
    const v = classify(failedRun({ failing: { step_id: 'act', exit_code: 126, error: 'permission denied: ./fix.sh' } }));
    expect(v.failure_type).toBe('environment_difference');
    expect(v.confidence).toBe(0.8);
  });

  it.each([
    ['EACCES: permission denied, open /etc/app.conf'],
    ['Error response from daemon: 403 Forbidden'],
    ['HTTP 401 Unauthorized'],
    ['rm: cannot remove /var/lib/x: Operation not permitted'],
  ])('"%s" is permission_denied', (stderr) => {
    const v = classify(failedRun({ failing: { step_id: 'act', stderr, mutating: true } }));
    expect(v.failure_type).toBe('permission_denied');
    expect(v.evidence[0]).toContain(stderr.slice(0, 10));
  });

  it('connection refused from a host the runbook does not manage is an external dependency', () => {
    const v = classify(failedRun({ failing: { step_id: 'act', stderr: 'curl: (7) Failed to connect to payments.partner.com:443: Connection refused' } }));
    expect(v.failure_type).toBe('external_dependency');
    expect(v.reasoning).toContain('payments.partner.com');
  });

  it('a 503 from an unmanaged API is external; the same from a managed host (a param value) is not', () => {
    const ext = classify(failedRun({ failing: { step_id: 'act', stderr: 'GET https://api.vendor.io/v1/x returned status 503' } }));
    expect(ext.failure_type).toBe('external_dependency');
    const own = classify(failedRun({ params: { host: 'db.internal' }, failing: { step_id: 'act', mutating: true, stderr: 'psql: could not connect to db.internal:5432: Connection refused' } }));
    expect(own.failure_type).not.toBe('external_dependency');
  });

  it('a local command that timed out is not blamed on a remote host: the runbook needed more time', () => {
    const v = classify(failedRun({ failing: { step_id: 'act', mutating: true, timed_out: true, exit_code: null, signal: 'SIGTERM', error: 'timed out after 5000 ms' } }));
    expect(v).toMatchObject({ failure_type: 'runbook_insufficient', rule: 'step-timed-out' });
  });

  it('"dependency missing" is runbook_insufficient', () => {
    const v = classify(failedRun({ failing: { step_id: 'act', mutating: true, stderr: 'dependency missing: redis' } }));
    expect(v).toMatchObject({ failure_type: 'runbook_insufficient', rule: 'dependency-missing', confidence: 0.85 });
  });

  it('every step succeeded but the verification failed: runbook_insufficient', () => {
    const r = failedRun({
      ok: [step({ step_id: 'check' }), step({ step_id: 'act', mutating: true })],
      error: 'verification failed: healthy: output does not contain "ok"',
      over: { verification_passed: false, verification_checks: [{ name: 'healthy', passed: false, attempts: 3, detail: 'output does not contain "ok"' }] },
    });
    const v = classify(r);
    expect(v).toMatchObject({ failure_type: 'runbook_insufficient', rule: 'verification-failed-after-all-steps' });
    expect(v.evidence).toEqual(['healthy: output does not contain "ok"']);
  });

  it('a root cause the runbook does not match is wrong_runbook, ahead of the step error', () => {
    const v = classify(failedRun({ failing: { step_id: 'act', stderr: 'permission denied' } }), { category: 'bad_deploy', service: 'checkout', confidence: 0.8 });
    expect(v).toMatchObject({ failure_type: 'wrong_runbook', confidence: 0.8 });
    expect(v.reasoning).toContain('bad_deploy');
    const svc = classify(failedRun({ failing: { step_id: 'act' } }), { category: 'resource_exhaustion', service: 'search', confidence: 0.8 });
    expect(svc.failure_type).toBe('wrong_runbook');
  });

  it('a check before any change that does not hold is wrong_diagnosis', () => {
    const v = classify(failedRun({ failing: { step_id: 'check', stdout: 'pool usage 12%' } }));
    expect(v).toMatchObject({ failure_type: 'wrong_diagnosis', rule: 'precondition-check-failed' });
  });

  it('a missing git identity and a read-only Docker snapshot are environment differences, not runbook gaps', () => {
    const git = classify(failedRun({ failing: { step_id: 'commit-config', mutating: true, stderr: 'Author identity unknown\n\n*** Please tell me who you are.\nfatal: unable to auto-detect email address (got \'root@vm.(none)\')' } }));
    expect(git).toMatchObject({ failure_type: 'environment_difference', rule: 'environment-not-set-up' });
    const snap = classify(failedRun({ failing: { step_id: 'restart', mutating: true, kind: 'tool', error: 'tool docker__restart_container failed: restart_container: the server reads a recorded snapshot /x/snapshot.json, which cannot be changed' } }));
    expect(snap).toMatchObject({ failure_type: 'environment_difference', rule: 'environment-not-set-up' });
  });

  it('nothing specific: unclassified with the raw signal, not a guess', () => {
    const v = classify(failedRun({ failing: { step_id: 'act', mutating: true, exit_code: 3, stderr: 'something odd happened' } }));
    expect(v).toMatchObject({ failure_type: 'unclassified', rule: 'fallback', confidence: 0 });
    expect(v.evidence[0]).toBe('act: exit code 3');
    expect(v.evidence).toContainEqual(expect.stringContaining('something odd happened'));
  });

  it('every rule has a distinct name; hosts are read from URLs and host:port', () => {
    expect(new Set(RULES.map((r) => r.name)).size).toBe(RULES.length);
    expect(hostsIn('GET https://user@api.x.io/v1 and db-1.internal:5432 and 10.0.0.5:80')).toEqual(['api.x.io', 'db-1.internal', '10.0.0.5']);
  });
});
