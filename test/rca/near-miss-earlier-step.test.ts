// Near misses of the earlier-step reading (earlier-step.ts): a level reached before the onset, but as the start of a
// climb that goes on, or as one stray sample before a rise at the onset: neither is set aside.
import { describe, expect, it } from 'vitest';
import { metricSignals } from '../../src/rca/localize/metric-scores.js';
import { rankServices } from '../../src/rca/localize/rank-services.js';
import { handBundle, minuteSeries } from './helpers.js';

const BASE = Date.parse('2026-03-02T10:00:00Z');
const MIN = 60_000;
const ONSET = BASE + 20 * MIN;
const pod = (svc: string) => ({ service: svc, pod: `${svc}-7b598fc7d-lmggd` });
const latency = (svc: string, f: (m: number) => number) => minuteSeries('pod_server_latency_p90_seconds', pod(svc), BASE, 25, f);
const bystander = latency('web', (m) => 0.2 + (m % 3) * 0.01);
const rank = (...series: ReturnType<typeof latency>[]) =>
  rankServices(metricSignals(handBundle('slow checkout', { from: BASE, to: BASE + 25 * MIN }, { series: [...series, bystander] }), ONSET));

describe('earlier-step near misses', () => {
  it('keeps a latency climbing since two minutes before the onset that went on climbing (a slow leak)', () => {
    const climbing = latency('ledger', (m) => (m < 17 ? 0.1 + (m % 2) * 0.002 : 0.1 + (m - 16) * 0.08));
    expect(rank(climbing)[0]?.service).toBe('ledger');
  });

  it('keeps a latency with one stray spike before the onset and its real rise after it', () => {
    const spiky = latency('ledger', (m) => (m === 17 ? 0.9 : m >= 20 ? 0.9 : 0.1 + (m % 2) * 0.002));
    expect(rank(spiky)[0]?.service).toBe('ledger');
  });
});
