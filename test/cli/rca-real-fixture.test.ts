// End to end on a real fault injection (fixtures/real: Nezha, Online Boutique, CPU contention in one pod): the built
// CLI and the real metrics server rank the injected service first, name resource pressure, and list the others.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { reportSchema } from '../../src/core/report.js';
import { cliBuilt, REPO_ROOT, runCliJson } from '../helpers/cli.js';

const CASE = join(REPO_ROOT, 'fixtures', 'real', 'hipster-payment-cpu');
const truth = z
  .object({ service: z.string(), at: z.string(), window: z.string(), fault_type: z.string() })
  .parse(JSON.parse(readFileSync(join(CASE, 'truth.json'), 'utf8')));

describe.skipIf(!cliBuilt('rca'))('rca --offline on a real multi-service fault injection (needs the build)', () => {
  it('ranks the CPU-starved pod\'s service first, with resource pressure as the category and the callers after it', { timeout: 90_000 }, async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'rca-real-'));
    onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));
    const incident = readFileSync(join(CASE, 'incident.txt'), 'utf8').trim();
    const args = [incident, '--metrics', 'metrics/metrics.om', '--at', truth.at, '--window', truth.window, '--offline', '--json'];
    const r = await runCliJson<unknown>('rca', args, { cwd: CASE, env: { INCIDENT_COPILOT_DB: join(tmp, 'h.db') }, timeoutMs: 85_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = reportSchema.parse(r.json);
    expect(report.root_cause.service).toBe(truth.service);
    expect(report.root_cause.category).toBe('resource_exhaustion');
    expect(report.evidence.some((e) => e.quote.includes('pod_cpu_usage_percent'))).toBe(true);
    // Candidates are ranked: other services follow, each once.
    const services = (report.hypotheses ?? []).map((h) => h.service).filter((s) => s !== null);
    expect(services.length).toBeGreaterThanOrEqual(1);
    expect(services).not.toContain(truth.service);
    expect(new Set(services).size).toBe(services.length);
    // Every tool call answered, get_error_rates included, on one sample a minute over 30 minutes.
    expect(report.tool_calls.filter((c) => !c.ok).map((c) => c.tool)).toEqual([]);
  });
});
