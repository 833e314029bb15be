// bench:real --variant: rewrites each real case into another realistic convention before running it, truth mapped
// the same way, to show what the engine quietly depends on (names, times, metric names, labels, log formats).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalService, type RealCase } from './real-cases.js';
import { k8sLogs, k8sMetrics } from './real-variant-k8s.js';
import { dockerJsonLogs, pinoLogs } from './real-variant-json.js';
import { composeLogs } from './real-variant-merged.js';
import { otelMetrics } from './real-variant-otel.js';
import { sleuthLogs } from './real-variant-spring.js';

export const VARIANTS = ['renamed', 'k8s', 'k8s-held', 'otel', 'sleuth', 'untraced', 'docker-json', 'pino', 'compose'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface VariantCase {
  c: RealCase;
  /** A service name of the variant (canonical) back to the original's, to compare rankings and baselines. */
  original: (svc: string) => string;
  /** An original service name (canonical) as the variant spells it. */
  renamed: (svc: string) => string;
}

/** Whole days and odd minutes: a shift that keeps the incident text's "since about HH:MM" exact. */
const SHIFT_MS = (((17 * 24 + 13) * 60) + 37) * 60_000;
/** Kubernetes' alphabet for generated name suffixes (no vowels, no 0/1/3), as pods really are named. */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

const hash = (s: string) => createHash('sha256').update(s).digest();
const draw = (seed: string, n: number, alphabet: string) => [...hash(seed).subarray(0, n)].map((b) => alphabet[b % alphabet.length]).join('');

/** Writes `c` rewritten as `variant` into `into` (a fresh directory) and returns the rewritten case. */
export function makeVariant(c: RealCase, variant: Variant, into: string): VariantCase {
  mkdirSync(join(into, 'metrics'), { recursive: true });
  mkdirSync(join(into, 'logs'), { recursive: true });
  const metrics = readFileSync(join(c.dir, 'metrics', 'metrics.om'), 'utf8');
  const logs = logFiles(c);
  const truth = JSON.parse(readFileSync(join(c.dir, 'truth.json'), 'utf8')) as Record<string, unknown>;
  if (variant !== 'renamed') {
    const k8s = variant === 'k8s' || variant === 'k8s-held';
    const sampling = variant === 'k8s-held' ? 'held' : 'linear';
    writeFileSync(join(into, 'metrics', 'metrics.om'), k8s ? k8sMetrics(metrics, c.truth.system, sampling) : variant === 'otel' ? otelMetrics(metrics) : metrics);
    const rewritten = {
      k8s: () => k8sLogs(logs, metrics, c.truth.system),
      'k8s-held': () => k8sLogs(logs, metrics, c.truth.system),
      otel: () => logs,
      sleuth: () => sleuthLogs(logs),
      // A system whose services log without tracing: the same lines, their trace and span ids taken out.
      untraced: () => logs.map(([name, text]) => [name, withoutTraceIds(text)] as [string, string]),
      'docker-json': () => dockerJsonLogs(logs),
      pino: () => pinoLogs(logs, metrics),
      compose: () => composeLogs(logs),
    }[variant]();
    for (const [name, text] of rewritten) writeFileSync(join(into, 'logs', name), text);
    writeFileSync(join(into, 'incident.txt'), c.incident + '\n');
    writeFileSync(join(into, 'truth.json'), JSON.stringify(truth, null, 1));
    const same = (s: string) => s;
    return { c: { ...c, dir: into }, original: same, renamed: same };
  }
  const r = renaming(c, metrics, logs);
  const rewrite = (text: string) => shiftTimes(r.text(text));
  writeFileSync(join(into, 'metrics', 'metrics.om'), shiftMetricTimes(r.text(metrics)));
  for (const [name, text] of logs) writeFileSync(join(into, 'logs', r.text(name)), rewrite(text));
  const incident = shiftClock(r.text(c.incident));
  writeFileSync(join(into, 'incident.txt'), incident + '\n');
  const shifted = { ...truth, service: r.svc(c.truth.service), pod: r.text(String(truth.pod ?? '')), inject_time: shiftIso(c.truth.inject_time), at: shiftIso(c.truth.at) };
  writeFileSync(join(into, 'truth.json'), JSON.stringify(shifted, null, 1));
  const back = new Map([...r.services].map(([from, to]) => [to, from]));
  return {
    c: { ...c, dir: into, incident, truth: { ...c.truth, service: shifted.service, inject_time: shifted.inject_time, at: shifted.at } },
    original: (s) => back.get(s) ?? s,
    renamed: (s) => r.services.get(s) ?? s,
  };
}

/** `TraceID: <hex> SpanID: <hex>` (and `trace_id=`/`span_id=` pairs) out of every line. */
function withoutTraceIds(text: string): string {
  return text.replace(/ ?\b(?:TraceID|SpanID|trace_id|span_id)[:=] ?[0-9a-fA-F-]{8,64}/g, '');
}

function logFiles(c: RealCase): Array<[string, string]> {
  const dir = join(c.dir, 'logs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')] as [string, string]);
}

