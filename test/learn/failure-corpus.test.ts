// The failure corpus (fixtures/failures) as an accuracy floor: rule classification and repairs must stay at
// or above the targets on both splits, and a few phrasing families are pinned one by one.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus, splitOf } from '../../bench/failures-corpus.js';
import { scoreCorpus, summarize } from '../../bench/failures-score.js';
import { classifyByRules } from '../../src/learn/classify-rules.js';
import { failureFacts } from '../../src/learn/failure-facts.js';
import { dependencyName, missingProgram, missingPythonModule } from '../../src/learn/failure-signals.js';
import { startMissingDependency } from '../../src/learn/improve-rules.js';
import { failedRun, runbookFrom } from './helpers.js';

const corpus = loadCorpus(join(import.meta.dirname, '..', '..', 'fixtures', 'failures'));

describe('failure corpus', () => {
  it('has at least 80 entries from at least 15 tools, about a quarter held out', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(80);
    expect(new Set(corpus.map((e) => e.tool)).size).toBeGreaterThanOrEqual(15);
    const held = corpus.filter((e) => e.split === 'holdout').length / corpus.length;
    expect(held).toBeGreaterThan(0.15);
    expect(held).toBeLessThan(0.35);
    expect(splitOf('git-commit-no-identity')).toBe(splitOf('git-commit-no-identity'));
  });

  it.each(['dev', 'holdout'] as const)('%s split: at least 90 percent of types and 80 percent of repairs are right', async (split) => {
    const rows = await scoreCorpus(corpus.filter((e) => e.split === split));
    const s = summarize(rows);
    const wrong = rows.filter((r) => !r.typeOk || r.repairOk === false).map((r) => `${r.entry.id}: got ${r.got.failure_type}/${r.repair.kind ?? r.repair.outcome}`);
    expect(s.typeCorrect / s.entries, wrong.join('\n')).toBeGreaterThanOrEqual(0.9);
    expect(s.repairCorrect / s.repairJudged, wrong.join('\n')).toBeGreaterThanOrEqual(0.8);
  });
});

describe('phrasing families', () => {
  const yaml = `id: RB-F
title: f
steps:
  - id: start-worker
    run: [systemctl, start, order-worker]
    mutating: true
`;
  const rb = runbookFrom(yaml);
  const facts = (stderr: string, exit_code = 1) => failureFacts(failedRun({ failing: { step_id: 'start-worker', mutating: true, stderr, exit_code } }), rb);

  it('"dependency missing (X is stopped)" names X and proposes starting it', () => {
    const f = facts('Service failed to start: dependency missing (queue-broker is stopped)');
    expect(classifyByRules(f)).toMatchObject({ failure_type: 'runbook_insufficient', rule: 'dependency-missing' });
    const r = failedRun({ failing: { step_id: 'start-worker', mutating: true, stderr: 'Service failed to start: dependency missing (queue-broker is stopped)' } });
    const out = startMissingDependency({ runbook: rb, yaml, result: r, failureType: 'runbook_insufficient', facts: f });
    expect(out?.summary).toContain('queue-broker');
    expect(runbookFrom(out!.yaml).steps.map((x) => x.id)).toEqual(['check-queue-broker', 'start-queue-broker', 'start-worker']);
  });

  it.each([
    ['Service failed to start: dependency missing: cache', 'cache'],
    ['worker requires rabbitmq to be running', 'rabbitmq'],
    ['queue-broker was stopped by the operator', 'queue-broker'],
    ['Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?', 'docker'],
    ['Service failed to start: dependency missing\nexit code 1', null],
    ["A dependency job for docker.service failed. See 'journalctl -xe' for details.", null],
  ])('dependencyName(%j) is %j', (text, name) => {
    expect(dependencyName(text)).toBe(name);
  });

  it('names a well-known local service only when the peer is local and only one product is named', () => {
    expect(dependencyName("ERROR 2002 (HY000): Can't connect to local MySQL server through socket '/var/run/mysqld/mysqld.sock' (2)", true)).toBe('mysql');
    expect(dependencyName('Could not connect to Redis at 127.0.0.1:6379: Connection refused', true)).toBe('redis');
    expect(dependencyName('Could not connect to Redis at 127.0.0.1:6379: Connection refused', false)).toBeNull();
    expect(dependencyName('redis said no, postgres said no', true)).toBeNull();
  });

  it('reads the missing program or module from shells, env, systemd and Python', () => {
    expect(missingProgram('env: ‘go’: No such file or directory', 'env')).toBe('go');
    expect(missingProgram('nginx.service: Failed to execute command: No such file or directory\nnginx.service: Failed at step EXEC spawning /usr/sbin/nginx: No such file or directory', 'journalctl')).toBe('nginx');
    expect(missingProgram("  File \"x\", in _execute_child\nFileNotFoundError: [Errno 2] No such file or directory: 'redis-cli'", 'python3')).toBe('redis-cli');
    expect(missingPythonModule("ModuleNotFoundError: No module named 'kafka.admin'")).toBe('kafka');
  });

  it('keeps the fallback for what no family covers: unclassified with the raw signal', () => {
    const v = classifyByRules(facts('panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation]', 2));
    expect(v).toMatchObject({ failure_type: 'unclassified', confidence: 0, rule: 'fallback' });
    expect(v.evidence.join('\n')).toContain('nil pointer dereference');
  });

  it('a timeout of a local start operation is not a network failure; a missing file in an early log line is not the error', () => {
    const v = classifyByRules(facts("nginx.service: Can't open PID file /run/nginx.pid (yet?) after start: No such file or directory\nnginx.service: start operation timed out. Terminating."));
    expect(v.failure_type).toBe('unclassified');
  });
});
