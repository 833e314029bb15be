// With 1,000,000 executions in the store: `runbook history --runbook X` and the per-version success-rate
// query, each timed in-process (median of 15) next to a full-table COUNT(*) reference. Run: npx tsx bench/runbook-history.ts
import { execa } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { listExecutions, openStore, successRates } from '../src/store/index.js';

const TOTAL = 1_000_000;
const RUNBOOKS = 200;
/** The runbook we query holds 10 % of all rows, over three versions: a heavy case, not an average one. */
const X = 'RB-BENCH-X';
const X_SHARE = 0.1;
const RUNS = 15;

const dir = mkdtempSync(join(tmpdir(), 'bench-hist-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time<T>(fn: () => T): { ms: number; value: T } {
  let value = fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    value = fn();
    samples.push(performance.now() - t);
  }
  return { ms: median(samples), value };
}

try {
  const db = openStore(join(dir, 'history.db'));
  const t0 = performance.now();
  const insert = db.prepare(
    `INSERT INTO executions (id, runbook_id, runbook_version, status, success, verification_passed, started_at, completed_at,
       duration_ms, incident_id, pid, hostname, error_message, error_step, result_json, updated_at)
     VALUES (?, ?, ?, ?, ?, 1, ?, ?, 1200, NULL, 1, 'bench', ?, ?, ?, ?)`,
  );
  const base = Date.parse('2025-01-01T00:00:00Z');
  const fill = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const isX = i % Math.round(1 / X_SHARE) === 0;
      const rb = isX ? X : `RB-BENCH-${String(i % RUNBOOKS).padStart(3, '0')}`;
      const version = (i % 3) + 1;
      const ok = (Math.imul(i, 2654435761) >>> 0) % 100 < 50 + version * 12;
      const started = new Date(base + i * 30_000).toISOString();
      const status = ok ? 'success' : 'failure';
      insert.run(
        `exec-${i}`, rb, version, status, ok ? 1 : 0, started, started, ok ? null : 'step restart failed: exit code 1', ok ? null : 2,
        `{"execution_id":"exec-${i}","runbook_id":"${rb}","runbook_version":${version},"status":"${status}","executed_steps":[]}`, started,
      );
    }
  });
  for (let i = 0; i < TOTAL; i += 100_000) fill(i, i + 100_000);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  console.log(`filled ${TOTAL.toLocaleString('en')} executions (${RUNBOOKS} runbooks, ${X} holds ${(TOTAL * X_SHARE).toLocaleString('en')}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const count = time(() => db.prepare('SELECT COUNT(*) AS n FROM executions').get());
  const history = time(() => listExecutions(db, { runbookId: X, limit: 50 }));
  const rates = time(() => successRates(db, X));
  const ratesAll = time(() => successRates(db));
  console.log(`median of ${RUNS} runs (2-core shared machine):`);
  console.log(`  reference: SELECT COUNT(*) over all rows      ${count.ms.toFixed(2)} ms`);
  console.log(`  runbook history --runbook ${X} (50 rows)  ${history.ms.toFixed(2)} ms  [budget 200 ms] ${history.value.length} rows, newest ${history.value[0]?.started_at}`);
  console.log(`  success rate per version of ${X}           ${rates.ms.toFixed(2)} ms  [budget 200 ms] ${rates.value.map((r) => `v${r.runbook_version} ${(r.success_rate! * 100).toFixed(0)}% of ${r.total}`).join(', ')}`);
  console.log(`  success rates of all ${RUNBOOKS + 1} runbooks (whole table) ${ratesAll.ms.toFixed(2)} ms  (${ratesAll.value.length} version rows)`);
  db.close();
  const cliTimes: number[] = [];
  const nodeTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    let t = performance.now();
    await execa(process.execPath, ['-e', '']);
    nodeTimes.push(performance.now() - t);
    t = performance.now();
    await execa(process.execPath, [resolve(import.meta.dirname, '..', 'bin', 'runbook.js'), 'history', '--runbook', X, '--json', '--db', join(dir, 'history.db')]);
    cliTimes.push(performance.now() - t);
  }
  console.log(`  whole CLI \`runbook history --runbook ${X} --json\` ${median(cliTimes).toFixed(0)} ms wall, next to bare node startup ${median(nodeTimes).toFixed(0)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
