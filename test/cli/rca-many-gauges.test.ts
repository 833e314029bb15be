// A backend that lists more gauges than the engine reads (a real Prometheus lists hundreds): the metrics source reads a
// service's own pressure and latency first, so 30 flat settings gauges listed ahead of CPU do not hide a CPU-starved service.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { gaugeReadOrder } from '../../src/core/metric-kind.js';
import { reportSchema } from '../../src/core/report.js';
import { cliBuilt, REPO_ROOT, runCliJson } from '../helpers/cli.js';

const truthSchema = z.object({ service: z.string(), at: z.string(), window: z.string() });

/** 30 flat gauge families named and placed to list before everything in the fixture. */
function fillers(services: string[], times: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < 30; i++) {
    const name = `aa_setting_${String(i).padStart(2, '0')}`;
    out.push(`# TYPE ${name} gauge`);
    for (const s of services) for (const t of times) out.push(`${name}{service="${s}"} ${i + 1} ${t}`);
  }
  return out.join('\n') + '\n';
}

describe('gaugeReadOrder', () => {
  it('reads own pressure, then latency and failures, then limits and waits, then load, then the rest', () => {
    const names = ['aa_setting', 'pod_network_receive_bytes', 'pod_client_latency_p90_seconds', 'kube_pod_container_resource_limits', 'http_server_request_duration_seconds_p90', 'container_memory_working_set_bytes'];
    expect([...names].sort((a, b) => gaugeReadOrder(a) - gaugeReadOrder(b))).toEqual([
      'container_memory_working_set_bytes',
      'http_server_request_duration_seconds_p90',
      'pod_client_latency_p90_seconds',
      'kube_pod_container_resource_limits',
      'pod_network_receive_bytes',
      'aa_setting',
    ]);
  });
});

describe.skipIf(!cliBuilt('rca'))('rca --offline with more gauges listed than it reads (needs the build)', () => {
  it('still reads the CPU gauge that names the culprit', { timeout: 90_000 }, async () => {
    const src = join(REPO_ROOT, 'fixtures', 'localize-metrics', 'cpu-at-limit');
    const tmp = mkdtempSync(join(tmpdir(), 'rca-many-gauges-'));
    onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));
    cpSync(src, join(tmp, 'case'), { recursive: true });
    const truth = truthSchema.parse(JSON.parse(readFileSync(join(src, 'truth.json'), 'utf8')));
    const om = readFileSync(join(src, 'metrics', 'metrics.om'), 'utf8');
    const services = [...new Set([...om.matchAll(/service="([^"]+)"/g)].map((m) => m[1]!))];
    const times = [...new Set([...om.matchAll(/} \S+ (\d+)$/gm)].map((m) => Number(m[1])))].sort((a, b) => a - b);
    writeFileSync(join(tmp, 'case', 'metrics', 'metrics.om'), fillers(services, times) + om);
    const incident = readFileSync(join(src, 'incident.txt'), 'utf8').trim();
    const args = [incident, '--metrics', 'metrics/metrics.om', '--at', truth.at, '--window', truth.window, '--offline', '--json'];
    const r = await runCliJson<unknown>('rca', args, { cwd: join(tmp, 'case'), env: { INCIDENT_COPILOT_DB: join(tmp, 'h.db') }, timeoutMs: 85_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = reportSchema.parse(r.json);
    // A gauge is asked for as its per-step maximum: max_over_time(<name>[<step>s]).
    const queries = report.tool_calls.filter((c) => c.tool.endsWith('query_range')).map((c) => String(c.args.query).replace(/^max_over_time\((.*)\[\d+s\]\)$/, '$1'));
    expect(queries).toContain('pod_cpu_usage_percent');
    expect(queries.filter((q) => q.startsWith('aa_setting_')).length).toBeLessThan(30);
    expect(report.root_cause.service).toBe(truth.service);
    expect(report.root_cause.category).toBe('resource_exhaustion');
  });
});
