// The Sock Shop holdout generator is deterministic and writes cases bench:real accepts: one case built twice gives
// the same bytes, its truth.json passes bench's schema, and its metrics file is OpenMetrics ending in # EOF.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { truthSchema } from '../../bench/real-cases.js';
import { build } from '../../fixtures/holdout-sockshop/generate.js';
import { CASES } from '../../fixtures/holdout-sockshop/gen/cases.js';
import { buildTwiceIdentical } from '../helpers/generator-build.js';

describe('Sock Shop holdout generator', () => {
  it('writes one case byte-identically twice, in the layout bench:real reads', () => {
    const c = CASES.find((x) => x.fault.type === 'return')!; // a short-log case: the cheapest to build
    const { dir, files: fa } = buildTwiceIdentical(build, c, 'sockshop');
    const truth = truthSchema.parse(JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')));
    expect(truth.service).toBe('payment');
    expect(readFileSync(join(dir, 'incident.txt'), 'utf8')).toMatch(/^Sock Shop front-end: .+ since about \d\d:\d\d UTC\n$/);
    const om = readFileSync(join(dir, 'metrics', 'metrics.om'), 'utf8');
    expect(om.endsWith('# EOF\n')).toBe(true);
    expect(om).toMatch(/^request_duration_seconds_bucket\{namespace="sock-shop",pod="payment-[a-z0-9]+-[a-z0-9]{5}",service="payment",method="POST",route="paymentAuth",status_code="200",le="\+Inf"\} \d+ \d+$/m);
    expect(fa.some((f) => f.endsWith(join('logs', 'payment.log')))).toBe(true);
  });
});
