// error_signatures' aggregation: mines the warn+ entries of the window and of the baseline before it with
// one miner, so a signature is `new` exactly when the baseline never produced its template.
import { createHash } from 'node:crypto';
import type { ErrorSignature, ErrorSignaturesResult, LogLevel } from '../../src/core/evidence.js';
import { redact, redactValue } from '../../src/core/redact.js';
import { inWindow, toIso, type TimeWindow } from '../../src/core/time.js';
import { fullEntry } from './entries.js';
import type { FileInfo } from '../../src/core/logs/file-info.js';
import { atLeast, LEVEL_RANK } from '../../src/core/logs/levels.js';
import { contentOf, learnHeader } from '../../src/core/logs/miner/header.js';
import { TemplateMiner } from '../../src/core/logs/miner/template-miner.js';
import { readHead } from '../../src/core/logs/chunk-reader.js';
import { exampleFields, logfmtPairs } from '../../src/core/logs/structured-formats.js';
import { exampleWithCause, exceptionChain, type ExceptionChain } from './exceptions.js';
import { samplingNote, scanWindows, type Coverage, type ScanOptions } from './window-scan.js';

/** error_signatures' signature with the optional additions this server makes to the shared shape. */
export type SignatureOut = ErrorSignature & { example_fields?: Record<string, string>; per_minute_note?: string };

/** Structured fields of the example: the record's own, else `key=value` pairs in a text line. */
function fieldsOf(fields: Record<string, unknown> | undefined, firstLine: string): Record<string, string> | undefined {
  if (fields) return exampleFields(fields);
  if (firstLine.indexOf('=') < 0) return undefined;
  const { obj, pairs } = logfmtPairs(firstLine);
  return pairs > 0 ? exampleFields(obj) : undefined;
}

function redactFields(fields: Record<string, string>): Record<string, string> {
  return redactValue(fields);
}

export interface SignatureQuery {
  window: TimeWindow;
  baseline: TimeWindow | null;
  minLevel: LogLevel;
  service?: string;
  top: number;
  scan: ScanOptions;
}

interface Stats {
  count: number;
  baseline: number;
  first: number | null;
  last: number | null;
  level: LogLevel;
  services: Set<string>;
  example: string;
  exampleSource: string;
  exampleFields: Record<string, string> | undefined;
  /** The example's exception chain (Java `Caused by`, Python chained tracebacks), when it has one. */
  cause: ExceptionChain | null;
  /** Kubernetes pods and namespaces the entries came from (container log files). */
  pods: Set<string>;
  namespaces: Set<string>;
  perMinute: Map<number, number>;
}

const MAX_PER_MINUTE_KEYS = 7 * 24 * 60;
/** All signatures together: bounds memory when thousands of templates each span days. */
const MAX_MINUTE_KEYS_TOTAL = 300_000;
/** Per-minute pairs across all returned signatures (about 30 bytes each) so the JSON fits in 16 KB. */
const PER_MINUTE_BUDGET = 240;

function newStats(): Stats {
  return { count: 0, baseline: 0, first: null, last: null, level: 'unknown', services: new Set(), example: '', exampleSource: '', exampleFields: undefined, cause: null, pods: new Set(), namespaces: new Set(), perMinute: new Map() };
}

