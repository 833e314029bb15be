// Shared output helpers for every command: JSON vs text, a chalk instance that honours NO_COLOR and
// non-TTY streams, and plain aligned tables, so no command re-decides these rules.
import { Chalk, type ChalkInstance } from 'chalk';

export interface OutStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

type Env = Record<string, string | undefined>;

/** Colour only on a TTY, never with NO_COLOR (any non-empty value), always with FORCE_COLOR=1..3. */
export function useColor(stream: OutStream, env: Env = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

/** A chalk instance for one stream; level 0 makes every style a no-op, so callers never branch on colour. */
export function colorFor(stream: OutStream, env: Env = process.env): ChalkInstance {
  return new Chalk({ level: useColor(stream, env) ? 1 : 0 });
}

/** Pretty JSON and a newline: what every `--json` prints on stdout. */
export function writeJson(value: unknown, out: OutStream = process.stdout): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}

// eslint-disable-next-line no-control-regex
const ANSI_RE = /\u001b\[[0-9;]*m/g;

/** Display width of a string, ignoring colour codes. */
export function visibleWidth(text: string): number {
  return [...text.replace(ANSI_RE, '')].length;
}

export interface TableOptions {
  /** Spaces between columns. */
  gap?: number;
  /** Left margin. */
  indent?: number;
  /** Styles the header row (e.g. chalk.bold); identity when colour is off. */
  headerStyle?: (s: string) => string;
}

/** Left-aligned columns padded to the widest cell; the last column is not padded (no trailing spaces). */
export function renderTable(header: string[] | null, rows: string[][], opts: TableOptions = {}): string {
  const gap = ' '.repeat(opts.gap ?? 2);
  const indent = ' '.repeat(opts.indent ?? 0);
  const all = header ? [header, ...rows] : rows;
  const cols = Math.max(0, ...all.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, i) => Math.max(0, ...all.map((r) => visibleWidth(r[i] ?? ''))));
  const line = (r: string[]) =>
    indent +
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - visibleWidth(cell))))
      .join(gap)
      .trimEnd();
  const out: string[] = [];
  if (header) out.push((opts.headerStyle ?? ((s: string) => s))(line(header)));
  for (const r of rows) out.push(line(r));
  return out.length ? `${out.join('\n')}\n` : '';
}

/** The first line of a description, cut to `max` characters for one-line listings. */
export function firstLine(text: string, max = 80): string {
  const first = text.trim().split('\n')[0]!.trim();
  return first.length > max ? `${first.slice(0, max - 1).trimEnd()}…` : first;
}
