// The Hotel Reservation holdout generator still writes what was measured, in a layout bench:real accepts: one case
// built anew has the bytes of the committed cases.tar.gz, and its truth.json passes bench's schema.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { truthSchema } from '../../bench/real-cases.js';
import { build } from '../../fixtures/holdout-real/generate.js';
import { CASES } from '../../fixtures/holdout-real/gen/cases.js';
import { buildMatchesTarball } from '../helpers/generator-build.js';

const TARBALL = fileURLToPath(new URL('../../fixtures/holdout-real/cases.tar.gz', import.meta.url));

describe('Hotel Reservation holdout generator', () => {
  it('writes one case byte for byte as in the committed cases.tar.gz, in the layout bench:real reads', { timeout: 60_000 }, () => {
    const c = CASES.find((x) => x.fault.service === 'memcached-profile')!; // a night case with short logs: the cheapest to build
    const { dir } = buildMatchesTarball(build, c, 'hotel', TARBALL);
    const truth = truthSchema.parse(JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')));
    expect(truth.service).toBe('memcached-profile');
    expect(truth.system).toBe('hotel');
    expect(readFileSync(join(dir, 'incident.txt'), 'utf8')).toMatch(/^Hotel Reservation site: .+ since about \d\d:\d\d UTC\n$/);
    expect(readFileSync(join(dir, 'metrics', 'metrics.om'), 'utf8').endsWith('# EOF\n')).toBe(true);
  });
});
