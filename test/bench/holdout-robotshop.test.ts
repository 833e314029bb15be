// The Robot Shop holdout generator still writes what was measured, in a layout bench:real accepts: one case built anew
// has the bytes of the committed cases.tar.gz, its truth.json passes bench's schema, its metrics the client libraries'.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { truthSchema } from '../../bench/real-cases.js';
import { build } from '../../fixtures/holdout-robotshop/generate.js';
import { CASES } from '../../fixtures/holdout-robotshop/gen/cases.js';
import { buildMatchesTarball } from '../helpers/generator-build.js';

const TARBALL = fileURLToPath(new URL('../../fixtures/holdout-robotshop/cases.tar.gz', import.meta.url));

describe('Robot Shop holdout generator', () => {
  it('writes one case byte for byte as in the committed cases.tar.gz, in the layout bench:real reads', { timeout: 60_000 }, () => {
    const c = CASES.find((x) => x.fault.type === 'cpu_contention' && x.fault.service === 'catalogue')!; // a night case with short logs
    const { dir, files: fa } = buildMatchesTarball(build, c, 'robotshop', TARBALL);
    const truth = truthSchema.parse(JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')));
    expect(truth.service).toBe('catalogue');
    expect(truth.system).toBe('robotshop');
    expect(readFileSync(join(dir, 'incident.txt'), 'utf8')).toMatch(/^Robot Shop \(web\): .+ since about \d\d:\d\d UTC\n$/);
    const om = readFileSync(join(dir, 'metrics', 'metrics.om'), 'utf8');
    expect(om.endsWith('# EOF\n')).toBe(true);
    expect(om).toMatch(/^http_request_duration_seconds_bucket\{method="GET",route="\/products",status_code="200",instance="[\d.]+:8080",job="kubernetes-pods",namespace="robot-shop",pod="catalogue-[a-z0-9]+-[a-z0-9]{5}",service="catalogue",le="0\.005"\} \d+ \d+$/m);
    expect(om).toMatch(/^container_cpu_cfs_throttled_periods_total\{container="catalogue",.*pod="catalogue-[a-z0-9]+-[a-z0-9]{5}"\} \d+ \d+$/m);
    expect(om).toMatch(/^rabbitmq_queue_messages_ready\{queue="orders",vhost="\/",.*\} \d+ \d+$/m);
    expect(om).not.toMatch(/service="ratings"\}/); // ratings exposes no metrics of its own
    expect(fa.some((f) => f.endsWith(join('logs', 'web.log')))).toBe(true);
  });
});
