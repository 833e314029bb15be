// Streaming parser for OpenMetrics / Prometheus text exposition with sample timestamps (what
// `promtool tsdb create-blocks-from openmetrics` reads). Pure: lines in, samples into a SeriesStore out.

import { scanDecimalTo } from './byte-number.js';
import { SeriesStore, type MetricType, type Series } from './series-store.js';
import { markStale } from './staleness.js';

/** A line that is not valid exposition text; `line` is 1-based. */
export class MetricsParseError extends Error {
  constructor(
    public readonly line: number,
    reason: string,
    text: string,
  ) {
    super(`line ${line}: ${reason}: ${JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text)}`);
    this.name = 'MetricsParseError';
  }
}

const NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'info', 'stateset', 'gaugehistogram', 'unknown', 'untyped' as MetricType]);

export function parseNumber(text: string): number | null {
  switch (text) {
    case '+Inf':
    case 'Inf':
    case '+inf':
      return Infinity;
    case '-Inf':
    case '-inf':
      return -Infinity;
    case 'NaN':
      return NaN;
  }
  // Number() also takes hex, "Infinity" and blanks; the exposition format does not.
  const c = text.charCodeAt(0);
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46)) return null;
  const n = Number(text);
  if (Number.isNaN(n) || /[xXoObB_I]/.test(text)) return null;
  return n;
}

/** Reads `{a="x",b="y"}` starting at text[pos] === '{'; returns the labels and the index after '}'. */
function parseLabels(text: string, pos: number, fail: (why: string) => never): [Record<string, string>, number] {
  const labels: Record<string, string> = {};
  let i = pos + 1;
  for (;;) {
    while (text[i] === ' ') i++;
    if (text[i] === '}') return [labels, i + 1];
    const m = LABEL_NAME_RE.exec(text.slice(i, i + 200));
    if (!m) fail('expected a label name');
    const name = m[0];
    i += name.length;
    while (text[i] === ' ') i++;
    if (text[i] !== '=') fail(`expected = after label ${name}`);
    i++;
    while (text[i] === ' ') i++;
    if (text[i] !== '"') fail(`expected a quoted value for label ${name}`);
    i++;
    let value = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) fail(`unterminated value of label ${name}`);
      if (c === '"') break;
      if (c === '\\') {
        const e = text[i + 1];
        value += e === 'n' ? '\n' : e === '"' ? '"' : e === '\\' ? '\\' : `\\${e ?? ''}`;
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    i++;
    if (name in labels) fail(`label ${name} appears twice`);
    labels[detach(name)] = value;
    while (text[i] === ' ') i++;
    if (text[i] === ',') i++;
    else if (text[i] !== '}') fail('expected , or } after a label value');
  }
}

/** Whether the line buf[start, end) starts with the series text `key` followed by a space. */
function sameSeries(buf: Buffer, start: number, end: number, key: Buffer): boolean {
  const n = key.length;
  if (end - start <= n || buf[start + n] !== 32) return false;
  for (let i = n - 1; i >= 0; i--) if (buf[start + i] !== key[i]) return false;
  return true;
}

