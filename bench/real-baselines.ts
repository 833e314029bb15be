// The two trivial baselines bench:real sets the engine against, computed on the case's own files:
// the service with the most ERROR lines in the window, and the largest CPU rise after the inject time (a percent gauge,
// or cAdvisor's CPU-seconds counter as a rate where the case has no gauge).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalService, type RealCase } from './real-cases.js';

const SPAN: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function windowOf(c: RealCase): { from: number; to: number } {
  const to = Date.parse(c.truth.at);
  const m = c.truth.window.match(/^(\d+)([smhd])$/)!;
  return { from: to - Number(m[1]) * SPAN[m[2]!]!, to };
}

/** A timestamped line at error level in another layout (`kubectl logs --timestamps` before logback, logfmt, JSON). */
const ERROR_ANYWHERE = /^(\S+)\s.*?(?:\sERROR\s|\blevel=err(?:or)?\b|"(?:level|severity)":\s*"err(?:or)?")/i;

/** Services by ERROR lines in the window, most first (service from "[name]" after the level, else the file name). */
export function mostErrorLines(c: RealCase): string[] {
  const dir = join(c.dir, 'logs');
  if (!existsSync(dir)) return [];
  const { from, to } = windowOf(c);
  const counts = new Map<string, number>();
  for (const file of readdirSync(dir)) {
    const fallback = canonicalService(file.replace(/\.log$/, ''));
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const m = line.match(/^(\S+)\s+ERROR\s+(?:\[([^\]]+)\])?/) ?? line.match(ERROR_ANYWHERE);
      if (!m) continue;
      const t = Date.parse(m[1]!);
      if (Number.isNaN(t) || t < from || t > to) continue;
      const svc = m[2] ? canonicalService(m[2]) : fallback;
      counts.set(svc, (counts.get(svc) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([s]) => s);
}

/** Services by pod_cpu_usage_percent rise: mean after the inject time minus median before it, largest first. */
export function largestCpuRise(c: RealCase): string[] {
  const file = join(c.dir, 'metrics', 'metrics.om');
  if (!existsSync(file)) return [];
  const inject = Date.parse(c.truth.inject_time);
  const bySvc = new Map<string, { before: number[]; after: number[] }>();
  const text = readFileSync(file, 'utf8');
  const add = (svc: string, t: number, v: number) => {
    const e = bySvc.get(canonicalService(svc)) ?? { before: [], after: [] };
    (t < inject ? e.before : e.after).push(v);
    bySvc.set(canonicalService(svc), e);
  };
  for (const line of text.split('\n')) {
    const m = line.match(/^pod_cpu_usage_percent\{([^}]*)\}\s+(\S+)\s+(\d+(?:\.\d+)?)$/);
    const svc = m?.[1]!.match(/(?:^|,)service="([^"]+)"/)?.[1];
    if (m && svc) add(svc, Number(m[3]) * 1000, Number(m[2]));
  }
  if (bySvc.size === 0) for (const [svc, t, v] of cpuCounterRates(text)) add(svc, t, v);
  const rise: Array<[string, number]> = [];
  for (const [svc, { before, after }] of bySvc) {
    if (before.length === 0 || after.length === 0) continue;
    const sorted = [...before].sort((a, b) => a - b);
    const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
    rise.push([svc, after.reduce((a, b) => a + b, 0) / after.length - median]);
  }
  return rise.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([s]) => s);
}

/** cAdvisor's container_cpu_usage_seconds_total as cores used between samples, per container (resets skipped). */
function cpuCounterRates(text: string): Array<[string, number, number]> {
  const last = new Map<string, [number, number]>();
  const out: Array<[string, number, number]> = [];
  for (const line of text.split('\n')) {
    const m = line.match(/^container_cpu_usage_seconds_total\{([^}]*)\}\s+(\S+)\s+(\d+(?:\.\d+)?)$/);
    if (!m) continue;
    const labels = m[1]!;
    const svc = labels.match(/(?:^|,)service="([^"]+)"/)?.[1] ?? labels.match(/(?:^|,)container="([^"]+)"/)?.[1];
    if (!svc || svc === 'POD') continue;
    const key = labels;
    const v = Number(m[2]);
    const t = Number(m[3]) * 1000;
    const prev = last.get(key);
    last.set(key, [t, v]);
    if (prev && t > prev[0] && v >= prev[1]) out.push([svc, t, (v - prev[1]) / ((t - prev[0]) / 1000)]);
  }
  return out;
}
