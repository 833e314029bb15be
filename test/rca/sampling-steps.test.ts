// The localizer reads a series the same whatever step it was scraped or queried at: counters' rates, baselines,
// onsets and shape tests count time, not points (a 15 s scrape holds four points a minute, a 60 s one one).
import { describe, expect, it } from 'vitest';
import { robustScore } from '../../src/rca/localize/robust.js';
import { limitReading } from '../../src/rca/localize/saturation.js';
import { counterRate } from '../../src/rca/localize/series-shape.js';

const MIN = 60_000;

/** A counter scraped every `scrape` ms and queried every `step` ms (each query step shows the last scrape). */
function counter(rate: (t: number) => number, minutes: number, scrape: number, step: number): Array<[number, number]> {
  const scrapes: Array<[number, number]> = [];
  let total = 1000;
  for (let t = 0; t <= minutes * MIN; t += scrape) {
    if (t > 0) total += (rate(t - scrape) * scrape) / 1000;
    scrapes.push([t, total]);
  }
  const out: Array<[number, number]> = [];
  let i = 0;
  for (let t = 0; t <= minutes * MIN; t += step) {
    while (i + 1 < scrapes.length && scrapes[i + 1]![0] <= t) i++;
    out.push([t, scrapes[i]![1]]);
  }
  return out;
}

describe('a counter read as a rate', () => {
  // 2/s, stopped for minutes 4-7, 2/s again: every rate read is 0 or 2 whatever the scrape and the query step.
  const rate = (t: number) => (t >= 4 * MIN && t < 8 * MIN ? 0 : 2);
  for (const [scrape, step] of [[60_000, 15_000], [60_000, 30_000], [30_000, 15_000], [15_000, 15_000], [15_000, 60_000]]) {
    it(`reads the first change after a stop at its rate, not several times it (scrape ${scrape / 1000} s, step ${step / 1000} s)`, () => {
      const rates = counterRate(counter(rate, 12, scrape, step));
      for (const [, v] of rates) expect([0, 2]).toContainEqual(Number(v.toFixed(6)));
      // The stop shows as a zero rate, and traffic back at 2/s after it.
      expect(rates.some(([t, v]) => t > 4 * MIN && t <= 9 * MIN && v === 0)).toBe(true);
      expect(rates.filter(([t]) => t > 9 * MIN).every(([, v]) => Math.abs(v - 2) < 1e-9)).toBe(true);
    });
  }
});

/** Minute samples read at `step` ms: linearly between them, or each held until the next (an exporter refreshing each minute). */
function resampled(minutes: number[], step: number, how: 'linear' | 'held'): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let t = 0; t <= (minutes.length - 1) * MIN; t += step) {
    const i = Math.min(Math.floor(t / MIN), minutes.length - 1);
    const next = minutes[i + 1] ?? minutes[i]!;
    out.push([t, how === 'held' ? minutes[i]! : minutes[i]! + ((next - minutes[i]!) * (t - i * MIN)) / MIN]);
  }
  return out;
}

describe('one stray minute is no departure at any step', () => {
  // A p90 that jumps for one minute (one slow request) two minutes after the onset, then is back at its level.
  const flat = Array.from({ length: 26 }, (_, m) => 0.9 + 0.05 * ((m * 7) % 3));
  const spike = flat.map((v, m) => (m === 22 ? 4.5 : v));
  const onset = 20 * MIN;
  for (const [step, how] of [[60_000, 'held'], [30_000, 'linear'], [15_000, 'linear'], [15_000, 'held'], [10_000, 'linear']] as const) {
    it(`reads a one-minute spike as stray, read ${how} at ${step / 1000} s`, () => {
      const z = robustScore(resampled(spike, step, how), onset, 0.9)!.z;
      expect(z).toBeLessThan(3);
    });
    it(`reads a two-minute excursion as a departure, read ${how} at ${step / 1000} s`, () => {
      const twice = spike.map((v, m) => (m === 23 ? 4.5 : v));
      expect(robustScore(resampled(twice, step, how), onset, 0.9)!.z).toBeGreaterThan(5);
    });
  }

  it('reads a CPU counter whose per-minute rate was high for one minute as stray, though its two 30 s rates differ in the last digits', () => {
    // The counter printed to ten digits: the two rates of one held minute are not exactly equal copies.
    const rate = resampled(flat.map((v, m) => (m === 22 ? 0.76 : v * 0.5)), 30_000, 'held');
    let total = 51_234.5;
    const counterPoints = rate.map(([t, v], i): [number, number] => {
      if (i > 0) total += rate[i - 1]![1] * 30;
      return [t, Number(total.toPrecision(10))];
    });
    const rates = counterRate(counterPoints);
    const reading = limitReading('container_cpu_usage_seconds_total', rates, onset, 1);
    expect(reading?.reached).toBe(false);
  });
});

describe('copies of a scrape counted under jitter', () => {
  it('still reads a climb at its latest sample when one scrape came a second late (runs of one and three)', () => {
    // A minute scrape at :19 read on a 30 s grid at :19 and :49; the 10th scrape came at :20, so the grid saw the 9th three
    // times and the 10th once. Each sample is still two steps: the latest sample, still climbing, keeps its reading.
    const scrapes = Array.from({ length: 24 }, (_, m): [number, number] => [m * MIN + 19_000 + (m === 10 ? 1000 : 0), m < 22 ? 1 + 0.02 * (m % 3) : m === 22 ? 1.01 : 9]);
    const grid: Array<[number, number]> = [];
    for (let t = 19_000; t <= 23 * MIN + 49_000; t += 30_000) grid.push([t, [...scrapes].reverse().find(([s]) => s <= t)![1]]);
    expect(robustScore(grid, 20 * MIN, 1)!.peak).toBe(9);
  });
});
