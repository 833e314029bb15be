// error_signatures in pieces: one unit of a scan (files or a part of one, in a worker) masks the warn+ entries of
// the windows and counts them per distinct masked message; mining those messages is left to the merge.
import type { LogLevel } from '../../src/core/evidence.js';
import { inWindow, type TimeWindow } from '../../src/core/time.js';
import { readHead } from '../../src/core/logs/chunk-reader.js';
import { atLeast, LEVEL_RANK } from '../../src/core/logs/levels.js';
import { contentOf, learnHeader } from '../../src/core/logs/miner/header.js';
import { TokenCache } from '../../src/core/logs/miner/mask.js';
import { TemplateMiner } from '../../src/core/logs/miner/template-miner.js';
import { exampleFields, logfmtPairs } from '../../src/core/logs/structured-formats.js';
import { fullEntry } from './entries.js';
import { exampleWithCause, exceptionChain, type ExceptionChain } from './exceptions.js';
import type { ScanItem } from './scan-units.js';
import type { Coverage } from './coverage.js';
import { scanWindows, type EntryAdmit, type ScanOptions } from './window-scan.js';
import { hitPiece, mergeHits, tallyPiece, type PieceHits, type PieceTallies } from './sampled-novelty.js';

export interface SignatureQuery {
  window: TimeWindow;
  baseline: TimeWindow | null;
  minLevel: LogLevel;
  service?: string;
  top: number;
  scan: ScanOptions;
}

/** What is known of the entries of one masked message (or, once merged, of one signature). */
export interface Stats {
  count: number;
  baseline: number;
  first: number | null;
  last: number | null;
  level: LogLevel;
  services: Set<string>;
  example: string;
  exampleSource: string;
  exampleFields: Record<string, string> | undefined;
  /** Where the example is in the scan: file index, start of the span read, then line there (or order read). */
  exampleAt: [number, number, number];
  /** The example's line counted from the start of its span, when the lines before the span were not counted. */
  exampleRel?: { file: string; from: number; line: number };
  /** The example's exception chain (Java `Caused by`, Python chained tracebacks), when it has one. */
  cause: ExceptionChain | null;
  /** Kubernetes pods and namespaces the entries came from (container log files). */
  pods: Set<string>;
  namespaces: Set<string>;
  perMinute: Map<number, number>;
  /** Sampled pieces that held it in the window, per file: whether its absence from the baseline means anything. */
  hits: PieceHits;
}

/** One unit's answer: stats per masked message (tokens joined by spaces), in order of first appearance. */
export interface SignaturePartial {
  messages: Map<string, Stats>;
  scanned: number;
  matched: number;
  coverage: Coverage[];
  /** Sampled pieces per file and window (absent when every file was read in full). */
  tallies: PieceTallies;
}

export const MAX_PER_MINUTE_KEYS = 7 * 24 * 60;
/** All messages of a unit together: bounds memory when thousands of messages each span days. */
const MAX_MINUTE_KEYS_TOTAL = 300_000;
/** Distinct messages a unit keeps; past it new ones are keyed by a template of a local miner (memory stays bounded). */
const MAX_DISTINCT = 20_000;
const MAX_NAMES = 20;

export function newStats(): Stats {
  return { count: 0, baseline: 0, first: null, last: null, level: 'unknown', services: new Set(), example: '', exampleSource: '', exampleFields: undefined, exampleAt: [0, 0, 0], cause: null, pods: new Set(), namespaces: new Set(), perMinute: new Map(), hits: new Map() };
}

/**
 * Structured fields of the example: the record's own, and `key=value` pairs in its text line (a text line's head
 * may give fields too, Spring Boot's logger or Sleuth's ids, without the message's pairs being any less its own).
 */
function fieldsOf(fields: Record<string, unknown> | undefined, firstLine: string): Record<string, string> | undefined {
  const own = fields ? exampleFields(fields) : undefined;
  if (firstLine.indexOf('=') < 0) return own;
  const { obj, pairs } = logfmtPairs(firstLine);
  if (pairs === 0) return own;
  // The record's own first: exampleFields keeps at most 16.
  const merged: Record<string, unknown> = { ...own };
  for (const [k, v] of Object.entries(obj)) if (!(k in merged)) merged[k] = v;
  return exampleFields(merged);
}