/**
 * Every service to a meaningless `svc-<letters>` and every pod to `<new service>-<hash>-<id>` drawn from Kubernetes'
 * alphabet, applied to any text (labels, file names, log messages, URLs, the incident text): longest names first, whole
 * tokens only, so ts-travel-service, ts-travel2-service and ts-admin-travel-service stay apart.
 */
function renaming(c: RealCase, metrics: string, logs: Array<[string, string]>) {
  const services = new Set<string>([canonicalService(c.truth.service)]);
  const pods = new Set<string>();
  for (const m of metrics.matchAll(/\b(service|pod)="([^"]+)"/g)) (m[1] === 'pod' ? pods : services).add(m[2]!);
  for (const p of pods) services.add(canonicalService(p));
  for (const [name, text] of logs) {
    services.add(canonicalService(name.replace(/\.log$/, '')));
    for (const m of text.matchAll(/^\S+\s+[A-Z]+\s+\[([^\]]+)\]/gm)) services.add(m[1]!);
  }
  const map = new Map<string, string>();
  for (const s of [...services].sort()) {
    let n = 0;
    let name: string;
    do name = `svc-${draw(`${s}/${n++}`, 6, 'abcdefghijklmnopqrstuvwxyz')}`;
    while ([...map.values()].includes(name));
    map.set(s, name);
  }
  const podMap = new Map([...pods].map((p) => [p, `${map.get(canonicalService(p))}-${draw(`${p}/rs`, 10, SAFE)}-${draw(`${p}/pod`, 5, SAFE)}`]));
  const all = new Map([...podMap, ...map]);
  const alternation = [...all.keys()].sort((a, b) => b.length - a.length).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(?<![\\w-])(${alternation.join('|')})(?![\\w-])`, 'g');
  return {
    services: map,
    svc: (s: string) => map.get(canonicalService(s)) ?? s,
    text: (t: string) => t.replace(re, (m) => all.get(m) ?? m),
  };
}

const shiftIso = (iso: string) => new Date(Date.parse(iso) + SHIFT_MS).toISOString().replace('.000Z', 'Z');

/** Every ISO-8601 UTC time in a text, keeping its own precision (log lines carry microseconds). */
function shiftTimes(text: string): string {
  return text.replace(/\b(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|\+00:00)/g, (_all, head: string, frac: string | undefined, zone: string) => {
    const shifted = new Date(Date.parse(`${head}Z`) + SHIFT_MS).toISOString().slice(0, 19);
    return `${shifted}${frac ?? ''}${zone}`;
  });
}

/** OpenMetrics sample times (unix seconds, the last field of a sample line). */
function shiftMetricTimes(text: string): string {
  return text.replace(/^([^#\s][^\n]*\s)(\d+(?:\.\d+)?)$/gm, (_all, head: string, t: string) => `${head}${Number(t) + SHIFT_MS / 1000}`);
}

/** "since about 08:43 UTC" in the incident text. */
function shiftClock(text: string): string {
  return text.replace(/\b(\d{2}):(\d{2}) UTC\b/g, (_all, h: string, m: string) => {
    const minutes = (Number(h) * 60 + Number(m) + SHIFT_MS / 60_000) % (24 * 60);
    return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')} UTC`;
  });
}
