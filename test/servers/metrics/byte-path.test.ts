// The byte-level fast paths give exactly what the string paths give: decimals read from bytes equal Number(),
// a file loaded through pushBytes equals the same text pushed line by line (layouts, CRLF, exemplars, escapes,
// errors and their line numbers), and stored values come back as the very doubles that were appended.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { scanDecimal } from '../../../servers/metrics/byte-number.js';
import { loadOpenMetricsFile } from '../../../servers/metrics/file-source.js';
import { MetricsParseError, parseOpenMetrics } from '../../../servers/metrics/openmetrics-parser.js';
import { SeriesStore, valueAt, valuesOf, type Series } from '../../../servers/metrics/series-store.js';

function tempFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'metrics-bytes-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'm.om');
  writeFileSync(file, text);
  return file;
}

/** Every series as plain data, for comparing two stores. */
function dump(store: SeriesStore): unknown {
  return store
    .all()
    .map((s: Series) => ({ key: s.key, labels: s.labels, times: Array.from(s.times), values: Array.from(valuesOf(s)).map((v) => (Object.is(v, -0) ? '-0' : v)) }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
}

describe('scanDecimal', () => {
  it('equals Number() on plain decimals and declines everything else', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const texts = ['0', '-0', '+5', '.5', '5.', '-.25', '1e5', '1E-7', '-1.5e3', '00012', '0.000123', '1771329600', '1771329600.123', '1771329600000', '123456789012345', '9.999999999999999e22'];
    for (let i = 0; i < 5000; i++) {
      const digits = Math.floor(rand() * 15) + 1;
      const int = Math.floor(rand() * 10 ** digits);
      const point = Math.floor(rand() * (digits + 1));
      const s = String(int).padStart(digits, '0');
      texts.push(`${rand() < 0.3 ? '-' : ''}${s.slice(0, point)}.${s.slice(point)}${rand() < 0.2 ? `e${Math.floor(rand() * 40) - 20}` : ''}`);
    }
    for (const t of texts) {
      const got = scanDecimal(Buffer.from(t), 0, t.length);
      if (!Number.isNaN(got)) expect(Object.is(got, Number(t)), t).toBe(true);
    }
    // the common forms take the fast path
    for (const t of ['0', '-0', '99.731', '1771329600', '-1.5e3', '123456789012345']) expect(Number.isNaN(scanDecimal(Buffer.from(t), 0, t.length)), t).toBe(false);
    for (const t of ['', '-', '.', '1e', '1.2.3', '0x10', 'NaN', '+Inf', '1_000', '1234567890123456', '1e400', '5 ', '1e-30']) {
      expect(Number.isNaN(scanDecimal(Buffer.from(t), 0, t.length)), t).toBe(true);
    }
  });
});

describe('loading a file as bytes', () => {
  const series = ['a{x="1"}', 'a{x="2"}', 'b', 'c{p="C:\\\\x",q="say \\"hi\\""}', 'd{v="#tag"}', 'e{s="x y"}'];
  const t0 = 1771326000;

  it.each([
    ['series after series', () => series.flatMap((s, k) => Array.from({ length: 30 }, (_, i) => `${s} ${(k * 1.25 + i * 0.001).toFixed(3)} ${t0 + i * 15}`))],
    ['scrape after scrape', () => Array.from({ length: 30 }, (_, i) => series.map((s, k) => `${s} ${k * 100 + i} ${t0 + i * 15}`)).flat()],
    ['gaps, offsets, ms stamps, odd numbers', () => [
      ...series.map((s, k) => `${s} ${k} ${t0}`),
      ...series.filter((_, k) => k % 2 === 0).map((s, k) => `${s} -0 ${t0 + 15}`),
      ...series.map((s, k) => `${s} ${k + 0.5} ${t0 + 31}.5`),
      ...series.map((s) => `${s} 1e3 ${(t0 + 45) * 1000}`),
      ...series.map((s) => `${s} NaN ${t0 + 60}`),
      ...series.map((s) => `${s} +Inf ${t0 + 75}`),
      ...series.map((s) => `${s} 0.30000000000000004 ${t0 + 90}`),
      ...series.map((s) => `${s} 12345678901.5 ${t0 + 105}`),
      ...series.map((s) => `${s}  7 ${t0 + 120}`),
      ...series.map((s) => `${s} 8 ${t0 + 135} # {trace_id="abc"} 1 ${t0}`),
      ...series.map((s) => `${s} 9 ${t0 + 150}\r`),
      ...series.map((s) => `${s} 10 ${t0 + 135}`), // out of order and a duplicate time: later wins
      '',
      '# a free comment',
    ]],
  ])('%s: the same store as the string parser', async (_name, lines) => {
    const text = `# TYPE a gauge\n${lines().join('\n')}\n# EOF\n`;
    const fromFile = await loadOpenMetricsFile(tempFile(text));
    const fromText = parseOpenMetrics(text);
    expect(dump(fromFile)).toEqual(dump(fromText));
    expect(fromFile.samples).toBe(fromText.samples);
    expect(fromFile.typeOf('a')).toBe('gauge');
  });

  it.each([
    ['a{x="1"} 1 100\na{x="1"} 1x 115', 2, 'value "1x" is not a number'],
    ['a{x="1"} 1 100\na{x="1"} 2', 2, 'sample has no timestamp'],
    ['a{x="1"} 1 100\na{x="1"} 2 100 3', 2, 'expected "value [timestamp]"'],
    ['a{x="1"} 1 100\na{x="1" 2 115', 2, 'expected , or }'],
    ['a 1 100\n# EOF\na 2 115', 3, 'content after # EOF'],
  ])('errors keep their text and line number: %j', async (text, line, reason) => {
    const err = await loadOpenMetricsFile(tempFile(text)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MetricsParseError);
    expect((err as MetricsParseError).line).toBe(line);
    expect((err as Error).message).toContain(`line ${line}: ${reason}`);
  });

  it('reads a line longer than the read buffer', async () => {
    const long = `big{v="${'x'.repeat(1_500_000)}"}`;
    const store = await loadOpenMetricsFile(tempFile(`${long} 1 100\n${long} 2 115`));
    expect(store.size).toBe(1);
    expect(Array.from(valuesOf(store.all()[0]!))).toEqual([1, 2]);
  });
});

describe('stored values', () => {
  it('come back as the doubles appended, through scale changes and the switch to doubles', () => {
    const store = new SeriesStore();
    const cases: number[][] = [
      [1, 2, 3, 2147483647, -2147483647],
      [1, 2.5, 99.731, 0.001, -4.25],
      [3, 1e-9, 7],
      [5, 2147483648, 6],
      [1.5, -0, 0, 2],
      [1, NaN, Infinity, -Infinity, 2],
      [0.1, 0.30000000000000004, 1e300, 5e-324],
      [21474836.47, 0.5, 1],
    ];
    cases.forEach((vals, k) => vals.forEach((v, i) => store.add('m', { k: String(k) }, 1000 * i, v)));
    store.finish();
    for (const [k, vals] of cases.entries()) {
      const s = store.all().find((x) => x.labels.k === String(k))!;
      const got = Array.from(valuesOf(s));
      vals.forEach((v, i) => {
        expect(Object.is(got[i], v), `case ${k} item ${i}: ${got[i]} vs ${v}`).toBe(true);
        expect(Object.is(valueAt(s, i), v)).toBe(true);
      });
    }
    // plain decimals stay 4-byte mantissas; the rest fall back to doubles
    expect(store.all().find((x) => x.labels.k === '1')!.mantissas).toBeInstanceOf(Int32Array);
    expect(store.all().find((x) => x.labels.k === '6')!.mantissas).toBeInstanceOf(Float64Array);
  });

  it('series scraped at the same instants share their times until one differs', () => {
    const store = new SeriesStore();
    for (let i = 0; i < 5; i++) for (const k of ['a', 'b', 'c']) store.add('m', { k }, k === 'c' && i === 3 ? 99_000 : 1000 * i, i);
    store.finish();
    const [a, b, c] = ['a', 'b', 'c'].map((k) => store.all().find((s) => s.labels.k === k)!);
    expect(a!.times.buffer).toBe(b!.times.buffer);
    expect(Array.from(a!.times)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(Array.from(c!.times)).toEqual([0, 1000, 2000, 4000, 99_000]);
    expect(Array.from(valuesOf(c!))).toEqual([0, 1, 2, 4, 3]);
  });
});
