// Culprit localization on real fault-injection cases (e.g. ../shared/benchmarks/nezha): runs `rca --offline --json`
// per case and prints, per system and fault type, rank 1 / top 3 of the injected service and category plausibility,
// next to two trivial baselines computed in the same run, and the median wall time per case next to references
// timed in the same run (a bare Node start-up and `rca servers` on the same sources, interleaved with the cases).
// Run: npm run build && npm run bench:real -- ../shared/benchmarks/nezha [--filter ts-] [--json out.json]
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { pool } from './pool.js';
import { largestCpuRise, mostErrorLines } from './real-baselines.js';
import { canonicalService, categoryPlausible, loadCases, rankedServices, type RealCase } from './real-cases.js';
import { timed, timingReport, type CaseTimes } from './real-timing.js';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const source = args.find((a, i) => !a.startsWith('--') && !['--filter', '--json'].includes(args[i - 1] ?? ''));
if (!source) {
  console.error('usage: npm run bench:real -- <benchmark dir with cases.tar.gz or case folders> [--filter PREFIX] [--json out.json]');
  process.exit(2);
}
const CONCURRENCY = 2;
const run = promisify(execFile);

const reportSchema = z.object({
  root_cause: z.object({ service: z.string().nullable(), category: z.string(), summary: z.string() }),
  hypotheses: z.array(z.object({ service: z.string().nullable(), category: z.string() })).optional(),
});

interface Row {
  c: RealCase;
  ms: number;
  /** The same-run references timed right after this case. */
  refs: CaseTimes;
  top: string[];
  category: string;
  summary: string;
  error?: string;
  baseErrors: string[];
  baseCpu: string[];
}

async function runCase(c: RealCase): Promise<Row> {
  const tmp = mkdtempSync(join(tmpdir(), 'bench-real-db-'));
  const sources = ['--metrics', 'metrics/metrics.om', ...(c.hasLogs ? ['--logs', 'logs'] : [])];
  const argv = [join(ROOT, 'bin', 'rca.js'), c.incident, ...sources];
  argv.push('--at', c.truth.at, '--window', c.truth.window, '--offline', '--json', '--quiet');
  const row: Row = { c, ms: 0, refs: { rca: 0, node: 0, servers: 0 }, top: [], category: 'error', summary: '', baseErrors: mostErrorLines(c), baseCpu: largestCpuRise(c) };
  try {
    const t0 = performance.now();
    const r = await run(process.execPath, argv, {
      cwd: c.dir,
      env: { ...process.env, INCIDENT_COPILOT_DB: join(tmp, 'history.db'), NO_COLOR: '1' },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    }).catch((e: { stdout?: string; stderr?: string; code?: number }) => ({ stdout: e.stdout ?? '', stderr: `exit ${e.code}: ${e.stderr ?? ''}` }));
    row.ms = performance.now() - t0;
    const parsed = reportSchema.safeParse((() => { try { return JSON.parse(r.stdout) as unknown; } catch { return null; } })());
    if (parsed.success) {
      row.top = rankedServices(parsed.data, 3);
      row.category = parsed.data.root_cause.category;
      row.summary = parsed.data.root_cause.summary;
    } else row.error = r.stderr.split('\n').filter(Boolean).slice(-2).join(' | ').slice(0, 200) || 'no JSON on stdout';
    const env = { ...process.env, INCIDENT_COPILOT_DB: join(tmp, 'history.db'), NO_COLOR: '1' };
    row.refs = {
      rca: row.ms,
      node: await timed(['-e', ''], { cwd: c.dir, env }),
      servers: await timed([join(ROOT, 'bin', 'rca.js'), 'servers', '--json', ...sources], { cwd: c.dir, env }),
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return row;
}

const { cases: all, unpackedTo } = loadCases(resolve(source));
const filter = opt('--filter');
const cases = all.filter((c) => !filter || c.name.startsWith(filter));
let rows: Row[];
try {
  rows = await pool(cases, CONCURRENCY, runCase);
} finally {
  if (unpackedTo) rmSync(unpackedTo, { recursive: true, force: true });
}

const truthOf = (r: Row) => canonicalService(r.c.truth.service);
const at = (list: string[], r: Row, n: number) => list.slice(0, n).includes(truthOf(r));
const pct = (k: number, n: number) => `${k}/${n} ${n ? Math.round((100 * k) / n) : 0}%`.padEnd(11);
const W = [28, 6, 12, 12, 12, 12, 12, 12, 12];
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(W[i] ?? 12)).join(' ');

console.log(`\nper case (${rows.length}): injected service -> engine's top 3 | baselines' first`);
for (const r of rows) {
  const ok = at(r.top, r, 1) ? 'r1 ' : at(r.top, r, 3) ? 'top3' : 'MISS';
  const cat = categoryPlausible(r.c.truth.fault_type, r.category) ? '' : ' (category?)';
  console.log(`  ${ok.padEnd(4)} ${r.c.name.padEnd(26)} ${r.c.truth.fault_type.padEnd(14)} ${truthOf(r).padEnd(28)} -> ${r.error ? `ERROR ${r.error}` : r.top.join(', ')} [${r.category}]${cat} | errors: ${r.baseErrors[0] ?? '-'}, cpu: ${r.baseCpu[0] ?? '-'}`);
}

console.log('\n' + line(['group', 'cases', 'rank 1', 'top 3', 'category ok', 'errors r1', 'errors top3', 'cpu r1', 'cpu top3']));
const groups = new Map<string, Row[]>();
for (const r of rows) {
  for (const key of [`${r.c.truth.system} / ${r.c.truth.fault_type}`, `${r.c.truth.system} (all)`, `fault: ${r.c.truth.fault_type}`, 'all']) groups.set(key, [...(groups.get(key) ?? []), r]);
}
const order = [...groups.keys()].sort((a, b) => (a === 'all' ? 1 : b === 'all' ? -1 : a.startsWith('fault') === b.startsWith('fault') ? a.localeCompare(b) : a.startsWith('fault') ? 1 : -1));
for (const key of order) {
  const g = groups.get(key)!;
  const n = (f: (r: Row) => boolean) => pct(g.filter(f).length, g.length);
  console.log(
    line([
      key,
      String(g.length),
      n((r) => at(r.top, r, 1)),
      n((r) => at(r.top, r, 3)),
      n((r) => categoryPlausible(r.c.truth.fault_type, r.category)),
      n((r) => at(r.baseErrors, r, 1)),
      n((r) => at(r.baseErrors, r, 3)),
      n((r) => at(r.baseCpu, r, 1)),
      n((r) => at(r.baseCpu, r, 3)),
    ]),
  );
}
console.log('\n' + timingReport(rows.map((r) => r.refs), CONCURRENCY, 1500).join('\n'));
const jsonOut = opt('--json');
if (jsonOut) {
  writeFileSync(jsonOut, JSON.stringify(rows.map((r) => ({ case: r.c.name, truth: r.c.truth, top: r.top, category: r.category, summary: r.summary, error: r.error, ms: Math.round(r.ms), ref_node_ms: Math.round(r.refs.node), ref_servers_ms: Math.round(r.refs.servers), baseErrors: r.baseErrors.slice(0, 3), baseCpu: r.baseCpu.slice(0, 3) })), null, 2));
}
