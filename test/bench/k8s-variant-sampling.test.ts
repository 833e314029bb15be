// bench:real's k8s variants: the minute samples of a case read onto a 15/30 s scrape, linearly (`k8s`) or each held
// until the next (`k8s-held`), through the last sample's minute.
import { describe, expect, it } from 'vitest';
import { k8sMetrics } from '../../bench/real-variant-k8s.js';

/** A p90 series of one pod, one sample a minute (a second late now and then, as the source's are). */
const om = [0, 60, 121, 180].map((t, i) => `pod_server_latency_p90_seconds{service="cart",pod="cart-7d9f-x2x9q"} ${[0.2, 0.2, 1.4, 0.2][i]} ${1_000_000 + t}`).join('\n');
const series = (text: string) => text.split('\n').filter((l) => l.startsWith('http_server_request_duration_seconds_p90')).map((l): [number, number] => { const [v, t] = l.split(' ').slice(-2).map(Number); return [t!, v!]; });

describe('k8s variant sampling', () => {
  it('holds each minute value until the next sample in k8s-held, through the last sample’s minute', () => {
    const held = series(k8sMetrics(om, 'ts', 'held'));
    // 15 s scrapes: the spike sample (at +121 s) is first seen at +135 s and held until the next sample at +180 s.
    expect(held.filter(([, v]) => v === 1.4).map(([t]) => t - 1_000_000)).toEqual([135, 150, 165]);
    // The last sample (+180 s) is what every scrape of its minute sees: four of them.
    expect(held.filter(([t]) => t >= 1_000_180)).toHaveLength(4);
    expect(held.every(([, v]) => v === 0.2 || v === 1.4)).toBe(true);
  });

  it('reads the samples linearly in k8s: a one-minute spike becomes a ramp that starts before it', () => {
    const linear = series(k8sMetrics(om, 'ts', 'linear'));
    const before = linear.find(([t]) => t === 1_000_105)![1];
    expect(before).toBeGreaterThan(0.2);
    expect(before).toBeLessThan(1.4);
    // Nothing to read towards after the last sample: one scrape at or after it.
    expect(linear[linear.length - 1]![0]).toBeLessThan(1_000_195);
  });
});
