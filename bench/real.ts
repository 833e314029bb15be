// Culprit localization on real fault-injection cases (e.g. ../shared/benchmarks/nezha): runs `rca --offline --json`
// per case and prints, per system and fault type, rank 1 / top 3 of the injected service and category plausibility,
// next to two trivial baselines computed in the same run, and the median wall time per case next to references
// timed in the same run (a bare Node start-up and `rca servers` on the same sources, interleaved with the cases).
// With --variant renamed|k8s|all each case is first rewritten into another convention (bench/real-variants.ts) and the
// figures are printed next to the original's from the same run.
// Run: npm run build && npm run bench:real -- ../shared/benchmarks/nezha [--filter ts-] [--variant all] [--jobs N] [--json out.json]
// --jobs (default 2) is how many cases run at a time; --jobs 1 times each case as a person running rca would see it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { pool } from './pool.js';
import { largestCpuRise, mostErrorLines } from './real-baselines.js';
import { loadCases, rankedServices, type RealCase } from './real-cases.js';
import { printComparison, printRows, type Row } from './real-report.js';
import { measured, timed, timingReport } from './real-timing.js';
import { makeVariant, VARIANTS, type Variant, type VariantCase } from './real-variants.js';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const VALUED = ['--filter', '--json', '--variant', '--jobs'];
const opt = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const source = args.find((a, i) => !a.startsWith('--') && !VALUED.includes(args[i - 1] ?? ''));
const variantArg = opt('--variant');
const jobsArg = opt('--jobs') ?? '2';
if (!source || (variantArg !== undefined && variantArg !== 'all' && !(VARIANTS as readonly string[]).includes(variantArg)) || !/^[1-9]\d?$/.test(jobsArg)) {
  console.error(`usage: npm run bench:real -- <benchmark dir with cases.tar.gz or case folders> [--filter PREFIX] [--variant ${VARIANTS.join('|')}|all] [--jobs 1-99] [--json out.json]`);
  process.exit(2);
}
const CONCURRENCY = Number(jobsArg);

const reportSchema = z.object({
  root_cause: z.object({ service: z.string().nullable(), category: z.string(), summary: z.string() }),
  hypotheses: z.array(z.object({ service: z.string().nullable(), category: z.string() })).optional(),
});

/** Runs one case; baselines are read on the original files (their readers know only its format), names mapped. */
async function runCase(original: RealCase, variant: Variant | null): Promise<Row> {
  const tmp = mkdtempSync(join(tmpdir(), 'bench-real-db-'));
  try {
    const v: VariantCase = variant ? makeVariant(original, variant, join(tmp, 'case')) : { c: original, original: (s) => s, renamed: (s) => s };
    const c = v.c;
    const sources = ['--metrics', 'metrics/metrics.om', ...(c.hasLogs ? ['--logs', 'logs'] : [])];
    const argv = [join(ROOT, 'bin', 'rca.js'), c.incident, ...sources];
    argv.push('--at', c.truth.at, '--window', c.truth.window, '--offline', '--json', '--quiet');
    const row: Row = { c, ms: 0, refs: { rca: 0, rcaCpu: 0, node: 0, servers: 0 }, top: [], category: 'error', summary: '', baseErrors: mostErrorLines(original).map(v.renamed), baseCpu: largestCpuRise(original).map(v.renamed), original: v.original };
    const env = { ...process.env, INCIDENT_COPILOT_DB: join(tmp, 'history.db'), NO_COLOR: '1' };
    const m = await measured(argv, { cwd: c.dir, env });
    const r = { stdout: m.stdout, stderr: m.code === 0 ? m.stderr : `exit ${m.code}: ${m.stderr}` };
    row.ms = m.wallMs;
    const parsed = reportSchema.safeParse((() => { try { return JSON.parse(r.stdout) as unknown; } catch { return null; } })());
    if (parsed.success) {
      row.top = rankedServices(parsed.data, 5);
      row.category = parsed.data.root_cause.category;
      row.summary = parsed.data.root_cause.summary;
    } else row.error = r.stderr.split('\n').filter(Boolean).slice(-2).join(' | ').slice(0, 200) || 'no JSON on stdout';
    row.refs = {
      rca: row.ms,
      rcaCpu: m.cpuMs,
      node: await timed(['-e', ''], { cwd: c.dir, env }),
      servers: await timed([join(ROOT, 'bin', 'rca.js'), 'servers', '--json', ...sources], { cwd: c.dir, env }),
    };
    return row;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const { cases: all, unpackedTo } = loadCases(resolve(source));
const filter = opt('--filter');
const cases = all.filter((c) => !filter || c.name.startsWith(filter));
// The original runs too whenever variants are compared with it ("all"); a single variant runs alone.
const plan: Array<Variant | null> = variantArg === 'all' ? [null, ...VARIANTS] : [(variantArg as Variant | undefined) ?? null];
const runs: Array<[string, Row[]]> = [];
try {
  for (const variant of plan) runs.push([variant ?? 'original', await pool(cases, CONCURRENCY, (c) => runCase(c, variant))]);
} finally {
  if (unpackedTo) rmSync(unpackedTo, { recursive: true, force: true });
}

for (const [name, rows] of runs) {
  printRows(plan.length > 1 || name !== 'original' ? `[${name}] ` : '', rows);
  console.log('\n' + timingReport(rows.map((r) => r.refs), CONCURRENCY, 1500).join('\n'));
}
if (runs.length > 1) printComparison(runs);
const jsonOut = opt('--json');
if (jsonOut) {
  const out = (rows: Row[]) => rows.map((r) => ({ case: r.c.name, truth: r.c.truth, top: r.top.slice(0, 3), category: r.category, summary: r.summary, error: r.error, ms: Math.round(r.ms), cpu_ms: Math.round(r.refs.rcaCpu), ref_node_ms: Math.round(r.refs.node), ref_servers_ms: Math.round(r.refs.servers), baseErrors: r.baseErrors.slice(0, 3), baseCpu: r.baseCpu.slice(0, 3) }));
  writeFileSync(jsonOut, JSON.stringify(runs.length === 1 ? out(runs[0]![1]) : Object.fromEntries(runs.map(([n, rows]) => [n, out(rows)])), null, 2));
}
