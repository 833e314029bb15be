// The learning loop's costs, each next to a reference measured in the same run (medians):
// 1. `runbook stats` (learnStats) over 1,000,000 executions and 2,000 versions, next to the bare per-version
//    success-rate query it contains (the query issue 5 benchmarks);
// 2. rule classification of one failed execution, next to JSON.parse of that execution's stored result.
// Run: npx tsx bench/learn-stats.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { classifyByRules } from '../src/learn/classify-rules.js';
import { failureFacts } from '../src/learn/failure-facts.js';
import { learnStats } from '../src/learn/stats.js';
import { loadRunbookText } from '../src/runbook/loader.js';
import { addVersion, openStore, successRates } from '../src/store/index.js';
import { type ExecutionResult } from '../src/runbook/execution-result.js';

const TOTAL = 1_000_000;
const RUNBOOKS = 500;
const VERSIONS = 4;
const RUNS = 9;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(fn: () => unknown, runs = RUNS): number {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

const dir = mkdtempSync(join(tmpdir(), 'bench-learn-'));
try {
  const db = openStore(join(dir, 'learn.db'));
  const yaml = (id: string, v: number) => `id: ${id}\ntitle: t\nsteps:\n  - id: a\n    run: [true]\n# v${v}\n`;
  db.transaction(() => {
    for (let r = 0; r < RUNBOOKS; r++) {
      const id = `RB-B-${r}`;
      addVersion(db, { runbookId: id, yaml: yaml(id, 1), status: 'active', generatedBy: 'file' });
      for (let v = 2; v <= VERSIONS; v++) {
        addVersion(db, { runbookId: id, yaml: yaml(id, v), status: v === VERSIONS ? 'pending_review' : 'active', generatedBy: 'rules', parentVersion: v - 1, priority: v % 2 ? 'high' : 'normal' });
      }
    }
  })();
  const insert = db.prepare(
    `INSERT INTO executions (id, runbook_id, runbook_version, status, success, started_at, updated_at, result_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, '{}')`,
  );
  const base = Date.parse('2026-01-01T00:00:00Z');
  const fill = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const ok = (Math.imul(i, 2654435761) >>> 0) % 100 < 60;
      const at = new Date(base + i * 5_000).toISOString();
      insert.run(`e${i}`, `RB-B-${i % RUNBOOKS}`, 1 + (i % VERSIONS), ok ? 'success' : 'failure', ok ? 1 : 0, at, at);
    }
  });
  const t0 = performance.now();
  for (let i = 0; i < TOTAL; i += 100_000) fill(i, i + 100_000);
  db.exec('ANALYZE');
  console.log(`filled ${TOTAL.toLocaleString('en')} executions, ${RUNBOOKS * VERSIONS} versions in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const rates = time(() => successRates(db));
  const stats = time(() => learnStats(db));
  console.log(`per-version success rates (reference): ${rates.toFixed(0)} ms`);
  console.log(`learnStats (runbook stats):            ${stats.toFixed(0)} ms  (${(stats / rates).toFixed(2)}x the reference)`);
  db.close();

  const rb = loadRunbookText('id: RB-C\ntitle: c\nsteps:\n  - id: check\n    run: [true]\n  - id: act\n    run: [true]\n    mutating: true\n', 'c.yaml').runbook!;
  const failed = {
    execution_id: 'e', runbook_id: 'RB-C', runbook_version: 1, incident_id: null, incident_type: null, client_id: null, evidence_bundle_id: null, hostname: 'h', platform: 'linux',
    started_at: '', completed_at: '', duration_seconds: 1, status: 'failure', success: false, dry_run: false, params: { host: 'db.internal' },
    verification_passed: null, verification_method: null, verification_checks: [], confidence: 0, state_before: {}, state_after: {}, state_diff: {}, plan: [],
    executed_steps: [{ step_number: 1, step_id: 'act', action: 'act', phase: 'step', kind: 'run', command: 'x', mutating: true, started_at: '', completed_at: '',
      duration_seconds: 1, exit_code: 1, signal: null, timed_out: false, attempts: 1, success: false, skipped: false, stdout: 'x'.repeat(1000),
      stderr: `${'noise line\n'.repeat(150)}dependency missing: cache`, error: 'exit code 1: dependency missing: cache' }],
    rollback_steps: [], rolled_back: false, error_message: 'step act failed', error_step: 1, retry_count: 0, failure_type: null, tags: [],
  } as ExecutionResult;
  const text = JSON.stringify(failed);
  const N = 2000;
  const parse = time(() => { for (let i = 0; i < N; i++) JSON.parse(text); });
  const classify = time(() => { for (let i = 0; i < N; i++) classifyByRules(failureFacts(failed, rb)); });
  console.log(`JSON.parse of the stored result (reference): ${((parse / N) * 1000).toFixed(1)} µs per execution`);
  console.log(`rule classification:                         ${((classify / N) * 1000).toFixed(1)} µs per execution (${(classify / parse).toFixed(2)}x)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
