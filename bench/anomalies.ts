// get_anomalies over 10,000 series × 2 hours at 15 s from a generated OpenMetrics file: wall time and peak
// RSS (median of 3 runs, each in a fresh process) next to `wc -l` and a plain line-split parse of the same
// file, all under tsx; plus the built server code under plain node when dist/ exists (npx tsc -p
// tsconfig.build.json), which is how the server runs. Run: npx tsx bench/anomalies.ts [series] [runs]
// (answers before/after a change: bench/metrics-bench-golden.ts)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBenchFile } from './metrics-bench-data.js';

const SERIES = Number(process.argv[2] ?? 10_000);
const RUNS = Number(process.argv[3] ?? 3);
const POINTS = 481; // 2 h at 15 s, both ends included
const START = Date.UTC(2026, 1, 17, 12, 0, 0) / 1000;
const since = new Date(START * 1000).toISOString();
const until = new Date((START + (POINTS - 1) * 15) * 1000).toISOString();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface RunResult {
  ms: number;
  maxRssMb: number;
  detail: unknown;
}

function measured(mode: string, file: string): RunResult {
  const runner = new URL('./metrics-bench-run.ts', import.meta.url).pathname;
  const r = spawnSync(process.execPath, ['--import', 'tsx', runner, mode, file, since, until], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`${mode} run failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as RunResult;
}

const DIST = new URL('../dist/servers/metrics/', import.meta.url).pathname;

/** get_anomalies from the built server modules in a plain node process (no tsx loader in the RSS). */
function measuredDist(file: string): RunResult {
  const code = `
    const [file, since, until] = process.argv.slice(1);
    const { FileMetricsSource } = await import(${JSON.stringify(`${DIST}file-source.js`)});
    const { getAnomalies } = await import(${JSON.stringify(`${DIST}tools/get-anomalies.js`)});
    const t0 = performance.now();
    const ctx = { source: new FileMetricsSource(file), at: Date.parse(until), clock: () => Date.now(),
      requestsMetric: 'http_requests_total', statusLabel: 'code', serviceLabel: 'service' };
    const r = await getAnomalies.run({ since, until, limit: 5 }, ctx);
    const ms = performance.now() - t0;
    console.log(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, detail: { series: r.series_scanned, anomalies: r.anomalies_found } }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code, file, since, until], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`built run failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as RunResult;
}

function wcLines(file: string): RunResult {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'wc', '-l', file], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  const rssKb = Number(r.stderr.trim().split('\n').at(-1));
  return { ms, maxRssMb: Number.isFinite(rssKb) ? rssKb / 1024 : NaN, detail: r.stdout.trim().split(' ')[0] };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'metrics-bench-'));
  try {
    const file = join(dir, 'bench.om');
    const tg = performance.now();
    await writeBenchFile(file, { series: SERIES, points: POINTS, start: START });
    const mb = statSync(file).size / 1e6;
    console.log(`generated ${SERIES} series × ${POINTS} samples (${mb.toFixed(0)} MB) in ${((performance.now() - tg) / 1000).toFixed(1)} s`);
    const built = existsSync(`${DIST}file-source.js`);
    const rows: Record<string, RunResult[]> = { 'wc -l': [], 'plain parse (readline + split)': [], get_anomalies: [] };
    if (built) rows['get_anomalies (built, plain node)'] = [];
    for (let i = 0; i < RUNS; i++) {
      rows['wc -l']!.push(wcLines(file));
      rows['plain parse (readline + split)']!.push(measured('parse', file));
      rows.get_anomalies!.push(measured('anomalies', file));
      if (built) rows['get_anomalies (built, plain node)']!.push(measuredDist(file));
    }
    console.log(`\nmedian of ${RUNS} runs (each in a fresh process; the first three rows under tsx, node ${process.version}):`);
    for (const [name, rs] of Object.entries(rows)) {
      const ms = median(rs.map((r) => r.ms));
      const rss = median(rs.map((r) => r.maxRssMb));
      console.log(`  ${name.padEnd(32)} ${(ms / 1000).toFixed(2).padStart(7)} s   peak RSS ${rss.toFixed(0).padStart(5)} MB   ${JSON.stringify(rs[0]!.detail)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
