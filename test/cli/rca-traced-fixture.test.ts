// End to end on traced multi-service logs (fixtures/log-shapes/traced): the gateway is the loudest (most errors, the
// service the incident names), but requests stopped reaching the price service it calls through the order service;
// the built CLI with the real logs server ranks the callee first and the callers after it, from the trace-id call graph.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { reportSchema } from '../../src/core/report.js';
import { cliBuilt, REPO_ROOT, runCliJson } from '../helpers/cli.js';

const CASE = join(REPO_ROOT, 'fixtures', 'log-shapes', 'traced');

describe.skipIf(!cliBuilt('rca'))('rca --offline on traced logs where the front end is the loudest (needs the build)', () => {
  it('walks from the gateway down the call graph to the service the requests stopped reaching', { timeout: 90_000 }, async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'rca-traced-'));
    onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));
    const incident = 'booking site: order requests failing with 500 on ts-gateway-service since about 11:04 UTC';
    const args = [incident, '--logs', '.', '--at', '2023-01-29T11:08:00Z', '--window', '30m', '--offline', '--json'];
    const r = await runCliJson<unknown>('rca', args, { cwd: CASE, env: { INCIDENT_COPILOT_DB: join(tmp, 'h.db') }, timeoutMs: 85_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = reportSchema.parse(r.json);
    expect(report.root_cause.service).toBe('ts-price-service');
    expect(report.root_cause.summary).toContain('requests stopped reaching ts-price-service');
    // No resource pressure anywhere: an application error, not a saturated resource.
    expect(report.root_cause.category).toBe('unknown');
    expect(report.evidence.some((e) => e.tool === 'logs__request_flows' && e.quote.includes('PriceController#46'))).toBe(true);
    // The callers come after it, told apart as victims of a service they call.
    const others = (report.hypotheses ?? []).map((h) => h.service);
    expect(others).toEqual(expect.arrayContaining(['ts-gateway-service', 'ts-order-service']));
    expect((report.hypotheses ?? []).find((h) => h.service === 'ts-gateway-service')!.summary).toContain('ts-price-service, which it calls');
  });

  it('reads the same requests from Spring Cloud Sleuth\'s [app,trace,span] bracket (traced-sleuth)', { timeout: 90_000 }, async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'rca-traced-'));
    onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));
    const incident = 'booking site: order requests failing with 500 on ts-gateway-service since about 11:04 UTC';
    const args = [incident, '--logs', '.', '--at', '2023-01-29T11:08:00Z', '--window', '30m', '--offline', '--json'];
    const cwd = join(REPO_ROOT, 'fixtures', 'log-shapes', 'traced-sleuth');
    const r = await runCliJson<unknown>('rca', args, { cwd, env: { INCIDENT_COPILOT_DB: join(tmp, 'h.db') }, timeoutMs: 85_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = reportSchema.parse(r.json);
    expect(report.root_cause.service).toBe('ts-price-service');
    expect(report.root_cause.summary).toContain('requests stopped reaching ts-price-service');
    // The bracket is the app and two ids, never one service named "ts-order-service,<trace>,<span>".
    for (const h of [report.root_cause, ...(report.hypotheses ?? [])]) expect(h.service ?? '').not.toContain(',');
  });
});
