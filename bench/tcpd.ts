// Change point detector on the Turing Change Point Dataset (TCPDBench v3 protocol, default parameters):
// F1 (margin 5) and cover per series and their means over the 25 univariate series. Run: npx tsx bench/tcpd.ts
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DETECT_OPTIONS, detectChangePoints, type DetectOptions } from '../servers/metrics/changepoint/detect.js';
import { cleanPredictions, coverScore, f1Score } from './metrics-tcpd-score.js';

const ROOT = process.env.TCPD_DIR ?? new URL('../../shared/benchmarks/tcpd', import.meta.url).pathname;
const REFERENCE = ['binseg', 'pelt', 'zero'] as const;

interface Dataset {
  n_obs: number;
  n_dim: number;
  series: Array<{ raw: Array<number | null> }>;
}

export interface SeriesScore {
  name: string;
  n: number;
  predicted: number;
  f1: number;
  cover: number;
}

/** The 25 univariate series the protocol scores: not quality_control_*, not uk_coal_employ, one dimension. */
export function loadSeries(root = ROOT): Array<{ name: string; values: number[] }> {
  return readdirSync(join(root, 'datasets'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ name: f.slice(0, -5), data: JSON.parse(readFileSync(join(root, 'datasets', f), 'utf8')) as Dataset }))
    .filter(({ name, data }) => !name.startsWith('quality_control') && name !== 'uk_coal_employ' && data.n_dim === 1)
    .map(({ name, data }) => ({ name, values: data.series[0]!.raw.map((v) => Number(v)) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function scoreAll(options: DetectOptions = {}, root = ROOT): SeriesScore[] {
  const annotations = JSON.parse(readFileSync(join(root, 'annotations.json'), 'utf8')) as Record<
    string,
    Record<string, number[]>
  >;
  return loadSeries(root).map(({ name, values }) => {
    const n = values.length;
    const pred = cleanPredictions(detectChangePoints(values, options), n);
    const annot = annotations[name]!;
    return { name, n, predicted: pred.length, f1: f1Score(annot, pred, 5), cover: coverScore(annot, pred, n) };
  });
}

function main(): void {
  const published = (kind: string) =>
    JSON.parse(readFileSync(join(ROOT, 'published', `default_${kind}_scores.json`), 'utf8')) as Record<
      string,
      Record<string, number | null>
    >;
  const pubF1 = published('f1');
  const pubCover = published('cover');
  const t0 = performance.now();
  const scores = scoreAll();
  const ms = performance.now() - t0;
  const pad = (s: string, w: number) => s.padEnd(w);
  const num = (v: number | null | undefined) => (v === null || v === undefined ? '  -  ' : v.toFixed(3));
  console.log(`detector defaults: ${JSON.stringify(DEFAULT_DETECT_OPTIONS)}`);
  console.log(`${pad('series', 20)} ${pad('n', 5)} cps  F1    cover | binseg F1/cover  pelt F1/cover  zero F1/cover`);
  for (const s of scores) {
    const refs = REFERENCE.map((m) => `${num(pubF1[s.name]?.[m])}/${num(pubCover[s.name]?.[m])}`).join('    ');
    console.log(`${pad(s.name, 20)} ${pad(String(s.n), 5)} ${pad(String(s.predicted), 4)} ${num(s.f1)} ${num(s.cover)} | ${refs}`);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`\nmean over ${scores.length} series (F1 / cover), detection took ${ms.toFixed(0)} ms:`);
  console.log(`  ours     ${mean(scores.map((s) => s.f1)).toFixed(3)} / ${mean(scores.map((s) => s.cover)).toFixed(3)}`);
  for (const m of REFERENCE) {
    const f = mean(scores.map((s) => pubF1[s.name]?.[m] ?? 0));
    const c = mean(scores.map((s) => pubCover[s.name]?.[m] ?? 0));
    console.log(`  ${pad(m, 8)} ${f.toFixed(3)} / ${c.toFixed(3)}  (published)`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
