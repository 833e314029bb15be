// Every metrics tool's answer on the demo fixture, the shared scenarios and a generated file, as one JSON
// document, so a performance change can be diffed against the answers before it. Run:
// npx tsx bench/metrics-bench-golden.ts > before.json   (change)   npx tsx bench/metrics-bench-golden.ts | diff before.json -
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetricsContext } from '../servers/metrics/context.js';
import { FileMetricsSource } from '../servers/metrics/file-source.js';
import { getAnomalies } from '../servers/metrics/tools/get-anomalies.js';
import { getErrorRates } from '../servers/metrics/tools/get-error-rates.js';
import { listMetrics } from '../servers/metrics/tools/list-metrics.js';
import { queryRange } from '../servers/metrics/tools/query-range.js';
import { writeBenchFile } from './metrics-bench-data.js';

const ROOT = new URL('..', import.meta.url).pathname;
const SCENARIOS = join(ROOT, 'fixtures/shared-sample');

function context(file: string, at: string): MetricsContext {
  return {
    source: new FileMetricsSource(file),
    at: Date.parse(at),
    clock: () => Date.now(),
    requestsMetric: 'http_requests_total',
    statusLabel: 'code',
    serviceLabel: 'service',
  };
}

/** The answer, or the error message: a changed failure is a changed answer too. */
async function answer(run: () => unknown): Promise<unknown> {
  try {
    return await run();
  } catch (err) {
    return { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

async function answers(file: string, at: string, windows: Array<{ since: string; until?: string }>, queries: string[]): Promise<unknown> {
  const ctx = context(file, at);
  const out: Record<string, unknown> = {};
  out.list_metrics = await answer(() => listMetrics.run({}, ctx));
  out.list_metrics_match = await answer(() => listMetrics.run({ match: 'http|request' }, ctx));
  for (const w of windows) {
    const key = `${w.since}..${w.until ?? 'at'}`;
    out[`anomalies ${key}`] = await answer(() => getAnomalies.run({ ...w, limit: 200 }, ctx));
    out[`anomalies ${key} match`] = await answer(() => getAnomalies.run({ ...w, match: '{service=~".+"}', limit: 50 }, ctx));
    out[`error_rates ${key}`] = await answer(() => getErrorRates.run(w, ctx));
    for (const q of queries) out[`query ${key} ${q}`] = await answer(() => queryRange.run({ query: q, start: w.since, end: w.until, step: '30s' }, ctx));
  }
  out.anomalies_nomatch = await answer(() => getAnomalies.run({ match: 'no_such_metric' }, ctx));
  return out;
}

async function main(): Promise<void> {
  const doc: Record<string, unknown> = {};
  const demoQueries = [
    'http_requests_total',
    'rate(http_requests_total[1m])',
    'sum by (service) (rate(http_requests_total{code=~"5.."}[2m]))',
    'max by (service) (db_pool_connections_in_use)',
  ];
  doc.fixture = await answers(
    join(ROOT, 'fixtures/checkout-500/metrics/metrics.om'),
    '2026-02-17T15:00:00Z',
    [{ since: '2h' }, { since: '2026-02-17T13:30:00Z', until: '2026-02-17T15:00:00Z' }, { since: '6h' }],
    demoQueries,
  );
  if (existsSync(SCENARIOS)) {
    for (const name of readdirSync(SCENARIOS).sort()) {
      const file = join(SCENARIOS, name, 'metrics/metrics.om');
      if (!existsSync(file)) continue;
      const { at } = JSON.parse(readFileSync(join(SCENARIOS, name, 'scenario.json'), 'utf8')) as { at: string };
      doc[name] = await answers(file, at, [{ since: '2h' }, { since: '30m' }], demoQueries);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'metrics-golden-'));
  try {
    const file = join(dir, 'gen.om');
    const start = Date.UTC(2026, 1, 17, 12, 0, 0) / 1000;
    await writeBenchFile(file, { series: Number(process.argv[2] ?? 1500), points: 481, start });
    const until = new Date((start + 480 * 15) * 1000).toISOString();
    doc.generated = await answers(file, until, [{ since: '2h' }, { since: '45m', until: '10m' }], [
      'bench_gauge_1{instance="host-3"}',
      'sum by (service) (rate(bench_requests_0_total[1m]))',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify(doc, null, 1)}\n`);
}

void main();
