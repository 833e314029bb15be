// History, per-version success rates and `runbook stats` over the same 1,000,000 executions on PostgreSQL and
// on SQLite, in one run, alternating engines: the query alone in-process (median of 9), the built CLI (median of 5).
import { execa } from 'execa';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { learnStats } from '../src/learn/stats.js';
import { countExecutions, listExecutions, openStore, successRates, type Db } from '../src/store/index.js';
import type { LearnStats } from '../src/learn/stats.js';
import type { RunningPostgres } from '../test/helpers/postgres.js';
import { fill, RUNBOOKS, TOTAL, X } from './pg-data.js';

const BIN = resolve(import.meta.dirname, '..', 'bin', 'runbook.js');
const RUNS = 9;
const CLI_RUNS = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

type Key = 'history' | 'rate' | 'stats' | 'cliHistory' | 'cliRate' | 'cliStats';
type Figures = Record<Key, number>;

/** Both engines side by side: each sample runs PostgreSQL then SQLite, so a load spike on the shared machine hits both. */
function timedPair<T>(fns: [() => T, () => T]): { ms: [number, number]; values: [T, T] } {
  const values = [fns[0](), fns[1]()] as [T, T];
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < RUNS; i++) {
    for (const k of [0, 1] as const) {
      const t = performance.now();
      values[k] = fns[k]();
      samples[k].push(performance.now() - t);
    }
  }
  return { ms: [median(samples[0]), median(samples[1])], values };
}

async function cliPair(args: string[], targets: [string, string]): Promise<{ ms: [number, number]; stdout: [string, string] }> {
  const samples: [number[], number[]] = [[], []];
  const stdout: [string, string] = ['', ''];
  for (let i = 0; i < CLI_RUNS; i++) {
    for (const k of [0, 1] as const) {
      const t = performance.now();
      const r = await execa(process.execPath, [BIN, ...args, '--db', targets[k]], { reject: false, env: { NO_COLOR: '1' } });
      samples[k].push(performance.now() - t);
      if (r.exitCode !== 0) throw new Error(`runbook ${args.join(' ')} exited ${r.exitCode}: ${r.stderr}`);
      stdout[k] = String(r.stdout);
    }
  }
  return { ms: [median(samples[0]), median(samples[1])], stdout };
}

/** What the queries and the CLI answered: the same rows must give the same answers on both engines. */
function answers(history: Array<{ execution_id: string }>, rate: unknown, stats: LearnStats, cli: string[]): string {
  return JSON.stringify({
    history: history.map((e) => e.execution_id), rate,
    versions: stats.versions.map((v) => [v.label, v.total, v.successes]), approval: stats.approval, queue: stats.queue.map((q) => [q.status, q.priority, q.count]),
    cli: cli.map((out) => {
      const j = JSON.parse(out) as unknown;
      if (Array.isArray(j)) return j;
      // Versions were added at fill time, a moment apart per engine: when the queue's oldest item was filed differs.
      const st = j as LearnStats;
      return { ...st, generated_at: null, queue: st.queue.map((q) => ({ ...q, oldest: null })) };
    }),
  });
}

