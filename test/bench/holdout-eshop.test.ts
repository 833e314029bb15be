// The eShopOnContainers holdout generator still writes what was measured, in a layout bench:real accepts: one case built
// anew has the bytes of the committed cases.tar.gz, its truth.json passes bench's schema, prometheus-net's and Envoy's series.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { truthSchema } from '../../bench/real-cases.js';
import { build } from '../../fixtures/holdout-eshop/generate.js';
import { CASES } from '../../fixtures/holdout-eshop/gen/cases.js';
import { buildMatchesTarball } from '../helpers/generator-build.js';

const TARBALL = fileURLToPath(new URL('../../fixtures/holdout-eshop/cases.tar.gz', import.meta.url));

describe('eShopOnContainers holdout generator', () => {
  it('writes one case byte for byte as in the committed cases.tar.gz, in the layout bench:real reads', { timeout: 60_000 }, () => {
    const c = CASES.find((x) => x.fault.type === 'cpu_contention' && x.fault.service === 'catalog-api')!; // a night case with short logs
    const { dir, files: fa } = buildMatchesTarball(build, c, 'eshop', TARBALL);
    const truth = truthSchema.parse(JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')));
    expect(truth.service).toBe('catalog-api');
    expect(truth.system).toBe('eshoponcontainers');
    expect(readFileSync(join(dir, 'incident.txt'), 'utf8')).toMatch(/^eShopOnContainers \(webmvc\): .+ since about \d\d:\d\d UTC\n$/);
    const om = readFileSync(join(dir, 'metrics', 'metrics.om'), 'utf8');
    expect(om.endsWith('# EOF\n')).toBe(true);
    expect(om).toMatch(/^http_request_duration_seconds_bucket\{action="ItemsAsync",code="200",controller="Catalog",method="GET",app="catalog-api",.*le="0\.001"\} \d+ \d+$/m);
    expect(om).toMatch(/^envoy_cluster_upstream_rq_time_bucket\{envoy_cluster_name="catalog",.*\} \d+ \d+$/m);
    expect(om).toMatch(/^rabbitmq_queue_messages_ready\{queue="Payment",vhost="\/",.*\} \d+ \d+$/m);
    expect(om).not.toMatch(/app="payment-api"/); // payment-api exposes no metrics of its own
    expect(fa.some((f) => f.endsWith(join('logs', 'webmvc.log')))).toBe(true);
  });
});
