// The OpenMetrics/Prometheus text parser: families, labels with escapes, timestamp units, gaps, duplicates,
// and errors that carry the 1-based line number of the bad line.
import { describe, expect, it } from 'vitest';
import { MetricsParseError, OpenMetricsParser, parseOpenMetrics } from '../../../servers/metrics/openmetrics-parser.js';
import { valuesOf } from '../../../servers/metrics/series-store.js';

const sample = `# TYPE http_requests counter
# HELP http_requests HTTP requests
http_requests_total{code="200",service="a"} 10 1754153520
http_requests_total{code="200",service="a"} 25 1754153535
# TYPE temp gauge
temp{path="C:\\\\x",msg="say \\"hi\\"\\n"} -1.5e3 1754153520.5
temp 3 1754153535000
# EOF
`;

describe('OpenMetrics parser', () => {
  it('reads samples, label escapes, TYPE families and both timestamp units', () => {
    const store = parseOpenMetrics(sample);
    const series = store.all();
    expect(series.map((s) => s.key).sort()).toEqual([
      'http_requests_total{code="200",service="a"}',
      'temp',
      'temp{msg="say \\"hi\\"\\n",path="C:\\\\x"}',
    ]);
    const req = series.find((s) => s.name === 'http_requests_total')!;
    expect(Array.from(req.times)).toEqual([1754153520000, 1754153535000]);
    expect(Array.from(valuesOf(req))).toEqual([10, 25]);
    const escaped = series.find((s) => s.labels.msg !== undefined)!;
    expect(escaped.labels).toEqual({ path: 'C:\\x', msg: 'say "hi"\n' });
    expect(Array.from(escaped.times)).toEqual([1754153520500]);
    expect(valuesOf(escaped)[0]).toBe(-1500);
    // milliseconds (Prometheus text format) are told apart from seconds (OpenMetrics) by size
    expect(series.find((s) => s.key === 'temp')!.times[0]).toBe(1754153535000);
    expect(store.typeOf('http_requests_total')).toBe('counter');
    expect(store.typeOf('temp')).toBe('gauge');
    expect(store.typeOf('unknown_metric')).toBe('unknown');
  });

  it('keeps gaps, sorts out-of-order samples and lets a later duplicate win', () => {
    const store = parseOpenMetrics(['g 1 100', 'g 3 400', 'g 2 200', 'g 9 400', 'NaN_ok NaN 100', 'inf +Inf 100'].join('\n'));
    const g = store.all().find((s) => s.name === 'g')!;
    expect(Array.from(g.times)).toEqual([100_000, 200_000, 400_000]);
    expect(Array.from(valuesOf(g))).toEqual([1, 2, 9]);
    expect(Number.isNaN(valuesOf(store.all().find((s) => s.name === 'NaN_ok')!)[0])).toBe(true);
    expect(valuesOf(store.all().find((s) => s.name === 'inf')!)[0]).toBe(Infinity);
    expect(store.span()).toEqual({ from: 100_000, to: 400_000 });
  });

  it('ignores exemplars and free comments', () => {
    const store = parseOpenMetrics('# just a comment\nreq_total{a="1"} 5 100 # {trace_id="abc"} 1 99\n');
    expect(Array.from(valuesOf(store.all()[0]!))).toEqual([5]);
  });

  it.each([
    ['metric{a="1" 1 100', 2, 'expected , or }'],
    ['metric 1x 100', 2, 'value "1x" is not a number'],
    ['metric 1 abc', 2, 'timestamp "abc" is not a number'],
    ['metric 1', 2, 'sample has no timestamp'],
    ['{a="1"} 1 100', 2, 'expected a metric name'],
    ['# TYPE metric bogus', 2, 'unknown metric type'],
    ['# EOF\nmetric 1 100', 3, 'content after # EOF'],
  ])('reports the line number of %j', (bad, line, reason) => {
    const text = `ok 1 100\n${bad}\nok 2 200\n`;
    let err: unknown;
    try {
      parseOpenMetrics(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MetricsParseError);
    expect((err as MetricsParseError).line).toBe(line);
    expect((err as Error).message).toContain(`line ${line}: ${reason}`);
  });

  it('streams: lines pushed one at a time give the same store', () => {
    const parser = new OpenMetricsParser();
    for (const l of sample.split('\n')) parser.push(l);
    const store = parser.end();
    expect(parser.lines).toBe(sample.split('\n').length);
    expect(store.samples).toBe(4);
  });
});
