// End to end on hand-written traced logs (fixtures/log-shapes/traced-*, written by generate-traced.ts): the built CLI
// with the real logs server reads a broken path whose only baseline is the onset's own minute, and does not read a
// shifting request mix (a value in a step's words, fewer bookings of one kind, fewer requests at a front end) as a break.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { reportSchema, type Report } from '../../src/core/report.js';
import { cliBuilt, REPO_ROOT, runCliJson } from '../helpers/cli.js';

const SHAPES = join(REPO_ROOT, 'fixtures', 'log-shapes');

async function rca(fixture: string, incident: string): Promise<Report> {
  const tmp = mkdtempSync(join(tmpdir(), 'rca-flows-'));
  onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));
  const args = [incident, '--logs', '.', '--at', '2023-01-29T11:08:00Z', '--window', '30m', '--offline', '--json'];
  const r = await runCliJson<unknown>('rca', args, { cwd: join(SHAPES, fixture), env: { INCIDENT_COPILOT_DB: join(tmp, 'h.db') }, timeoutMs: 85_000 });
  expect(r.exitCode, r.stderr).toBe(0);
  const report = reportSchema.parse(r.json);
  expect(report.tool_calls.find((c) => c.tool === 'logs__request_flows')?.ok).toBe(true);
  return report;
}

/** Everything the report says about its candidates, root cause first. */
function said(report: Report): string {
  return [report.root_cause.summary, ...(report.hypotheses ?? []).map((h) => h.summary)].join('\n');
}

describe.skipIf(!cliBuilt('rca'))('rca --offline on request flows (needs the build)', () => {
  it('reads a path broken late in the stated minute, when only that minute\'s requests took it before', { timeout: 90_000 }, async () => {
    // Logs from 11:03:10, trip searches only from 11:04:02, the trip service skipping a step from 11:04:40; no errors.
    const report = await rca('traced-late-fault', 'booking site: trip searches slow since about 11:04 UTC');
    expect(report.root_cause.service).toBe('ts-trip-service');
    expect(report.root_cause.summary).toContain("ts-trip-service's requests changed course");
    expect(report.root_cause.summary).toContain('TripServiceImpl#457');
  });

  it('finds the service requests stopped reaching beside a request mix that shifted', { timeout: 90_000 }, async () => {
    const report = await rca('traced-mix', 'booking site: route queries failing since about 11:04 UTC');
    expect(report.root_cause.service).toBe('ts-route-service');
    expect(report.root_cause.summary).toContain('requests stopped reaching ts-route-service');
    const text = said(report);
    // The train service's step names the train type in its words: one code location is one step, whatever its values.
    expect(text).not.toContain('requests stopped reaching ts-train-service');
    // The seat service returns to the preserve-other service as often as that service still calls it: no break.
    expect(text).not.toContain('requests stopped reaching ts-preserve-other-service');
  });

  it('does not read fewer requests of one kind at a front end as requests that stopped reaching its callee', { timeout: 90_000 }, async () => {
    const report = await rca('traced-entry-mix', 'booking site: refunds slow since about 11:04 UTC');
    expect(said(report)).not.toContain('requests stopped reaching ts-refund-service');
    expect(report.root_cause.service).not.toBe('ts-refund-service');
  });
});
