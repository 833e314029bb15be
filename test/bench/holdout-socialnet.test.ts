// The Social Network holdout generator still writes what was measured, in a layout bench:real accepts: one case built
// anew has the bytes of the committed cases.tar.gz, its truth.json passes bench's schema, Istio's and the stores' series.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { truthSchema } from '../../bench/real-cases.js';
import { build } from '../../fixtures/holdout-socialnet/generate.js';
import { CASES } from '../../fixtures/holdout-socialnet/gen/cases.js';
import { buildMatchesTarball } from '../helpers/generator-build.js';

const TARBALL = fileURLToPath(new URL('../../fixtures/holdout-socialnet/cases.tar.gz', import.meta.url));

describe('Social Network holdout generator', () => {
  it('writes one case byte for byte as in the committed cases.tar.gz, in the layout bench:real reads', { timeout: 60_000 }, () => {
    const c = CASES.find((x) => x.fault.type === 'cpu_contention' && x.fault.service === 'home-timeline-service')!; // a night case with short logs
    const { dir, files: fa } = buildMatchesTarball(build, c, 'socialnet', TARBALL);
    const truth = truthSchema.parse(JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')));
    expect(truth.service).toBe('home-timeline-service');
    expect(truth.system).toBe('socialnetwork');
    expect(readFileSync(join(dir, 'incident.txt'), 'utf8')).toMatch(/^Social Network \(nginx-thrift\): .+ since about \d\d:\d\d UTC\n$/);
    const om = readFileSync(join(dir, 'metrics', 'metrics.om'), 'utf8');
    expect(om.endsWith('# EOF\n')).toBe(true);
    expect(om).toMatch(/^istio_requests_total\{reporter="destination",source_workload="wrk2",.*destination_workload="nginx-thrift",.*response_code="200",response_flags="-"\} \d+ \d+$/m);
    expect(om).toMatch(/^istio_tcp_sent_bytes_total\{reporter="source",source_workload="home-timeline-service",.*destination_workload="post-storage-service",.*\} \d+ \d+$/m);
    expect(om).toMatch(/^container_cpu_cfs_throttled_periods_total\{container="istio-proxy",.*\} \d+ \d+$/m);
    expect(om).toMatch(/^mongodb_ss_opcounters_total\{.*job="post-storage-mongodb",.*legacy_op_type="query"\} \d+ \d+$/m);
    expect(om).not.toMatch(/^\w+\{[^}]*job="compose-post-service"/m); // the C++ services export no metrics of their own
    expect(fa.some((f) => f.endsWith(join('logs', 'nginx-thrift.log')))).toBe(true);
  });
});
