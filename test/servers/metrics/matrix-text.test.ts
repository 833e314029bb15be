// evaluateRange's text: every value formatted as formatSampleValue formats it (a repeated value's text reused, -0, NaN
// and exponents included) at its step's time, and the series in compareLabelSets' order (names sorted once per series).
import { describe, expect, it } from 'vitest';
import { parseOpenMetrics } from '../../../servers/metrics/openmetrics-parser.js';
import { evaluateRange, evaluateSteps } from '../../../servers/metrics/promql/evaluate.js';
import { parseQuery } from '../../../servers/metrics/promql/expr.js';
import { compareLabelSets, formatSampleValue } from '../../../servers/metrics/promql/format.js';

const T0 = 1_700_000_000;

describe('evaluateRange text', () => {
  const values = ['1', '1', '-0', '0', 'NaN', '1.5e-7', '1.5e-7', '2e21', '+Inf', '0.1'];
  const lines = [
    ...values.map((v, i) => `m{a="x"} ${v} ${T0 + i * 60}`),
    ...values.map((v, i) => `m{a="x",b="y"} ${i} ${T0 + i * 60}`),
    ...values.map((v, i) => `m{b="a"} ${v} ${T0 + i * 60}`),
    ...values.map((v, i) => `m{a="w",c="z"} 7 ${T0 + i * 60}`),
  ];
  const all = parseOpenMetrics(lines.join('\n')).all();
  const p = { start: T0 * 1000, end: (T0 + 9 * 60) * 1000, step: 30_000 };

  it('formats each step value as formatSampleValue does, at the step time', () => {
    const steps = evaluateSteps(all, parseQuery('m'), p);
    const text = evaluateRange(all, parseQuery('m'), p);
    expect(text.result.map((r) => r.metric)).toEqual(steps.map((s) => s.metric));
    text.result.forEach((r, k) => {
      const s = steps[k]!;
      const expected: Array<[number, string]> = [];
      for (let i = 0; i < s.values.length; i++) if (s.present[i]) expected.push([(p.start + i * p.step) / 1000, formatSampleValue(s.values[i]!)]);
      expect(r.values).toEqual(expected);
    });
    const x = text.result.find((r) => r.metric.a === 'x' && r.metric.b === undefined)!;
    expect(x.values.slice(0, 8).map(([, v]) => v)).toEqual(['1', '1', '1', '1', '0', '0', '0', '0']);
  });

  it('orders the series as compareLabelSets does', () => {
    const metrics = evaluateRange(all, parseQuery('m'), p).result.map((r) => r.metric);
    expect(metrics.length).toBe(4);
    expect([...metrics].sort(compareLabelSets)).toEqual(metrics);
  });
});
