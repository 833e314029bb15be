// The localizer reads a series the same whatever step it was scraped or queried at: counters' rates, baselines,
// onsets and shape tests count time, not points (a 15 s scrape holds four points a minute, a 60 s one one).
import { describe, expect, it } from 'vitest';
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
