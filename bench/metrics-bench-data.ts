// Writes the synthetic OpenMetrics file bench/anomalies.ts reads: `series` series × `points` samples at 15 s,
// a fifth of them counters, a few with a level shift. Deterministic (seeded), streamed to disk.
import { createWriteStream } from 'node:fs';

export interface BenchData {
  series: number;
  points: number;
  start: number; // unix seconds
}

export async function writeBenchFile(path: string, d: BenchData): Promise<void> {
  let seed = 42;
  const rand = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = createWriteStream(path);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  const perMetric = 100;
  for (let m = 0; m < Math.ceil(d.series / perMetric); m++) {
    const counter = m % 5 === 0;
    const family = counter ? `bench_requests_${m}` : `bench_gauge_${m}`;
    await write(`# TYPE ${family} ${counter ? 'counter' : 'gauge'}\n`);
    for (let k = 0; k < perMetric && m * perMetric + k < d.series; k++) {
      const shiftAt = k % 37 === 0 ? Math.floor(d.points * (0.3 + 0.4 * rand())) : -1;
      const name = counter ? `${family}_total` : family;
      const labels = `{instance="host-${k}",service="svc-${m % 17}"}`;
      let total = 0;
      let chunk = '';
      for (let i = 0; i < d.points; i++) {
        const level = 100 * (1 + (i >= shiftAt && shiftAt >= 0 ? 1 : 0));
        const v = level + (rand() - 0.5) * 20;
        total += Math.max(0, v) * 15;
        const value = counter ? Math.round(total) : Number(v.toFixed(3));
        chunk += `${name}${labels} ${value} ${d.start + i * 15}\n`;
      }
      await write(chunk);
    }
  }
  await write('# EOF\n');
  await new Promise<void>((r) => out.end(() => r()));
}
