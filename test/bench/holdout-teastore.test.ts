// The TeaStore holdout generator still writes what was measured, in a layout bench:real accepts: one case built anew
// has the bytes of the committed cases.tar.gz, its truth.json passes bench's schema, the JMX exporter's and cAdvisor's series.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { truthSchema } from '../../bench/real-cases.js';
import { build } from '../../fixtures/holdout-teastore/generate.js';
import { CASES } from '../../fixtures/holdout-teastore/gen/cases.js';
import { buildMatchesTarball } from '../helpers/generator-build.js';

const TARBALL = fileURLToPath(new URL('../../fixtures/holdout-teastore/cases.tar.gz', import.meta.url));

describe('TeaStore holdout generator', () => {
  it('writes one case byte for byte as in the committed cases.tar.gz, in the layout bench:real reads', { timeout: 60_000 }, () => {
    const c = CASES.find((x) => x.fault.type === 'cpu_contention' && x.fault.service === 'teastore-image')!; // a night case with short logs
    const { dir, files: fa } = buildMatchesTarball(build, c, 'teastore', TARBALL);
    const truth = truthSchema.parse(JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')));
    expect(truth.service).toBe('teastore-image');
    expect(truth.system).toBe('teastore');
    expect(readFileSync(join(dir, 'incident.txt'), 'utf8')).toMatch(/^TeaStore \(Locust at the WebUI\): .+ since about \d\d:\d\d UTC\n$/);
    const om = readFileSync(join(dir, 'metrics', 'metrics.om'), 'utf8');
    expect(om.endsWith('# EOF\n')).toBe(true);
    expect(om).toMatch(/^tomcat_requestcount_total\{instance="[\d.]+:9404",job="kubernetes-pods",namespace="teastore",pod="teastore-persistence-[a-z0-9]+-[a-z0-9]{5}",port="8080",protocol="http-nio"\} \d+ \d+$/m);
    expect(om).toMatch(/^jvm_gc_collection_seconds_count\{.*pod="teastore-image-.*gc="G1 Young Generation"\} \d+ \d+$/m);
    expect(om).toMatch(/^container_cpu_cfs_throttled_periods_total\{container="teastore-image",.*\} \d+ \d+$/m);
    expect(om).toMatch(/^mysql_global_status_threads_connected\{.*pod="teastore-db-.*\} \d+ \d+$/m);
    expect(om).not.toMatch(/^tomcat_\w+\{[^}]*pod="teastore-db-/m); // MariaDB has no Tomcat
    expect(fa.some((f) => f.endsWith(join('logs', 'teastore-webui.log')))).toBe(true);
  });
});
