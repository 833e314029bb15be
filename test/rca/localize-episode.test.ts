// An excursion held for several scrapes, longer than any the series made before the onset, is read at its peak;
// a lone spike, or one in a series whose past holds runs as long, stays under the stray-sample guard.
import { describe, expect, it } from 'vitest';
import { longerEpisodePeak, robustScore } from '../../src/rca/localize/robust.js';
import type { Point } from '../../src/rca/series.js';

/** One sample a minute from minute 0: a p90 latency (seconds) of a pod whose calls take 4.6 ms. */
const perMinute = (values: number[]): Point[] => values.map((v, i): Point => [i * 60_000, v]);
/** 30 minutes at 4.6 ms with the lone blips a p90 shows at a histogram bucket's edge (8.5 ms, 42 ms, 220 ms). */
const quiet = [0.0046, 0.0085, 0.0046, 0.0046, 0.0046, 0.0046, 0.0046, 0.0046, 0.0425, 0.0046, 0.0046, 0.0046, 0.0046, 0.0046, 0.22, 0.0046, 0.0046, 0.0425, 0.0046, 0.0085, 0.0046, 0.0046, 0.0046, 0.0046, 0.0046, 0.0046, 0.0095, 0.0046, 0.0046, 0.0046];
const onset = quiet.length * 60_000;
/** What a 0.45 s delay on its network looks like across three scrapes: rising, at its peak, not yet back. */
const delayed = [0.0475, 0.45, 0.009, 0.0046, 0.0046];
/** The system's typical p90 of calls (the floor of the scale): most calls take milliseconds, a front end's 0.4 s. */
const TYPICAL = 0.1;

describe('an excursion longer than any before the onset', () => {
  it('is read at its peak: three scrapes out in a row where the past only ever spiked alone', () => {
    const points = perMinute([...quiet, ...delayed]);
    expect(longerEpisodePeak(points, onset, { baseline: 0.0046, scale: 0.00046 }, 1)?.[1]).toBe(0.45);
    const r = robustScore(points, onset, TYPICAL)!;
    expect(r.peak).toBe(0.45);
    expect(r.z).toBeGreaterThan(3);
  });

  it('near miss: the same spike alone, back at its level the next scrape, is a stray sample', () => {
    const points = perMinute([...quiet, 0.0046, 0.45, 0.0046, 0.0046, 0.0046]);
    expect(longerEpisodePeak(points, onset, { baseline: 0.0046, scale: 0.00046 }, 1)).toBeNull();
    expect(robustScore(points, onset, TYPICAL)!.z).toBeLessThan(3);
  });

  it('near miss: a series that stayed out as long before the onset (an earlier episode, a periodic burst) keeps the guard', () => {
    const past = [...quiet];
    past.splice(20, 3, 0.05, 0.3, 0.012);
    const points = perMinute([...past, ...delayed]);
    expect(longerEpisodePeak(points, onset, { baseline: 0.0046, scale: 0.00046 }, 1)).toBeNull();
    expect(robustScore(points, onset, TYPICAL)!.z).toBeLessThan(3);
  });

  it('counts a scrape once when the query repeats it: one spike read at two steps is still a lone sample', () => {
    const twice = (vals: number[]): number[] => vals.flatMap((v) => [v, v]);
    const points = [...quiet.flatMap((v, i): Point[] => [[i * 60_000, v], [i * 60_000 + 30_000, v]]), ...twice([0.0046, 0.45, 0.0046]).map((v, i): Point => [onset + i * 30_000, v])];
    expect(longerEpisodePeak(points, onset, { baseline: 0.0046, scale: 0.00046 }, 1)).toBeNull();
  });
});
