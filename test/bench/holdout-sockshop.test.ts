// The Sock Shop holdout generator still writes what was measured, in a layout bench:real accepts: one case built anew
// has the bytes of the committed cases.tar.gz, its truth.json passes bench's schema, its metrics end in # EOF.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { truthSchema } from '../../bench/real-cases.js';
import { build } from '../../fixtures/holdout-sockshop/generate.js';
import { CASES } from '../../fixtures/holdout-sockshop/gen/cases.js';
import { buildMatchesTarball } from '../helpers/generator-build.js';

const TARBALL = fileURLToPath(new URL('../../fixtures/holdout-sockshop/cases.tar.gz', import.meta.url));

describe('Sock Shop holdout generator', () => {
  it('writes one case byte for byte as in the committed cases.tar.gz, in the layout bench:real reads', () => {
    const c = CASES.find((x) => x.fault.type === 'return')!; // a short-log case: the cheapest to build
    const { dir, files: fa } = buildMatchesTarball(build, c, 'sockshop', TARBALL);
    const truth = truthSchema.parse(JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')));
    expect(truth.service).toBe('payment');
    expect(readFileSync(join(dir, 'incident.txt'), 'utf8')).toMatch(/^Sock Shop front-end: .+ since about \d\d:\d\d UTC\n$/);
    const om = readFileSync(join(dir, 'metrics', 'metrics.om'), 'utf8');
    expect(om.endsWith('# EOF\n')).toBe(true);
    expect(om).toMatch(/^request_duration_seconds_bucket\{namespace="sock-shop",pod="payment-[a-z0-9]+-[a-z0-9]{5}",service="payment",method="POST",route="paymentAuth",status_code="200",le="\+Inf"\} \d+ \d+$/m);
    expect(fa.some((f) => f.endsWith(join('logs', 'payment.log')))).toBe(true);
  });
});