export async function errorSignatures(files: FileInfo[], q: SignatureQuery): Promise<ErrorSignaturesResult & { sampling?: string }> {
  const miner = new TemplateMiner();
  const stats = new Map<number, Stats>();
  let scanned = 0;
  let matched = 0;
  let minuteKeys = 0;
  const service = q.service?.toLowerCase();
  const unbounded = q.window.from === null && q.window.to === null;
  const coverage: Coverage[] = [];
  const windows = q.baseline ? [q.window, q.baseline] : [q.window];
  for (const info of files) {
    // Plain files carry their own header shape: learn it so messages are mined without timestamps.
    const header = info.format === 'plain' ? learnHeader((await readHead(info.file)).toString('utf8').split('\n').slice(0, 500)) : null;
    coverage.push(await scanWindows(info, windows, { ...q.scan, lazy: true }, (lazy, w) => {
      scanned++;
      let e = lazy;
      if (!atLeast(e.level, q.minLevel)) return;
      if (service && (e.service ?? '').toLowerCase() !== service) return;
      const inWin = e.time === null ? unbounded : inWindow(e.time, q.window);
      const inBase = !inWin && q.baseline !== null && e.time !== null && inWindow(e.time, q.baseline);
      if (!inWin && !inBase) return;
      e = fullEntry(lazy);
      const nl = e.message.indexOf('\n');
      const first = nl < 0 ? e.message : e.message.slice(0, nl);
      const id = miner.add(header ? contentOf(header, first) : first);
      let s = stats.get(id);
      if (!s) stats.set(id, (s = newStats()));
      if (inBase) {
        s.baseline += w;
        return;
      }
      matched += w;
      s.count += w;
      if (e.time !== null) {
        if (s.first === null || e.time < s.first) s.first = e.time;
        if (s.last === null || e.time > s.last) s.last = e.time;
        const minute = Math.floor(e.time / 60_000) * 60_000;
        const had = s.perMinute.get(minute);
        if (had !== undefined) s.perMinute.set(minute, had + w);
        else if (s.perMinute.size < MAX_PER_MINUTE_KEYS && minuteKeys < MAX_MINUTE_KEYS_TOTAL) {
          s.perMinute.set(minute, w);
          minuteKeys++;
        }
      }
      if (LEVEL_RANK[e.level] > LEVEL_RANK[s.level] || !s.example) {
        s.level = LEVEL_RANK[e.level] > LEVEL_RANK[s.level] ? e.level : s.level;
        s.cause = exceptionChain(e.message);
        s.example = exampleWithCause(e.message, 600, s.cause);
        // Pieces of a large unindexed file are read without counting lines: no number beats a wrong one.
        s.exampleSource = Number.isFinite(e.line) ? `${info.file}:${e.line}` : `${info.file} (sampled; line not counted)`;
        s.exampleFields = fieldsOf(e.fields, first);
      }
      if (e.service && s.services.size < 20) s.services.add(e.service);
      const pod = e.fields?.pod;
      if (typeof pod === 'string' && s.pods.size < 20) {
        s.pods.add(pod);
        s.namespaces.add(String(e.fields?.namespace));
      }
    }));
  }
  const merged = mergeGroups(miner, stats);
  const signatures: SignatureOut[] = [];
  for (const [id, s] of merged) {
    if (s.count === 0) continue;
    const template = redact(miner.template(id));
    signatures.push({
      id: createHash('sha1').update(template).digest('hex').slice(0, 10),
      template,
      level: s.level,
      services: [...s.services].sort(),
      count: Math.round(s.count),
      first_seen: s.first === null ? null : toIso(s.first),
      last_seen: s.last === null ? null : toIso(s.last),
      example: redact(s.example),
      example_source: s.exampleSource,
      ...(s.exampleFields ? { example_fields: redactFields(s.exampleFields) } : {}),
      ...(s.cause ? { root_cause: redact(s.cause.root), ...(s.cause.chain.length > 1 ? { exception_chain: s.cause.chain.map(redact) } : {}) } : {}),
      ...(s.pods.size ? { pods: [...s.pods].sort(), namespaces: [...s.namespaces].sort() } : {}),
      per_minute: [...s.perMinute.entries()].sort((a, b) => a[0] - b[0]).map(([m, c]) => [toIso(m), Math.round(c)]),
      baseline_count: Math.round(s.baseline),
      new: q.baseline !== null && s.baseline === 0,
    });
  }
  // New signatures first: a fresh error matters more than a chronic one, then by volume.
  signatures.sort((a, b) => Number(b.new) - Number(a.new) || b.count - a.count || a.template.localeCompare(b.template));
  const shown = signatures.slice(0, q.top);
  // Keep the answer inside the output cap: long windows keep each signature's busiest minutes.
  const perSignature = Math.max(10, Math.floor(PER_MINUTE_BUDGET / Math.max(1, shown.length)));
  for (const sig of shown) {
    if (sig.per_minute.length <= perSignature) continue;
    const busiest = [...sig.per_minute].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, perSignature);
    sig.per_minute = busiest.sort((a, b) => a[0].localeCompare(b[0]));
    sig.per_minute_note = `busiest ${perSignature} minutes shown; narrow since/until for all`;
  }
  const sampling = samplingNote(coverage);
  return {
    window: { from: q.window.from === null ? null : toIso(q.window.from), to: q.window.to === null ? null : toIso(q.window.to) },
    baseline: q.baseline ? { from: toIso(q.baseline.from!), to: toIso(q.baseline.to!) } : null,
    entries_scanned: scanned,
    entries_matched: Math.round(matched),
    signatures: shown,
    ...(sampling ? { sampling } : {}),
  };
}

/** Folds clusters the miner groups together (same template up to wildcard runs) into one signature. */
function mergeGroups(miner: TemplateMiner, stats: Map<number, Stats>): Map<number, Stats> {
  const groups = miner.groups();
  const out = new Map<number, Stats>();
  for (const [id, s] of stats) {
    const g = groups.get(id) ?? id;
    const into = out.get(g);
    if (!into) {
      out.set(g, s);
      continue;
    }
    into.count += s.count;
    into.baseline += s.baseline;
    if (s.first !== null && (into.first === null || s.first < into.first)) into.first = s.first;
    if (s.last !== null && (into.last === null || s.last > into.last)) into.last = s.last;
    if (LEVEL_RANK[s.level] > LEVEL_RANK[into.level] || !into.example) {
      into.level = s.level;
      into.example = s.example;
      into.exampleSource = s.exampleSource;
      into.exampleFields = s.exampleFields;
      into.cause = s.cause;
    }
    for (const p of s.pods) into.pods.add(p);
    for (const n of s.namespaces) into.namespaces.add(n);
    for (const v of s.services) into.services.add(v);
    for (const [m, c] of s.perMinute) into.perMinute.set(m, (into.perMinute.get(m) ?? 0) + c);
  }
  return out;
}
