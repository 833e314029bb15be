// Exit codes of `rca` through the real CLI: 2 for a bad flag, value or config file (with a message that
// says what to fix), 3 for a window the sources hold no data in; nothing on stdout in either case.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { cliBuilt, REPO_ROOT, runCli } from '../helpers/cli.js';

const DEMO = join(REPO_ROOT, 'fixtures', 'checkout-500');

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rca-errors-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe.skipIf(!cliBuilt('rca'))('rca exit codes (needs `npx tsc -p tsconfig.build.json`)', () => {
  const usage: Array<[string, string[], RegExp]> = [
    ['an unknown flag', ['checkout is down', '--bogus'], /unknown option '--bogus'/],
    ['a bad --window', ['checkout is down', '--window', 'soon'], /--window: use a duration such as 30m/],
    ['a bad --at', ['checkout is down', '--at', 'yesterday-ish'], /--at: use an ISO-8601 time/],
    ['a bad --format', ['checkout is down', '--format', 'yaml'], /--format yaml: use text, markdown or json/],
    ['no incident text', [], /missing required argument 'incident'/],
    ['a --config file that does not exist', ['checkout is down', '--config', 'nope.yaml'], /config file not found: .*nope\.yaml/],
  ];
  for (const [what, args, message] of usage) {
    it(`exits 2 on ${what}`, async () => {
      const dir = tempDir();
      const r = await runCli('rca', args, { cwd: dir, env: { INCIDENT_COPILOT_DB: join(dir, 'h.db') } });
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    });
  }

  it('exits 2 on a config file with an unknown field, naming the file, line and field', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'rca.config.yaml'), 'sources:\n  logs: [app.log]\n  logz: other.log\n');
    const r = await runCli('rca', ['checkout is down'], { cwd: dir, env: { INCIDENT_COPILOT_DB: join(dir, 'h.db') } });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/rca\.config\.yaml:\d+:\d+: sources: unknown field logz/);
    expect(r.stdout).toBe('');
  });

  it('exits 2 when --logs names nothing readable, saying why', async () => {
    const dir = tempDir();
    const r = await runCli('rca', ['checkout is down', '--logs', join(dir, 'missing'), '--offline'], { cwd: dir, env: { INCIDENT_COPILOT_DB: join(dir, 'h.db') } });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/the log sources hold no readable file: .*missing: does not exist/);
    expect(r.stdout).toBe('');
  });

  it('exits 3 when the window holds no data, saying where the data is', async () => {
    const dir = tempDir();
    const args = ['checkout is down', '--logs', join(DEMO, 'logs'), '--metrics', join(DEMO, 'metrics', 'metrics.om'), '--at', '2020-01-01T00:00:00Z', '--offline', '--json'];
    const r = await runCli('rca', args, { cwd: dir, env: { INCIDENT_COPILOT_DB: join(dir, 'h.db') } });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/no data between 2019-12-31T22:00:00\.000Z and 2020-01-01T00:00:00\.000Z/);
    expect(r.stderr).toMatch(/the logs cover 2026-02-17T11:00:00\.\d+Z \.\. 2026-02-17T15:29:59\.\d+Z/);
    expect(r.stdout).toBe('');
  });

  it('without --at, an old data set is read up to its own end (not now, where it holds nothing)', async () => {
    const dir = tempDir();
    const args = ['checkout is down', '--logs', join(DEMO, 'logs'), '--metrics', join(DEMO, 'metrics', 'metrics.om'), '--offline', '--json', '--window', '30m'];
    const r = await runCli('rca', args, { cwd: dir, env: { INCIDENT_COPILOT_DB: join(dir, 'h.db') } });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { window: { from: string; to: string } };
    expect(Date.parse(report.window.to)).toBeGreaterThanOrEqual(Date.parse('2026-02-17T15:29:59Z'));
    expect(Date.parse(report.window.to)).toBeLessThanOrEqual(Date.parse('2026-02-17T15:30:01Z'));
    expect(Date.parse(report.window.to) - Date.parse(report.window.from)).toBe(30 * 60_000);
  });
});
