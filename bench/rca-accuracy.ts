// Accuracy of `rca --offline --json` on every scenario (the shared sample next to the generated ones
// in fixtures/scenarios): per scenario expected vs got (sha, category, service, red herrings ruled out).
// Run: npx tsc -p tsconfig.build.json && npx tsx bench/rca-accuracy.ts [name-filter] [--json out.json]
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { pool } from './pool.js';
import { judge, judgedReportSchema, listScenarios, readScenario, type JudgedReport, type ScenarioDir, type Verdict } from '../fixtures/scenarios/generate/judge.js';

const ROOT = resolve(import.meta.dirname, '..');
const SHARED = process.env.RCA_SCENARIOS_DIR ?? join(ROOT, 'fixtures', 'shared-sample');
const EXTRA = join(ROOT, 'fixtures', 'scenarios');
const args = process.argv.slice(2);
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const filter = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--json');
const CONCURRENCY = 2;
const run = promisify(execFile);

interface Row {
  s: ScenarioDir;
  kind: string;
  expected: { sha: string | null; categories: string[]; service: string; redHerrings: string[] };
  got?: JudgedReport;
  verdict?: Verdict;
  error?: string;
  ms: number;
}

async function investigate(s: ScenarioDir): Promise<Row> {
  const sc = readScenario(s.dir);
  const row: Row = { s, kind: sc.kind, expected: { sha: sc.expected.suspect_sha, categories: sc.expected.categories, service: sc.expected.service, redHerrings: sc.red_herrings ?? [] }, ms: 0 };
  const tmp = mkdtempSync(join(tmpdir(), 'rca-acc-'));
  try {
    execFileSync('git', ['clone', '-q', join(s.dir, 'repo.bundle'), join(tmp, 'repo')]);
    const incident = readFileSync(join(s.dir, 'incident.txt'), 'utf8');
    const t0 = performance.now();
    const r = await run(process.execPath, [join(ROOT, 'bin', 'rca.js'), incident, '--logs', 'logs', '--repo', join(tmp, 'repo'), '--metrics', 'metrics/metrics.om', '--at', sc.at, '--offline', '--json', '--quiet'], {
      cwd: s.dir,
      env: { ...process.env, INCIDENT_COPILOT_DB: join(tmp, 'history.db'), NO_COLOR: '1' },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    }).catch((e: { stdout?: string; stderr?: string; code?: number }) => ({ stdout: e.stdout ?? '', stderr: `exit ${e.code}: ${e.stderr ?? ''}` }));
    row.ms = performance.now() - t0;
    try {
      row.got = judgedReportSchema.parse(JSON.parse(r.stdout));
      row.verdict = judge(sc, row.got);
    } catch {
      row.error = r.stderr.split('\n').filter(Boolean).slice(-2).join(' | ').slice(0, 200) || 'no JSON on stdout';
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return row;
}

const short = (sha: string | null | undefined) => (sha ? sha.slice(0, 8) : 'null');
const mark = (b: boolean | undefined) => (b ? ' ' : '✗');

const scenarios = listScenarios([{ root: SHARED, origin: 'shared' }, { root: EXTRA, origin: 'extra' }, { root: join(ROOT, 'fixtures', 'holdout'), origin: 'extra' }]).filter((s) => !filter || s.name.includes(filter));
const rows = await pool(scenarios, CONCURRENCY, investigate);

const W = [32, 20, 19, 42, 44, 9];
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(W[i] ?? 10).slice(0, W[i] ?? 10)).join(' ');
console.log(line(['scenario', 'kind', 'sha exp→got', 'category exp→got', 'service exp→got', 'ruled_out']));
for (const r of rows) {
  if (!r.got || !r.verdict) {
    console.log(line([r.s.name, r.kind, 'ERROR', r.error ?? '', '', '']));
    continue;
  }
  const v = r.verdict;
  console.log(
    line([
      `${r.verdict.ok ? 'ok  ' : 'FAIL'} ${r.s.name}`,
      r.kind,
      `${mark(v.sha)}${short(r.expected.sha)}→${short(r.got.root_cause.suspect_change?.sha)}`,
      `${mark(v.category)}${r.expected.categories.join('|')}→${r.got.root_cause.category}`,
      `${mark(v.service)}${r.expected.service}→${r.got.root_cause.service ?? 'null'}`,
      v.ruledOut ? (r.expected.redHerrings.length ? 'ok' : '-') : `✗ ${v.missingRuledOut.join(',')}`,
    ]),
  );
}
console.log('\nroot-cause summaries of the failures:');
for (const r of rows.filter((x) => !x.verdict?.ok)) console.log(`  ${r.s.name}: ${r.got ? `${r.got.root_cause.summary} (confidence ${r.got.root_cause.confidence})` : r.error}`);

const total = (origin?: 'shared' | 'extra') => {
  const xs = rows.filter((r) => !origin || r.s.origin === origin);
  const n = (f: (v: Verdict) => boolean) => xs.filter((r) => r.verdict && f(r.verdict)).length;
  return `${n((v) => v.ok)}/${xs.length} right (sha ${n((v) => v.sha)}, category ${n((v) => v.category)}, service ${n((v) => v.service)}, ruled_out ${n((v) => v.ruledOut)})`;
};
const ms = rows.map((r) => r.ms).sort((a, b) => a - b);
console.log(`\nshared sample (reference): ${total('shared')}`);
console.log(`generated (fixtures/scenarios and fixtures/holdout): ${total('extra')}`);
console.log(`all: ${total()}`);
console.log(`wall time per investigation: median ${Math.round(ms[Math.floor(ms.length / 2)] ?? 0)} ms, max ${Math.round(ms[ms.length - 1] ?? 0)} ms (${CONCURRENCY} at a time)`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(rows.map((r) => ({ name: r.s.name, origin: r.s.origin, kind: r.kind, expected: r.expected, got: r.got, verdict: r.verdict, error: r.error })), null, 2));
