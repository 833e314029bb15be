// Series that stop while the data goes on (a pod deleted, a target gone) end where Prometheus' staleness would end
// them, not five minutes of lookback later; series running to the data's end keep the plain lookback.
import { describe, expect, it } from 'vitest';
import { connectMetrics, metricsFile } from './client.js';

const T0 = Date.parse('2024-06-03T10:00:00Z') / 1000;

/** 30 one-minute samples of a pod that runs throughout, a pod deleted after minute 20 and its replacement from minute 22. */
function podFile(): string {
  const lines = ['# TYPE pod_memory_usage_bytes gauge'];
  for (let m = 0; m <= 29; m++) {
    lines.push(`pod_memory_usage_bytes{service="web",pod="web-7d9f8b6c5-a1b2c"} ${100 + (m % 3)} ${T0 + m * 60}`);
    if (m <= 20) lines.push(`pod_memory_usage_bytes{service="ledger",pod="ledger-6c8d7b5f4-old11"} 500 ${T0 + m * 60}`);
    if (m >= 22) lines.push(`pod_memory_usage_bytes{service="ledger",pod="ledger-6c8d7b5f4-new22"} 200 ${T0 + m * 60}`);
  }
  return metricsFile(lines, 'stale-metrics-');
}

interface Range {
  result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
}

describe('staleness of series read from a file', () => {
  it('ends a deleted pod\'s series at its next missed scrape and carries a running one to the end', async () => {
    const c = await connectMetrics({ file: podFile(), at: (T0 + 32 * 60) * 1000 });
    const args = { query: 'pod_memory_usage_bytes', start: new Date(T0 * 1000).toISOString(), end: new Date((T0 + 32 * 60) * 1000).toISOString(), step: '30s' };
    const r = JSON.parse((await c.call('query_range', args)).text) as Range;
    const lastAt = (pod: string) => Math.max(...r.result.find((s) => s.metric.pod === pod)!.values.map((v) => v[0]));
    // The deleted pod: its last sample at minute 20, present half a step later, gone at minute 21 (not minute 25).
    expect(lastAt('ledger-6c8d7b5f4-old11')).toBe(T0 + 20 * 60 + 30);
    // The pods that run to the end of the data keep the 5-minute lookback past it (up to the query's end here).
    expect(lastAt('web-7d9f8b6c5-a1b2c')).toBe(T0 + 32 * 60);
    expect(lastAt('ledger-6c8d7b5f4-new22')).toBe(T0 + 32 * 60);
  });
});