function filled(target: string, name: string, log: (m: string) => void): Db {
  const db = openStore(target);
  const t0 = performance.now();
  fill(db);
  const n = countExecutions(db);
  if (n !== TOTAL) throw new Error(`${name} holds ${n} executions, not ${TOTAL}`);
  log(`  ${name}: filled ${TOTAL.toLocaleString('en')} executions in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return db;
}

/** Prints the table; false when a target is missed or the engines disagree. */
export async function queryBench(opts: { server: RunningPostgres; dir: string; log: (m: string) => void }): Promise<boolean> {
  const { log } = opts;
  // The bulk load and VACUUM outlast the store's default 30 s statement timeout on a loaded machine.
  process.env.INCIDENT_COPILOT_PG_STATEMENT_TIMEOUT_MS = '600000';
  log(`${TOTAL.toLocaleString('en')} executions of ${RUNBOOKS} runbooks (skewed; ${X}, the busiest, holds the most), the same rows in both engines:`);
  const targets: [string, string] = [await opts.server.createDatabase('bench_queries'), join(opts.dir, 'bench.db')];
  const dbs = [filled(targets[0], 'PostgreSQL', log), filled(targets[1], 'SQLite', log)] as const;
  const now = new Date('2026-01-01T00:00:00Z');
  const history = timedPair([() => listExecutions(dbs[0], { runbookId: X, limit: 50 }), () => listExecutions(dbs[1], { runbookId: X, limit: 50 })]);
  const rate = timedPair([() => successRates(dbs[0], X), () => successRates(dbs[1], X)]);
  const stats = timedPair([() => learnStats(dbs[0], now), () => learnStats(dbs[1], now)]);
  for (const db of dbs) db.close();
  const cliHistory = await cliPair(['history', '--runbook', X, '--json'], targets);
  const cliRate = await cliPair(['stats', '--runbook', X, '--json'], targets);
  const cliStats = await cliPair(['stats', '--json'], targets);
  // What any CLI run costs before it touches a store: node's startup, then loading the bundle.
  const startup = { node: [] as number[], version: [] as number[] };
  for (let i = 0; i < CLI_RUNS; i++) {
    let t = performance.now();
    await execa(process.execPath, ['-e', '']);
    startup.node.push(performance.now() - t);
    t = performance.now();
    await execa(process.execPath, [BIN, '--version']);
    startup.version.push(performance.now() - t);
  }
  const figures = [0, 1].map((k) => ({
    history: history.ms[k], rate: rate.ms[k], stats: stats.ms[k], cliHistory: cliHistory.ms[k], cliRate: cliRate.ms[k], cliStats: cliStats.ms[k],
  })) as [Figures, Figures];
  const [pgA, liteA] = [0, 1].map((k) => answers(history.values[k], rate.values[k], stats.values[k], [cliHistory.stdout[k], cliRate.stdout[k], cliStats.stdout[k]]));
  const [pgF, liteF] = figures;
  const x = rate.values[0].reduce((t, r) => t + r.total, 0);
  const rows: Array<[string, Key, number]> = [
    [`runbook history --runbook ${X} (query)`, 'history', 200],
    [`success rate per version of ${X} (query)`, 'rate', 200],
    ['runbook stats: learnStats (query)', 'stats', 1000],
    [`runbook history --runbook ${X} --json (CLI)`, 'cliHistory', 0],
    [`runbook stats --runbook ${X} --json (CLI)`, 'cliRate', 0],
    ['runbook stats --json (CLI)', 'cliStats', 0],
  ];
  let ok = true;
  log(`  medians, PostgreSQL and SQLite alternating (queries: ${RUNS} runs in-process; CLI: ${CLI_RUNS} runs of the built CLI, wall, node startup included); ${X} finished ${x.toLocaleString('en')} runs`);
  log(`  ${'what'.padEnd(48)} ${'PostgreSQL'.padStart(11)} ${'SQLite'.padStart(9)}  PG/SQLite  target`);
  for (const [label, key, target] of rows) {
    const p = pgF[key];
    const l = liteF[key];
    const met = target === 0 ? '' : p < target ? `< ${target} ms met` : `< ${target} ms MISSED`;
    if (target && p >= target) ok = false;
    log(`  ${label.padEnd(48)} ${`${p.toFixed(1)} ms`.padStart(11)} ${`${l.toFixed(1)} ms`.padStart(9)}  ${(p / l).toFixed(2).padStart(8)}x  ${met}`);
  }
  log(`  reference for the CLI rows: bare node startup ${median(startup.node).toFixed(0)} ms, \`runbook --version\` ${median(startup.version).toFixed(0)} ms`);
  const same = pgA === liteA;
  if (!same) ok = false;
  log(`  both engines give the same answers (history ids, rates, stats): ${same ? 'yes' : 'NO'}`);
  return ok;
}
