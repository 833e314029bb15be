// The Sock Shop holdout generator is deterministic and writes cases bench:real accepts: one case built twice gives
// the same bytes, its truth.json passes bench's schema, and its metrics file is OpenMetrics ending in # EOF.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { truthSchema } from '../../bench/real-cases.js';
import { build } from '../../fixtures/holdout-sockshop/generate.js';
import { CASES } from '../../fixtures/holdout-sockshop/gen/cases.js';

function files(dir: string, base = ''): string[] {
  return readdirSync(join(dir, base), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(dir, join(base, e.name)) : [join(base, e.name)])).sort();
}

describe('Sock Shop holdout generator', () => {
  it('writes one case byte-identically twice, in the layout bench:real reads', () => {
    const a = mkdtempSync(join(tmpdir(), 'sockshop-a-'));
    const b = mkdtempSync(join(tmpdir(), 'sockshop-b-'));
    onTestFinished(() => {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    });
    const c = CASES.find((x) => x.fault.type === 'return')!; // a short-log case: the cheapest to build
    build(c, a);
    build(c, b);
    const fa = files(a);
    expect(fa).toEqual(files(b));
    for (const f of fa) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
    const [name] = readdirSync(a);
    const truth = truthSchema.parse(JSON.parse(readFileSync(join(a, name!, 'truth.json'), 'utf8')));
    expect(truth.service).toBe('payment');
    expect(readFileSync(join(a, name!, 'incident.txt'), 'utf8')).toMatch(/^Sock Shop front-end: .+ since about \d\d:\d\d UTC\n$/);
    const om = readFileSync(join(a, name!, 'metrics', 'metrics.om'), 'utf8');
    expect(om.endsWith('# EOF\n')).toBe(true);
    expect(om).toMatch(/^request_duration_seconds_bucket\{namespace="sock-shop",pod="payment-[a-z0-9]+-[a-z0-9]{5}",service="payment",method="POST",route="paymentAuth",status_code="200",le="\+Inf"\} \d+ \d+$/m);
    expect(fa.some((f) => f.endsWith(join('logs', 'payment.log')))).toBe(true);
  });
});
