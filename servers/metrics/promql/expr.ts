// The small PromQL subset the file source evaluates: a selector, optionally inside rate/increase(...[5m]) or
// max_over_time(...[1m]) (a gauge downsampled without losing its one-scrape spikes), optionally inside sum/avg/min/max/count [by|without (labels)], optionally inside histogram_quantile(φ, ...).

import { parseDuration } from '../../../src/core/time.js';
import { parseSelectorAt, QueryError, type Matcher } from './selector.js';

export type Expr =
  | { kind: 'selector'; matchers: Matcher[] }
  | { kind: 'range_fn'; fn: RangeFn; matchers: Matcher[]; rangeMs: number }
  | { kind: 'aggregate'; op: AggregateOp; grouping: 'by' | 'without'; labels: string[]; inner: Expr }
  | { kind: 'histogram_quantile'; phi: number; inner: Expr };

export type AggregateOp = 'sum' | 'avg' | 'min' | 'max' | 'count';
const AGGREGATES = new Set(['sum', 'avg', 'min', 'max', 'count']);
export type RangeFn = 'rate' | 'increase' | 'max_over_time';
const RANGE_FNS = new Set<string>(['rate', 'increase', 'max_over_time']);

const SUPPORTED =
  'the file source understands a selector name{label="v",label=~"re",label!="x"}, rate(...[5m]), increase(...[5m]) or max_over_time(...[1m]) of one, ' +
  'sum/avg/min/max/count [by (label, ...)] around those, and histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m]))); ' +
  'use a --prometheus source for full PromQL';

class Cursor {
  i = 0;
  constructor(readonly text: string) {}
  skip(): void {
    while (/\s/.test(this.text[this.i] ?? '')) this.i++;
  }
  peekWord(): string | null {
    this.skip();
    return /^[a-zA-Z_][a-zA-Z0-9_:]*/.exec(this.text.slice(this.i))?.[0] ?? null;
  }
  expect(ch: string): void {
    this.skip();
    if (this.text[this.i] !== ch) {
      const at = this.i < this.text.length ? `at position ${this.i + 1}` : 'at the end';
      throw new QueryError(`expected "${ch}" ${at} of ${JSON.stringify(this.text)}; ${SUPPORTED}`);
    }
    this.i++;
  }
  peek(): string | undefined {
    this.skip();
    return this.text[this.i];
  }
}

function labelList(c: Cursor): string[] {
  c.expect('(');
  const labels: string[] = [];
  while (c.peek() !== ')') {
    const w = c.peekWord();
    if (!w) throw new QueryError(`expected a label name in the by/without list of ${JSON.stringify(c.text)}`);
    labels.push(w);
    c.i += w.length;
    if (c.peek() === ',') c.i++;
  }
  c.expect(')');
  return labels;
}

/** histogram_quantile(φ, inner) after its name: φ a number literal in [0, 1] (the quantile, 0.9 for the p90). */
function parseHistogramQuantile(c: Cursor): Expr {
  c.expect('(');
  c.skip();
  const lit = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(c.text.slice(c.i));
  if (!lit) throw new QueryError(`histogram_quantile needs a number first, the quantile such as 0.9, in ${JSON.stringify(c.text)}`);
  const phi = Number(lit[0]);
  // Prometheus answers ±Inf for a φ outside [0, 1]; a typo such as 90 for 0.9 is better told than answered.
  if (!(phi >= 0 && phi <= 1)) throw new QueryError(`histogram_quantile's quantile must be between 0 and 1 (0.9 for the p90), not ${lit[0]}`);
  c.i += lit[0].length;
  c.expect(',');
  const inner = parseExpr(c);
  c.expect(')');
  return { kind: 'histogram_quantile', phi, inner };
}

function parseExpr(c: Cursor): Expr {
  const word = c.peekWord();
  if (word === 'histogram_quantile') {
    const save = c.i;
    c.i += word.length;
    if (c.peek() === '(') return parseHistogramQuantile(c);
    c.i = save; // a metric of that name
  }
  if (word && AGGREGATES.has(word)) {
    const save = c.i;
    c.i += word.length;
    let grouping: 'by' | 'without' = 'by';
    let labels: string[] | null = null;
    const g = c.peekWord();
    if (g === 'by' || g === 'without') {
      c.i += g.length;
      grouping = g;
      labels = labelList(c);
    }
    if (c.peek() === '(') {
      c.i++;
      const inner = parseExpr(c);
      c.expect(')');
      const after = c.peekWord();
      if (labels === null && (after === 'by' || after === 'without')) {
        c.i += after.length;
        grouping = after;
        labels = labelList(c);
      }
      return { kind: 'aggregate', op: word as AggregateOp, grouping, labels: labels ?? [], inner };
    }
    c.i = save; // a metric that happens to be called "sum"
  }
  if (word && RANGE_FNS.has(word)) {
    const save = c.i;
    c.i += word.length;
    if (c.peek() === '(') {
      c.i++;
      c.skip();
      const [matchers, end] = parseSelectorAt(c.text, c.i);
      c.i = end;
      c.expect('[');
      const close = c.text.indexOf(']', c.i);
      const rangeMs = close < 0 ? null : parseDuration(c.text.slice(c.i, close).trim());
      if (rangeMs === null || rangeMs <= 0) throw new QueryError(`expected a range such as [5m] in ${JSON.stringify(c.text)}`);
      c.i = close + 1;
      c.expect(')');
      return { kind: 'range_fn', fn: word as RangeFn, matchers, rangeMs };
    }
    c.i = save;
  }
  c.skip();
  if (word && !/^[a-zA-Z_:][a-zA-Z0-9_:]*/.test(c.text.slice(c.i))) throw new QueryError(SUPPORTED);
  const next = c.text[c.i];
  if (next !== '{' && !/[a-zA-Z_:]/.test(next ?? '')) {
    throw new QueryError(`unexpected ${next === undefined ? 'end' : JSON.stringify(next)} in ${JSON.stringify(c.text)}; ${SUPPORTED}`);
  }
  const [matchers, end] = parseSelectorAt(c.text, c.i);
  c.i = end;
  c.skip();
  if (c.text[c.i] === '(' || c.text[c.i] === '[') throw new QueryError(`unsupported function or range in ${JSON.stringify(c.text)}; ${SUPPORTED}`);
  return { kind: 'selector', matchers };
}

export function parseQuery(text: string): Expr {
  const c = new Cursor(text);
  const expr = parseExpr(c);
  c.skip();
  if (c.i !== text.length) throw new QueryError(`unexpected ${JSON.stringify(text.slice(c.i))} in ${JSON.stringify(text)}; ${SUPPORTED}`);
  return expr;
}
