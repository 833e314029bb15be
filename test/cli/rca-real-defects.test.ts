// The defects of issue 10 on real fault injections (fixtures/real: Nezha, Online Boutique), through the built CLI
// and the real metrics server: no memory "before the onset" from an old spike, no limit from repeated samples, no
// latency at a client timeout read as a limit, and every metrics call (get_error_rates included) answering.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { reportSchema, type Report } from '../../src/core/report.js';
import { cliBuilt, REPO_ROOT, runCliJson } from '../helpers/cli.js';

const truthSchema = z.object({ service: z.string(), at: z.string(), window: z.string(), fault_type: z.string() });

async function investigate(name: string): Promise<{ report: Report; truth: z.infer<typeof truthSchema> }> {
  const dir = join(REPO_ROOT, 'fixtures', 'real', name);
  const truth = truthSchema.parse(JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')));
  const tmp = mkdtempSync(join(tmpdir(), 'rca-defects-'));
  onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));
  const incident = readFileSync(join(dir, 'incident.txt'), 'utf8').trim();
  const args = [incident, '--metrics', 'metrics/metrics.om', '--at', truth.at, '--window', truth.window, '--offline', '--json'];
  const r = await runCliJson<unknown>('rca', args, { cwd: dir, env: { INCIDENT_COPILOT_DB: join(tmp, 'h.db') }, timeoutMs: 85_000 });
  expect(r.exitCode, r.stderr).toBe(0);
  return { report: reportSchema.parse(r.json), truth };
}

/** Every sentence of the report that states a cause: the root cause, the hypotheses and the evidence. */
const claims = (r: Report) => [r.root_cause.summary, ...(r.hypotheses ?? []).map((h) => h.summary), ...r.evidence.map((e) => e.detail)];

describe.skipIf(!cliBuilt('rca'))('the defects of issue 10 on real fault injections (needs the build)', () => {
  it('a memory spike that fell back long before the onset is no memory climbing before it, and no OOM', { timeout: 90_000 }, async () => {
    const { report } = await investigate('hipster-frontend-return');
    expect(claims(report).filter((c) => /out of memory|memory climb|grew .*x before the onset/.test(c))).toEqual([]);
    expect(report.root_cause.service).toBe('frontend');
    expect(report.tool_calls.filter((c) => !c.ok).map((c) => c.tool)).toEqual([]);
  });

  it('samples repeated by a finer query step, and a level the series later passes, are no limit', { timeout: 90_000 }, async () => {
    const { report, truth } = await investigate('hipster-recommendation-cpu');
    expect(claims(report).filter((c) => /goes flat at .* \(a limit\)/.test(c))).toEqual([]);
    expect(report.root_cause.service).toBe(truth.service);
    expect(report.tool_calls.filter((c) => !c.ok).map((c) => c.tool)).toEqual([]);
  });
});
