// rca on logs too large for the read budget: the logs server samples them, the report says what share was read, and
// the root cause is the one a full read gives (a scenario's logs made 5x denser; a small budget set through the env).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { scaleLog } from '../../bench/logs-scale.js';
import { reportSchema, type Report } from '../../src/core/report.js';
import { cliBuilt, REPO_ROOT, runCliJson } from '../helpers/cli.js';

const SCENARIO = join(REPO_ROOT, 'fixtures', 'shared-sample', 'dependency-outage-102');

describe.skipIf(!cliBuilt('rca'))('rca --offline on sampled logs (needs the build)', () => {
  it('finds the same root cause with the logs sampled as read in full, and the report says how much was read', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'rca-sampled-'));
    onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));
    const repo = join(tmp, 'repo');
    execFileSync('git', ['clone', '-q', join(SCENARIO, 'repo.bundle'), repo]);
    mkdirSync(join(tmp, 'logs'));
    // 6 MB: over a 1 MB budget, and read whole within the first look's time budget even on a loaded machine.
    await scaleLog(join(SCENARIO, 'logs', 'orders.log'), join(tmp, 'logs', 'orders.log'), 5);
    const { at } = JSON.parse(readFileSync(join(SCENARIO, 'scenario.json'), 'utf8')) as { at: string };
    const incident = readFileSync(join(SCENARIO, 'incident.txt'), 'utf8');
    const args = [incident, '--logs', join(tmp, 'logs'), '--repo', repo, '--metrics', join(SCENARIO, 'metrics', 'metrics.om'), '--at', at, '--offline', '--json'];
    const run = async (budget: string | undefined, name: string): Promise<Report> => {
      // A fresh cache each time: no time index from the other run (a first look, as on a new machine).
      const env = { INCIDENT_COPILOT_DB: join(tmp, `${name}.db`), XDG_CACHE_HOME: join(tmp, `cache-${name}`), INCIDENT_LOGS_READ_BUDGET: budget };
      const r = await runCliJson<unknown>('rca', args, { cwd: tmp, env, timeoutMs: 120_000 });
      expect(r.exitCode, r.stderr).toBe(0);
      return reportSchema.parse(r.json);
    };
    const full = await run(undefined, 'full');
    const sampled = await run('1m', 'sampled');
    expect((full.notices ?? []).some((n) => n.includes('sampled'))).toBe(false);
    // Each logs call that read the file says it sampled it, and how much it read.
    for (const tool of ['logs__error_signatures', 'logs__log_stats']) {
      expect((sampled.notices ?? []).find((n) => n.startsWith(`${tool}:`)), tool).toMatch(/read \d+ % of orders\.log \(.+ MB of 6\.0 MB\), sampled evenly over the window/);
    }
    const cause = (r: Report) => [r.root_cause.category, r.root_cause.service, r.root_cause.suspect_change?.sha ?? null];
    expect(cause(full)).toEqual(['dependency_failure', 'payment-gateway', null]);
    expect(cause(sampled)).toEqual(cause(full));
    expect(sampled.tool_calls.filter((c) => !c.ok)).toEqual([]);
  });
});
