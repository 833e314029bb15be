// One measured run for bench/anomalies.ts, in its own process so peak RSS is its own: `parse` (a plain
// line split of the file, the reference) or `anomalies` (get_anomalies over the whole file). Prints JSON.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { FileMetricsSource } from '../servers/metrics/file-source.js';
import type { MetricsContext } from '../servers/metrics/context.js';
import { getAnomalies } from '../servers/metrics/tools/get-anomalies.js';

const [mode, file, since, until] = process.argv.slice(2);

async function plainParse(path: string): Promise<number> {
  let samples = 0;
  let sum = 0;
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.startsWith('#')) continue;
    const parts = line.split(' ');
    sum += Number(parts[1]);
    samples++;
  }
  return sum === -1 ? -1 : samples;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  let detail: unknown;
  if (mode === 'parse') {
    detail = { samples: await plainParse(file!) };
  } else {
    const ctx: MetricsContext = {
      source: new FileMetricsSource(file!),
      at: Date.parse(until!),
      clock: () => Date.now(),
      requestsMetric: 'http_requests_total',
      statusLabel: 'code',
      serviceLabel: 'service',
    };
    const r = (await getAnomalies.run({ since, until, limit: 5 }, ctx)) as { series_scanned: number; anomalies_found: number };
    detail = { series: r.series_scanned, anomalies: r.anomalies_found };
  }
  const ms = performance.now() - t0;
  process.stdout.write(`${JSON.stringify({ mode, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, detail })}\n`);
}

void main();
