// A source scraped once a minute, read over a 30-minute window (steps of 30 s): get_error_rates must widen its
// rate window instead of failing, and a program may ask query_range and list_metrics for more than the model's cap.
import { describe, expect, it } from 'vitest';
import { connectMetrics, metricsFile } from './client.js';

// Scrapes at 19 s past the minute, as real scrapers drift: never on the query steps.
const T0 = Date.parse('2023-01-29T08:20:19Z') / 1000;
const SERVICES = Array.from({ length: 40 }, (_, i) => `service-${String(i).padStart(2, '0')}-with-a-long-name`);

/** 31 one-minute samples: request counters of a front end (5xx from minute 20) and a CPU gauge per service. */
function sparseFile(opts: { requests?: boolean } = {}): string {
  const lines = opts.requests === false ? [] : ['# TYPE http_requests counter'];
  let ok = 0;
  let bad = 0;
  for (let m = 0; m <= (opts.requests === false ? -1 : 30); m++) {
    ok += 600;
    bad += m >= 20 ? 120 : 1;
    lines.push(`http_requests_total{service="frontend",code="200"} ${ok} ${T0 + m * 60}`);
    lines.push(`http_requests_total{service="frontend",code="500"} ${bad} ${T0 + m * 60}`);
  }
  lines.push('# TYPE pod_cpu_usage_percent gauge');
  for (const s of SERVICES) for (let m = 0; m <= 30; m++) lines.push(`pod_cpu_usage_percent{service="${s}",pod="${s}-5f55b6cf68-77cfw"} ${(5 + (m % 3)).toFixed(1)} ${T0 + m * 60}`);
  return metricsFile(lines, 'sparse-metrics-');
}

const window = { since: '2023-01-29T08:20:00Z', until: '2023-01-29T08:50:00Z' };

describe('one sample a minute over a 30-minute window', () => {
  it('get_error_rates answers with the rise instead of "no series"', async () => {
    const c = await connectMetrics({ file: sparseFile(), at: Date.parse(window.until) });
    const r = await c.call('get_error_rates', window);
    expect(r.isError).toBe(false);
    const front = (JSON.parse(r.text) as { services: Array<{ service: string; baseline: number; peak: number }> }).services[0]!;
    expect(front.service).toBe('frontend');
    expect(front.baseline).toBeLessThan(0.01);
    expect(front.peak).toBeGreaterThan(0.1);
  });

  it('get_error_rates on per-pod gauges with no request counter: no rates and a note, not a failed call', async () => {
    const c = await connectMetrics({ file: sparseFile({ requests: false }), at: Date.parse(window.until) });
    const r = await c.call('get_error_rates', window);
    expect(r.isError).toBe(false);
    const body = JSON.parse(r.text) as { services: unknown[]; note?: string };
    expect(body.services).toEqual([]);
    expect(body.note).toContain('no http_requests_total series with a service label');
    // A service named that is not there is still a wrong argument.
    const named = await c.call('get_error_rates', { ...window, service: 'checkout' });
    expect(named.isError).toBe(true);
    expect(named.text).toContain('equal to "checkout"');
  });

  it('query_range keeps every series when the caller raises max_output_bytes, and cuts them at the default', async () => {
    const c = await connectMetrics({ file: sparseFile(), at: Date.parse(window.until) });
    const args = { query: 'pod_cpu_usage_percent', start: window.since, end: window.until, step: '30s' };
    const capped = JSON.parse((await c.call('query_range', args)).text) as { result: unknown[]; truncated?: string };
    expect(capped.truncated).toBeDefined();
    const whole = JSON.parse((await c.call('query_range', { ...args, max_output_bytes: 512 * 1024 })).text) as { result: unknown[]; truncated?: string };
    expect(whole.truncated).toBeUndefined();
    expect(whole.result).toHaveLength(SERVICES.length);
    const bad = await c.call('query_range', { ...args, max_output_bytes: 10 * 1024 * 1024 });
    expect(bad.isError).toBe(true);
  });
});