export async function collectSignatures(items: ScanItem[], q: SignatureQuery): Promise<SignaturePartial> {
  const messages = new Map<string, Stats>();
  let overflow: TemplateMiner | null = null;
  let scanned = 0;
  let matched = 0;
  let minuteKeys = 0;
  const service = q.service?.toLowerCase();
  const unbounded = q.window.from === null && q.window.to === null;
  const coverage: Coverage[] = [];
  const tallies: PieceTallies = new Map();
  const windows = q.baseline ? [q.window, q.baseline] : [q.window];
  const cache = new TokenCache();
  for (const { info, fileIndex, part } of items) {
    // Plain files carry their own header shape: learn it so messages are mined without timestamps.
    const header = info.format === 'plain' ? learnHeader((await readHead(info.file)).toString('utf8').split('\n').slice(0, 500)) : null;
    // Every entry is counted (and tallied) at its first line; only warn+ entries of the windows are built.
    const admit: EntryAdmit = (h, w, span) => {
      scanned++;
      // Pieces read from a sampled file: how many held each window, to judge a message's absence from the baseline.
      if (w > 1 && q.baseline && h.time !== null) tallyPiece(tallies, fileIndex, span.from, inWindow(h.time, q.window), inWindow(h.time, q.baseline), w);
      if (!atLeast(h.level, q.minLevel)) return false;
      if (service && (h.service ?? '').toLowerCase() !== service) return false;
      return h.time === null ? unbounded : inWindow(h.time, q.window) || (q.baseline !== null && inWindow(h.time, q.baseline));
    };
    coverage.push(await scanWindows(info, windows, { ...q.scan, lazy: true, minLevel: q.minLevel, part }, (lazy, w, span) => {
      const piece = w > 1 ? span : undefined;
      const inWin = lazy.time === null ? unbounded : inWindow(lazy.time, q.window);
      const inBase = !inWin && q.baseline !== null && lazy.time !== null && inWindow(lazy.time, q.baseline);
      const e = fullEntry(lazy);
      const nl = e.message.indexOf('\n');
      const first = nl < 0 ? e.message : e.message.slice(0, nl);
      const masked = cache.get(header ? contentOf(header, first) : first);
      const tokens = masked.tokens;
      let key = masked.key;
      if (messages.size >= MAX_DISTINCT && !messages.has(key)) {
        overflow ??= new TemplateMiner();
        key = overflow.template(overflow.addTokens(tokens));
      }
      let s = messages.get(key);
      if (!s) messages.set(key, (s = newStats()));
      if (inBase) {
        s.baseline += w;
        return;
      }
      matched += w;
      s.count += w;
      if (piece) hitPiece(s.hits, fileIndex, piece.from);
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
      // The example: the first entry at the highest level (the merge keeps that rule across units).
      if (LEVEL_RANK[e.level] > LEVEL_RANK[s.level] || !s.example) {
        s.level = LEVEL_RANK[e.level] > LEVEL_RANK[s.level] ? e.level : s.level;
        s.cause = exceptionChain(e.message);
        s.example = exampleWithCause(e.message, 600, s.cause);
        // Sampled pieces are read without counting lines, and a stretch found by binary search counts them from
        // its start (the server resolves them once the lines before it are known): no number beats a wrong one,
        // but where the entry is still is: its line after the stretch's first byte, or the piece's bytes.
        const relative = span.kind !== 'piece' && !Number.isFinite(span.firstLine);
        s.exampleSource = !Number.isFinite(e.line)
          ? `${info.file} (sampled piece, bytes ${span.from}-${span.to}; lines before it not counted)`
          : relative
            ? `${info.file} (line ${e.line} from byte ${span.from}; the lines before that byte were skipped, not counted)`
            : `${info.file}:${e.line}`;
        s.exampleRel = relative ? { file: info.file, from: span.from, line: e.line } : undefined;
        s.exampleAt = [fileIndex, span.from, Number.isFinite(e.line) ? e.line : scanned];
        s.exampleFields = fieldsOf(e.fields, first);
      }
      if (e.service && s.services.size < MAX_NAMES) s.services.add(e.service);
      const pod = e.fields?.pod;
      if (typeof pod === 'string' && s.pods.size < MAX_NAMES) {
        s.pods.add(pod);
        // `kubectl logs --prefix` and a record's own `pod` key name no namespace.
        const ns = e.fields?.namespace;
        if (typeof ns === 'string') s.namespaces.add(ns);
      }
    }, admit));
  }
  return { messages, scanned, matched, coverage, tallies };
}

const before = (a: [number, number, number], b: [number, number, number]) => a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] < b[2])));

/**
 * Adds `s` into `into`. The example stays the first one at the highest level whatever the order of folding, so
 * merging units (or messages into signatures) gives the same answer however the scan was split.
 */
export function foldStats(into: Stats, s: Stats): void {
  into.count += s.count;
  into.baseline += s.baseline;
  if (s.first !== null && (into.first === null || s.first < into.first)) into.first = s.first;
  if (s.last !== null && (into.last === null || s.last > into.last)) into.last = s.last;
  const higher = LEVEL_RANK[s.level] > LEVEL_RANK[into.level];
  if (s.example && (!into.example || higher || (LEVEL_RANK[s.level] === LEVEL_RANK[into.level] && before(s.exampleAt, into.exampleAt)))) {
    into.level = s.level;
    into.example = s.example;
    into.exampleSource = s.exampleSource;
    into.exampleFields = s.exampleFields;
    into.exampleAt = s.exampleAt;
    into.exampleRel = s.exampleRel;
    into.cause = s.cause;
  } else if (higher) into.level = s.level;
  for (const v of s.services) into.services.add(v);
  for (const p of s.pods) into.pods.add(p);
  // Messages folded into one signature may share a piece: counted twice, the test only leans towards `new` a little.
  mergeHits(into.hits, s.hits);
  for (const n of s.namespaces) into.namespaces.add(n);
  for (const [m, c] of s.perMinute) {
    const had = into.perMinute.get(m);
    if (had !== undefined) into.perMinute.set(m, had + c);
    else if (into.perMinute.size < MAX_PER_MINUTE_KEYS) into.perMinute.set(m, c);
  }
}
