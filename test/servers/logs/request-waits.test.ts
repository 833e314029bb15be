// request_flows' waits through a real SDK client on a small traced sample: per transition and minute, the median time
// from one entry of a request to its next and its spread, with entries that share a millisecond left unmeasured.
import { describe, expect, it } from 'vitest';
import type { FlowsOut } from '../../../servers/logs/flows.js';
import { connect, tempDir } from './helpers.js';

const AT = Date.parse('2024-05-02T10:05:00Z');
const t = (minute: number, ms: number) => new Date(Date.parse('2024-05-02T10:00:00Z') + minute * 60_000 + ms).toISOString();
const line = (time: string, svc: string, trace: string, words: string) => `${time} INFO [${svc}] TraceID: ${trace} ${words}`;

/**
 * Checkout requests: the gateway logs their start, cart answers 7 ms later, then the gateway logs 4 ms later (2 ms in minute 0's odd requests), the same in both
 * minutes except that from minute 2 on the gateway's entry comes 120 ms after cart's. Three requests of minute 1 have the
 * gateway and the payment service logging in the same millisecond, 30 ms after cart.
 */
function sample(): Record<string, string> {
  const cart: string[] = [];
  const gateway: string[] = [];
  const payment: string[] = [];
  for (const minute of [0, 1, 2]) {
    for (let k = 0; k < 6; k++) {
      const trace = `${minute}${k}a1b2c3d4e5f60718`;
      const start = 1000 + k * 5000;
      const tied = minute === 1 && k < 3;
      const wait = minute === 2 ? 120 : tied ? 30 : minute === 0 && k % 2 ? 2 : 4;
      gateway.push(line(t(minute, start - 7), 'gateway', trace, 'checkout started'));
      cart.push(line(t(minute, start), 'cart', trace, 'GetCart items=3'));
      gateway.push(line(t(minute, start + wait), 'gateway', trace, 'POST /checkout -> 200'));
      if (tied) payment.push(line(t(minute, start + wait), 'payment', trace, 'Charge ok'));
    }
  }
  return { 'cart.log': cart.join('\n') + '\n', 'gateway.log': gateway.join('\n') + '\n', 'payment.log': payment.join('\n') + '\n' };
}

describe('request_flows waits', () => {
  it('gives each transition its median wait and spread per minute, and skips a wait to an entry that shares its millisecond with another or after an entry that is not its part\'s last', async () => {
    const { call } = await connect({ sources: [tempDir(sample())], at: AT });
    const out = (await call('request_flows', { since: '2024-05-02T09:50:00Z', until: '2024-05-02T10:05:00Z' })).json<FlowsOut>();
    const cart = out.steps.findIndex((s) => s.service === 'cart');
    const gateway = out.steps.findIndex((s) => s.service === 'gateway');
    const answer = out.transitions.find((x) => x.from === cart && x.to === gateway)!;
    expect(out.minutes).toEqual(['2024-05-02T10:00:00.000Z', '2024-05-02T10:01:00.000Z', '2024-05-02T10:02:00.000Z']);
    // Minute 0: waits 4, 2, 4, 2, 4, 2 -> median 3, spread 1.4826; minute 1: the three waits of 4 (in the other three
    // requests the next entry shares its millisecond with the payment service's, so which came next is unknown); minute 2: 120.
    expect(answer.gap_ms).toEqual([3, 4, 120]);
    expect(answer.gap_spread_ms).toEqual([1.483, 0, 0]);
    // The gateway's first entry is not its last in the request: the wait after it is not one after it answered.
    const started = out.steps.findIndex((s) => s.step.includes('checkout started'));
    expect(out.transitions.find((x) => x.from === started && x.to === cart)!.gap_ms).toEqual([null, null, null]);
    // Where a request ends there is nothing to wait for.
    expect(out.transitions.filter((x) => x.to === -1).every((x) => x.gap_ms === undefined)).toBe(true);
  });
});
