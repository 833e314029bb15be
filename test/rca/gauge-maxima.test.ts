// How the offline gather asks for a gauge: on a long window (a step of a minute or more) as its per-step maximum, so a
// stall that lasted one 15 s scrape is not stepped over; on a short one as the plain selector, losing no scrape.
import { describe, expect, it } from 'vitest';
import { gather } from '../../src/rca/gather.js';
import { cannedCaller } from './helpers.js';

const TO = Date.parse('2026-03-10T15:00:00Z');
const MIN = 60_000;

async function gaugeQueries(windowMin: number): Promise<string[]> {
  const caller = cannedCaller({
    metrics__list_metrics: () => ({ metrics: [{ name: 'nodejs_eventloop_lag_seconds', type: 'gauge', labels: ['pod'] }] }),
    metrics__query_range: () => ({ resultType: 'matrix', result: [] }),
  });
  const { outcomes } = await gather({ incident: 'x', from: TO - windowMin * MIN, to: TO, caller, events: () => {} });
  return outcomes.filter((o) => o.tool === 'metrics__query_range').map((o) => String(o.args.query));
}

describe('gauges in the offline gather', () => {
  it('on a two-hour window (90 s steps) are read as max_over_time over each step', async () => {
    expect(await gaugeQueries(120)).toEqual(['max_over_time(nodejs_eventloop_lag_seconds[90s])']);
  });

  it('on a half-hour window (30 s steps) are read plainly', async () => {
    expect(await gaugeQueries(30)).toEqual(['nodejs_eventloop_lag_seconds']);
  });
});
