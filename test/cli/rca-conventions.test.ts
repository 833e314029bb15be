// The conventions a person types, through the built `rca`: a brace glob for --logs, a relative --at
// ("30m ago", "now-2h") and a compound --window (1h30m) give the window they say.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { reportSchema } from '../../src/core/report.js';
import { cliBuilt, runCli, runCliJson } from '../helpers/cli.js';

/** Two services' logs in a/ and b/ (and a decoy in c/) over the last three hours, errors in the last hour. */
function recentLogs(now: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'rca-conv-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  for (const sub of ['a', 'b', 'c']) mkdirSync(join(dir, sub));
  const lines = (svc: string) => {
    const out: string[] = [];
    for (let t = now - 3 * 3_600_000; t < now; t += 60_000) {
      const iso = new Date(t).toISOString();
      out.push(`${iso} INFO ${svc} GET /api/items 200 12ms`);
      if (t > now - 3_600_000) out.push(`${iso} ERROR ${svc} upstream timed out after 5000ms calling inventory`);
    }
    return `${out.join('\n')}\n`;
  };
  writeFileSync(join(dir, 'a', 'api.log'), lines('api'));
  writeFileSync(join(dir, 'b', 'web.log'), lines('web'));
  writeFileSync(join(dir, 'c', 'decoy.log'), lines('decoy'));
  return dir;
}

describe.skipIf(!cliBuilt('rca'))('rca conventions (built CLI)', () => {
  it('--logs "dir/{a,b}/*.log" --at "30m ago" --window 1h30m', async () => {
    const now = Date.now();
    const dir = recentLogs(now);
    const home = mkdtempSync(join(tmpdir(), 'rca-conv-home-'));
    onTestFinished(() => rmSync(home, { recursive: true, force: true }));
    const r = await runCliJson<unknown>(
      'rca',
      ['api errors', '--logs', join(dir, '{a,b}', '*.log'), '--at', '30m ago', '--window', '1h30m', '--json', '--quiet'],
      { cwd: home, env: { INCIDENT_COPILOT_DB: join(home, 'h.db'), OLLAMA_MODEL: undefined } },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const report = reportSchema.parse(r.json);
    const to = Date.parse(report.window.to);
    // "30m ago" is taken from the clock when rca starts: within the run's own start-up time of now - 30m.
    expect(to).toBeGreaterThanOrEqual(now - 30 * 60_000);
    expect(to).toBeLessThan(now - 30 * 60_000 + 30_000);
    expect(to - Date.parse(report.window.from)).toBe(90 * 60_000);
    expect(report.evidence.some((e) => e.tool.startsWith('logs__') && e.quote.includes('upstream timed out'))).toBe(true);
    // The decoy in c/ is outside the glob: no evidence and no service of it anywhere in the report.
    expect(JSON.stringify(report)).not.toContain('decoy');
    expect(JSON.stringify(report)).toMatch(/\bapi\b/);
  });

  it('--at now-2h works too; a bad --at names the forms it takes (exit 2)', async () => {
    const now = Date.now();
    const dir = recentLogs(now);
    const home = mkdtempSync(join(tmpdir(), 'rca-conv-home-'));
    onTestFinished(() => rmSync(home, { recursive: true, force: true }));
    const env = { INCIDENT_COPILOT_DB: join(home, 'h.db'), OLLAMA_MODEL: undefined };
    const ok = await runCliJson<unknown>('rca', ['api errors', '--logs', join(dir, 'a'), '--at', 'now-2h', '--json', '--quiet'], { cwd: home, env });
    expect(ok.exitCode, ok.stderr).toBe(0);
    const to = Date.parse(reportSchema.parse(ok.json).window.to);
    expect(Math.abs(to - (now - 2 * 3_600_000))).toBeLessThan(30_000);
    const bad = await runCli('rca', ['api errors', '--logs', join(dir, 'a'), '--at', 'last tuesday'], { cwd: home, env });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--at: use an ISO-8601 time .*"30m ago", now-2h/);
  });
});
