// The OpenTelemetry Demo holdout generator still writes what was measured, in a layout bench:real accepts: one case
// built anew has the bytes of the committed cases.tar.gz, its truth.json passes bench's schema, spanmetrics in OpenMetrics.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { truthSchema } from '../../bench/real-cases.js';
import { build } from '../../fixtures/holdout-oteldemo/generate.js';
import { CASES } from '../../fixtures/holdout-oteldemo/gen/cases.js';
import { buildMatchesTarball } from '../helpers/generator-build.js';

const TARBALL = fileURLToPath(new URL('../../fixtures/holdout-oteldemo/cases.tar.gz', import.meta.url));

describe('OpenTelemetry Demo holdout generator', () => {
  it('writes one case byte for byte as in the committed cases.tar.gz, in the layout bench:real reads', { timeout: 60_000 }, () => {
    const c = CASES.find((x) => x.fault.service === 'currency')!; // a night case with short logs: the cheapest to build
    const { dir, files: fa } = buildMatchesTarball(build, c, 'oteldemo', TARBALL);
    const truth = truthSchema.parse(JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')));
    expect(truth.service).toBe('currency');
    expect(truth.system).toBe('oteldemo');
    expect(readFileSync(join(dir, 'incident.txt'), 'utf8')).toMatch(/^Astronomy Shop \(frontend-proxy\): .+ since about \d\d:\d\d UTC\n$/);
    const om = readFileSync(join(dir, 'metrics', 'metrics.om'), 'utf8');
    expect(om.endsWith('# EOF\n')).toBe(true);
    expect(om).toMatch(/^traces_span_metrics_calls_total\{job="opentelemetry-demo\/currency",service_name="currency",span_kind="SPAN_KIND_SERVER",span_name="Convert",status_code="STATUS_CODE_UNSET"\} \d+ \d+$/m);
    expect(om).toMatch(/^k8s_pod_cpu_utilization_ratio\{k8s_namespace_name="otel-demo",k8s_node_name="[^"]+",k8s_pod_name="currency-[a-z0-9]+-[a-z0-9]{5}"\} [\d.]+ \d+$/m);
    expect(fa.some((f) => f.endsWith(join('logs', 'frontend-proxy.log')))).toBe(true);
  });
});
