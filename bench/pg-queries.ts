// History, per-version success rates and `runbook stats` over the same 1,000,000 executions on PostgreSQL and
// on SQLite, in one run: the query alone in-process (median of 9) and the whole built CLI (median of 5).
import { execa } from 'execa';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { learnStats } from '../src/learn/stats.js';
import { countExecutions, listExecutions, openStore, successRates, type Db } from '../src/store/index.js';
import type { RunningPostgres } from '../test/helpers/postgres.js';
import { fill, RUNBOOKS, TOTAL, X } from './pg-data.js';

const BIN = resolve(import.meta.dirname, '..', 'bin', 'runbook.js');
const RUNS = 9;
const CLI_RUNS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timed<T>(fn: () => T): { ms: number; value: T } {
  let value = fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    value = fn();
    samples.push(performance.now() - t);
  }
  return { ms: median(samples), value };
}

async function cli(args: string[]): Promise<{ ms: number; stdout: string }> {
  const samples: number[] = [];
  let stdout = '';
  for (let i = 0; i < CLI_RUNS; i++) {
    const t = performance.now();
    const r = await execa(process.execPath, [BIN, ...args], { reject: false, env: { NO_COLOR: '1' } });
    samples.push(performance.now() - t);
    if (r.exitCode !== 0) throw new Error(`runbook ${args.join(' ')} exited ${r.exitCode}: ${r.stderr}`);
    stdout = String(r.stdout);
  }
  return { ms: median(samples), stdout };
}

interface Figures {
  fillS: number;
  history: number;
  rate: number;
  stats: number;
  cliHistory: number;
  cliRate: number;
  cliStats: number;
  /** What the queries answered, compared across engines: the same data must give the same answers. */
  answers: string;
}

async function measure(db: Db, target: string): Promise<Omit<Figures, 'fillS'>> {
  const history = timed(() => listExecutions(db, { runbookId: X, limit: 50 }));
  const rate = timed(() => successRates(db, X));
  const stats = timed(() => learnStats(db, new Date('2026-01-01T00:00:00Z')));
  const cliHistory = await cli(['history', '--runbook', X, '--json', '--db', target]);
  const cliRate = await cli(['stats', '--runbook', X, '--json', '--db', target]);
  const cliStats = await cli(['stats', '--json', '--db', target]);
  const cliRows = (JSON.parse(cliHistory.stdout) as unknown[]).length;
  const s = stats.value;
  const answers = JSON.stringify({
    history: history.value.map((e) => e.execution_id), cliRows, rate: rate.value,
    versions: s.versions.map((v) => [v.label, v.total, v.successes]), approval: s.approval, queue: s.queue.map((q) => [q.status, q.priority, q.count]),
    cliStats: (JSON.parse(cliStats.stdout) as { versions: unknown[] }).versions.length,
  });
  return { history: history.ms, rate: rate.ms, stats: stats.ms, cliHistory: cliHistory.ms, cliRate: cliRate.ms, cliStats: cliStats.ms, answers };
}

async function engine(target: string, log: (m: string) => void, name: string): Promise<Figures> {
  const db = openStore(target);
  try {
    const t0 = performance.now();
    fill(db);
    const fillS = (performance.now() - t0) / 1000;
    const n = countExecutions(db);
    if (n !== TOTAL) throw new Error(`${name} holds ${n} executions, not ${TOTAL}`);
    log(`  ${name}: filled ${TOTAL.toLocaleString('en')} executions in ${fillS.toFixed(1)} s`);
    return { fillS, ...(await measure(db, target)) };
  } finally {
    db.close();
  }
}

/** Prints the table; false when a target is missed or the engines disagree. */
export async function queryBench(opts: { server: RunningPostgres; dir: string; log: (m: string) => void }): Promise<boolean> {
  const { log } = opts;
  // The bulk load and VACUUM outlast the store's default 30 s statement timeout on a loaded machine.
  process.env.INCIDENT_COPILOT_PG_STATEMENT_TIMEOUT_MS = '600000';
  log(`${TOTAL.toLocaleString('en')} executions of ${RUNBOOKS} runbooks (skewed; ${X}, the busiest, holds the most), the same rows in both engines:`);
  const pgUrl = await opts.server.createDatabase('bench_queries');
  const pgF = await engine(pgUrl, log, 'PostgreSQL');
  const liteF = await engine(join(opts.dir, 'bench.db'), log, 'SQLite');
  const x = (JSON.parse(pgF.answers) as { rate: Array<{ total: number }> }).rate.reduce((t, r) => t + r.total, 0);
  const rows: Array<[string, keyof Figures, number]> = [
    [`runbook history --runbook ${X} (query)`, 'history', 200],
    [`success rate per version of ${X} (query)`, 'rate', 200],
    ['runbook stats: learnStats (query)', 'stats', 1000],
    [`runbook history --runbook ${X} --json (CLI)`, 'cliHistory', 0],
    [`runbook stats --runbook ${X} --json (CLI)`, 'cliRate', 0],
    ['runbook stats --json (CLI)', 'cliStats', 0],
  ];
  let ok = true;
  log(`  medians (queries: ${RUNS} runs in-process; CLI: ${CLI_RUNS} runs of the built CLI, wall, node startup included); ${X} finished ${x.toLocaleString('en')} runs`);
  log(`  ${'what'.padEnd(48)} ${'PostgreSQL'.padStart(11)} ${'SQLite'.padStart(9)}  PG/SQLite  target`);
  for (const [label, key, target] of rows) {
    const p = pgF[key] as number;
    const l = liteF[key] as number;
    const met = target === 0 ? '' : p < target ? `< ${target} ms met` : `< ${target} ms MISSED`;
    if (target && p >= target) ok = false;
    log(`  ${label.padEnd(48)} ${`${p.toFixed(1)} ms`.padStart(11)} ${`${l.toFixed(1)} ms`.padStart(9)}  ${(p / l).toFixed(2).padStart(8)}x  ${met}`);
  }
  const same = pgF.answers === liteF.answers;
  if (!same) ok = false;
  log(`  both engines give the same answers (history ids, rates, stats): ${same ? 'yes' : 'NO'}`);
  return ok;
}
