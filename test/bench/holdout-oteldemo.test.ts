// The OpenTelemetry Demo holdout generator is deterministic and writes cases bench:real accepts: one case built twice
// gives the same bytes, its truth.json passes bench's schema, and its metrics are OpenMetrics with spanmetrics series.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { truthSchema } from '../../bench/real-cases.js';
import { build } from '../../fixtures/holdout-oteldemo/generate.js';
import { CASES } from '../../fixtures/holdout-oteldemo/gen/cases.js';

function files(dir: string, base = ''): string[] {
  return readdirSync(join(dir, base), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(dir, join(base, e.name)) : [join(base, e.name)])).sort();
}

describe('OpenTelemetry Demo holdout generator', () => {
  it('writes one case byte-identically twice, in the layout bench:real reads', { timeout: 60_000 }, () => {
    const a = mkdtempSync(join(tmpdir(), 'oteldemo-a-'));
    const b = mkdtempSync(join(tmpdir(), 'oteldemo-b-'));
    onTestFinished(() => {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    });
    const c = CASES.find((x) => x.fault.service === 'currency')!; // a night case with short logs: the cheapest to build
    build(c, a);
    build(c, b);
    const fa = files(a);
    expect(fa).toEqual(files(b));
    for (const f of fa) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
    const [name] = readdirSync(a);
    const truth = truthSchema.parse(JSON.parse(readFileSync(join(a, name!, 'truth.json'), 'utf8')));
    expect(truth.service).toBe('currency');
    expect(truth.system).toBe('oteldemo');
    expect(readFileSync(join(a, name!, 'incident.txt'), 'utf8')).toMatch(/^Astronomy Shop \(frontend-proxy\): .+ since about \d\d:\d\d UTC\n$/);
    const om = readFileSync(join(a, name!, 'metrics', 'metrics.om'), 'utf8');
    expect(om.endsWith('# EOF\n')).toBe(true);
    expect(om).toMatch(/^traces_span_metrics_calls_total\{job="opentelemetry-demo\/currency",service_name="currency",span_kind="SPAN_KIND_SERVER",span_name="Convert",status_code="STATUS_CODE_UNSET"\} \d+ \d+$/m);
    expect(om).toMatch(/^k8s_pod_cpu_utilization_ratio\{k8s_namespace_name="otel-demo",k8s_node_name="[^"]+",k8s_pod_name="currency-[a-z0-9]+-[a-z0-9]{5}"\} [\d.]+ \d+$/m);
    expect(fa.some((f) => f.endsWith(join('logs', 'frontend-proxy.log')))).toBe(true);
  });
});