/** A fresh copy of a string that shares no memory with the text it was cut from. */
function detach(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

/** A series text seen before: its bytes, to recognise the next line without decoding it, and a guess at what follows. */
interface Known {
  series: Series;
  bytes: Buffer;
  /** The series whose line came after this one's last time: files repeat the same order. */
  next: Known | null;
}

export interface ParserOptions {
  /** Samples without a timestamp get this time (ms); when absent they are an error. */
  defaultTimeMs?: number;
}

/** Feed lines in order with push(); call end() after the last. Throws MetricsParseError. */
export class OpenMetricsParser {
  private lineNo = 0;
  private sawEof = false;
  private readonly seen = new Map<string, Known>();
  /** The value and timestamp pushBytes scanned (a typed array: no boxed double per number). */
  private readonly nums = new Float64Array(2);
  /** The series of the previous sample line. */
  private prev: Known | null = null;

  constructor(
    readonly store: SeriesStore = new SeriesStore(),
    private readonly options: ParserOptions = {},
  ) {}

  push(raw: string): void {
    this.lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    if (this.sawEof) this.fail(line, 'content after # EOF');
    if (line.startsWith('#')) return this.comment(line, this.failer(line));
    const exemplar = line.indexOf(' # ');
    const body = exemplar >= 0 ? line.slice(0, exemplar) : line;
    // Files repeat each series text on every line: look it up first and parse the labels only once.
    const brace = body.indexOf('{');
    const space = body.indexOf(' ');
    const seriesEnd = brace >= 0 && (space < 0 || brace < space) ? body.lastIndexOf('}') + 1 : space;
    if (seriesEnd <= 0) {
      if (brace >= 0) parseLabels(body, brace, this.failer(line)); // throws with the precise reason
      this.fail(line, 'expected "series value [timestamp]"');
    }
    const seriesText = body.slice(0, seriesEnd);
    let known = this.seen.get(seriesText);
    if (!known) {
      const m = NAME_RE.exec(seriesText);
      if (!m) this.fail(line, 'expected a metric name');
      const name = m![0];
      let labels: Record<string, string> = {};
      let i = name.length;
      if (seriesText[i] === '{') [labels, i] = parseLabels(seriesText, i, this.failer(line));
      if (i !== seriesText.length) this.fail(line, 'expected a space before the value');
      // Copies: a slice would keep the whole read chunk it came from alive (V8 sliced strings).
      const bytes = Buffer.from(seriesText, 'utf8');
      known = { series: this.store.seriesFor(bytes.toString('utf8', 0, name.length), labels), bytes, next: null };
      this.seen.set(bytes.toString('utf8'), known);
    }
    const series = known.series;
    if (body[seriesEnd] !== ' ') this.fail(line, 'expected a space before the value');
    const tail = body.slice(seriesEnd + 1);
    const rest = tail.indexOf('  ') < 0 && tail.indexOf('\t') < 0 ? tail.trim().split(' ') : tail.trim().split(/\s+/);
    if (rest.length > 2 || rest[0] === '') this.fail(line, 'expected "value [timestamp]" after the series');
    const value = parseNumber(rest[0]!);
    if (value === null) this.fail(line, `value "${rest[0]}" is not a number`);
    let timeMs: number;
    if (rest.length === 2) {
      const ts = parseNumber(rest[1]!);
      if (ts === null || !Number.isFinite(ts)) this.fail(line, `timestamp "${rest[1]}" is not a number`);
      // OpenMetrics stamps in seconds, the Prometheus text format in milliseconds: tell them apart by size.
      timeMs = Math.abs(ts!) >= 1e11 ? Math.round(ts!) : Math.round(ts! * 1000);
    } else if (this.options.defaultTimeMs !== undefined) {
      timeMs = this.options.defaultTimeMs;
    } else {
      return this.fail(line, 'sample has no timestamp (the file source needs timestamped samples, as promtool backfill does)');
    }
    this.store.append(series, timeMs, value!);
    if (this.prev !== null && this.prev !== known) this.prev.next = known;
    this.prev = known;
  }

  /**
   * One line as bytes (buf[start, end), no newline). A sample line of a series seen before, with plain
   * numbers, is read without making strings, with the same result as push(); every other line is decoded
   * and goes through push(), which also gives the errors their text.
   */
  pushBytes(buf: Buffer, start: number, end: number): void {
    if (start === end) {
      this.lineNo++;
      return;
    }
    if (this.sawEof || buf[start] === 35 /* # */) return this.push(buf.toString('utf8', start, end));
    let known = this.prev;
    if (known === null || !sameSeries(buf, start, end, known.bytes)) {
      known = this.prev?.next ?? null;
      if (known === null || !sameSeries(buf, start, end, known.bytes)) known = this.lookup(buf, start, end);
      if (known === null) return this.push(buf.toString('utf8', start, end));
    }
    // buf[start + key length] is the space after the series (sameSeries checked it).
    let i = start + known.bytes.length + 1;
    let sp = i;
    while (sp < end && buf[sp] !== 32) sp++;
    const nums = this.nums;
    if (!scanDecimalTo(buf, i, sp, nums, 0)) return this.push(buf.toString('utf8', start, end));
    const value = nums[0]!;
    let timeMs: number;
    if (sp < end) {
      i = sp + 1;
      if (!scanDecimalTo(buf, i, end, nums, 1)) return this.push(buf.toString('utf8', start, end));
      const ts = nums[1]!;
      // The same units rule as push().
      timeMs = Math.abs(ts) >= 1e11 ? Math.round(ts) : Math.round(ts * 1000);
    } else if (this.options.defaultTimeMs !== undefined) {
      timeMs = this.options.defaultTimeMs;
    } else {
      return this.push(buf.toString('utf8', start, end));
    }
    this.lineNo++;
    this.store.append(known.series, timeMs, value);
    if (this.prev !== null && this.prev !== known) this.prev.next = known;
    this.prev = known;
  }

  /** A known series whose text the line starts with (followed by a space), found by decoding that text. */
  private lookup(buf: Buffer, start: number, end: number): Known | null {
    // Where push() ends the series text: the last } when a { comes before the first space, else that space.
    let brace = -1;
    let space = -1;
    for (let i = start; i < end; i++) {
      const b = buf[i];
      if (b === 123 && brace < 0 && space < 0) brace = i;
      if (b === 32 && space < 0) space = i;
      if (b === 35 || b === 13 || b === 9 || b === 92) return null; // exemplars, CR, tabs, escapes: push()
    }
    let seriesEnd = space;
    if (brace >= 0) {
      seriesEnd = buf.lastIndexOf(125, end - 1) + 1;
      if (seriesEnd <= brace) return null;
    }
    if (seriesEnd < 0) return null;
    const known = this.seen.get(buf.toString('utf8', start, seriesEnd));
    return known !== undefined && sameSeries(buf, start, end, known.bytes) ? known : null;
  }

  /** Not a closure per line: at millions of lines the allocation shows in profiles. */
  private fail(line: string, why: string): never {
    throw new MetricsParseError(this.lineNo, why, line);
  }

  private failer(line: string): (why: string) => never {
    const lineNo = this.lineNo;
    return function fail(why: string): never {
      throw new MetricsParseError(lineNo, why, line);
    };
  }

  private comment(line: string, fail: (why: string) => never): void {
    if (line === '# EOF') {
      this.sawEof = true;
      return;
    }
    const m = /^#\s+(TYPE|HELP|UNIT)\s+(\S+)(?:\s+(.*))?$/.exec(line);
    if (!m) return; // a free comment, allowed by the Prometheus text format
    if (!NAME_RE.test(m[2]!) || NAME_RE.exec(m[2]!)![0] !== m[2]) fail(`invalid metric name in # ${m[1]}`);
    if (m[1] === 'TYPE') {
      const type = (m[3] ?? '').trim() as MetricType;
      if (!TYPES.has(type)) fail(`unknown metric type "${type}"`);
      this.store.types.set(m[2]!, type === ('untyped' as MetricType) ? 'unknown' : type);
    }
  }

  /** Finishes the store (sorted series, those that stopped early marked stale); returns it. */
  end(): SeriesStore {
    this.store.finish();
    const span = this.store.span();
    if (span) markStale(this.store.all(), span.to);
    return this.store;
  }

  get lines(): number {
    return this.lineNo;
  }
}

/** Parses a whole text at once (tests, small inputs). */
export function parseOpenMetrics(text: string, options: ParserOptions = {}): SeriesStore {
  const parser = new OpenMetricsParser(new SeriesStore(), options);
  for (const line of text.split('\n')) parser.push(line);
  return parser.end();
}
