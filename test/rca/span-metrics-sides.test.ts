// Span metrics as the OpenTelemetry collector's spanmetrics connector writes them: one counter for every span, the
// caller's client spans beside the callee's server spans, and an error-status series born with the first failure.
import { describe, expect, it } from 'vitest';
import { withZeroBefore } from '../../src/rca/localize/born-errors.js';
import { metricSignals } from '../../src/rca/localize/metric-scores.js';
import { rankServices } from '../../src/rca/localize/rank-services.js';
import { serverErrorStatus } from '../../src/rca/localize/series-shape.js';
import { outboundSpan } from '../../src/rca/localize/span-kind.js';
import { handBundle } from './helpers.js';
import { BASE, END, ONSET, failing, spanCalls, steady } from './span-calls.js';

const calls = spanCalls('shop');

describe('span metrics read by side and status', () => {
  it('reads STATUS_CODE_ERROR as a failure and client or producer span kinds as outbound calls', () => {
    expect(serverErrorStatus({ status_code: 'STATUS_CODE_ERROR' })).toBe(true);
    expect(serverErrorStatus({ status_code: 'STATUS_CODE_UNSET' })).toBe(false);
    expect(serverErrorStatus({ status_code: 'STATUS_CODE_OK' })).toBe(false);
    expect(outboundSpan({ span_kind: 'SPAN_KIND_CLIENT' })).toBe(true);
    expect(outboundSpan({ span_kind: 'SPAN_KIND_PRODUCER' })).toBe(true);
    expect(outboundSpan({ span_kind: 'SPAN_KIND_SERVER' })).toBe(false);
    expect(outboundSpan({ span_kind: 'SPAN_KIND_CONSUMER' })).toBe(false);
    expect(outboundSpan({})).toBe(false);
  });

  it('gives an error series born after the onset zeros at its siblings\' earlier times, and leaves an orphan alone', () => {
    const ok = calls('catalog', 'SERVER', 'GetProduct', 'UNSET', steady(40));
    const err = calls('catalog', 'SERVER', 'GetProduct', 'ERROR', failing(6), 20);
    const orphan = calls('newsvc', 'SERVER', 'Get', 'ERROR', failing(6), 20);
    const [, padded, alone] = withZeroBefore([ok, err, orphan], (l) => serverErrorStatus(l) === true);
    expect(padded!.points.length).toBe(26);
    expect(padded!.points.slice(0, 20).every((p) => p[1] === 0)).toBe(true);
    expect(alone).toBe(orphan);
  });

  it('names the callee whose server spans fail, not the caller whose client spans relay it (near miss: the caller fails loudest)', () => {
    const b = handBundle('product pages fail', { from: BASE, to: END }, {
      counters: [
        calls('catalog', 'SERVER', 'GetProduct', 'UNSET', steady(40)),
        calls('catalog', 'SERVER', 'GetProduct', 'ERROR', failing(5), 20),
        calls('web', 'SERVER', 'GET /api/products', 'UNSET', steady(40)),
        // The caller's own route fails more often than the callee does: it retries and every retry fails too.
        calls('web', 'SERVER', 'GET /api/products', 'ERROR', failing(9), 20),
        calls('web', 'CLIENT', 'GetProduct', 'UNSET', steady(40)),
        calls('web', 'CLIENT', 'GetProduct', 'ERROR', failing(9), 20),
      ],
    });
    const { signals } = metricSignals(b, ONSET);
    expect(signals.find((s) => s.service === 'catalog')?.kind).toBe('errors');
    expect(signals.filter((s) => s.service === 'web').map((s) => s.kind)).not.toContain('errors');
    expect(rankServices(metricSignals(b, ONSET))[0]?.service).toBe('catalog');
  });

  it('keeps a server whose own spans fail while nobody calls it failing (no client spans): its errors stay its own', () => {
    const b = handBundle('orders fail', { from: BASE, to: END }, {
      counters: [
        calls('orders', 'SERVER', 'POST /orders', 'UNSET', steady(30)),
        calls('orders', 'SERVER', 'POST /orders', 'ERROR', failing(8), 20),
        calls('catalog', 'SERVER', 'GetProduct', 'UNSET', steady(40)),
      ],
    });
    expect(rankServices(metricSignals(b, ONSET))[0]).toMatchObject({ service: 'orders' });
  });
});
