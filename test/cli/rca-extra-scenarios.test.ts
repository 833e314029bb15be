// The generated scenarios of fixtures/scenarios (other services, log formats and fault kinds than the
// shared sample) through the real CLI, with the README's command line: suspect, category, service and
// the red-herring releases in ruled_out, as each scenario.json expects.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { reportSchema } from '../../src/core/report.js';
import { judge, listScenarios, readScenario } from '../../fixtures/scenarios/generate/judge.js';
import { cliBuilt, REPO_ROOT, runCliJson } from '../helpers/cli.js';

const EXTRA = join(REPO_ROOT, 'fixtures', 'scenarios');
const available = cliBuilt('rca');
// fixtures/holdout was built later to measure generalisation (5/8 before the fixes it prompted); it stays here
// as a regression guard alongside the first generated set.
const HOLDOUT = join(REPO_ROOT, 'fixtures', 'holdout');
const scenarios = listScenarios([{ root: EXTRA, origin: 'extra' }]);
const holdout = listScenarios([{ root: HOLDOUT, origin: 'extra' }]);
// Holdouts still open (fixtures/holdout/open.txt): expected to fail until fixed, then moved among the guards.
const OPEN = new Set(
  readFileSync(join(HOLDOUT, 'open.txt'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.split(/\s+/)[0]!),
);

describe.skipIf(!available)('rca --offline --json on the generated scenarios (needs `npx tsc -p tsconfig.build.json`)', () => {
  it('has a varied set: at least 10 scenarios, 6 fault kinds, 6 log styles', () => {
    const files = scenarios.map((s) => readScenario(s.dir));
    expect(files.length).toBeGreaterThanOrEqual(10);
    expect(new Set(files.map((f) => f.kind)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(files.map((f) => f.log_style)).size).toBeGreaterThanOrEqual(6);
    for (const s of scenarios) for (const f of ['repo.bundle', 'metrics/metrics.om', 'incident.txt']) expect(existsSync(join(s.dir, f)), `${s.name}/${f}`).toBe(true);
  });

  it('lists only holdouts that exist as open', () => {
    const names = new Set(holdout.map((s) => s.name));
    for (const n of OPEN) expect(names.has(n), n).toBe(true);
  });

  for (const s of [...scenarios, ...holdout]) {
    const test = OPEN.has(s.name) ? it.fails : it;
    test(`${s.name}: suspect, category, service and ruled-out releases as scenario.json expects${OPEN.has(s.name) ? ' (open: still wrong)' : ''}`, { timeout: 90_000 }, async () => {
      const sc = readScenario(s.dir);
      const tmp = mkdtempSync(join(tmpdir(), 'rca-extra-scenario-'));
      onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));
      const repo = join(tmp, 'repo');
      execFileSync('git', ['clone', '-q', join(s.dir, 'repo.bundle'), repo]);
      const incident = readFileSync(join(s.dir, 'incident.txt'), 'utf8');
      const args = [incident, '--logs', 'logs', '--repo', repo, '--metrics', 'metrics/metrics.om', '--at', sc.at, '--offline', '--json'];
      const r = await runCliJson<unknown>('rca', args, { cwd: s.dir, env: { INCIDENT_COPILOT_DB: join(tmp, 'h.db') }, timeoutMs: 85_000 });
      expect(r.exitCode, r.stderr).toBe(0);
      const report = reportSchema.parse(r.json);
      expect(report.engine).toBe('offline');
      const rc = report.root_cause;
      const v = judge(sc, report);
      // One assertion per expectation, each with the report's own summary so a failure says what it concluded.
      const why = `${s.name}: ${rc.category} / ${rc.service} / ${rc.suspect_change?.sha.slice(0, 8) ?? 'no suspect'}: ${rc.summary}`;
      expect(rc.suspect_change?.sha ?? null, why).toBe(sc.expected.suspect_sha);
      expect(sc.expected.categories, why).toContain(rc.category);
      expect(v.service, `${why} (expected service ${sc.expected.service})`).toBe(true);
      expect(v.missingRuledOut, `${why}; ruled_out: ${report.ruled_out.map((x) => x.what).join('; ')}`).toEqual([]);
      expect(report.ruled_out.every((x) => x.reason.length > 10)).toBe(true);
    });
  }
});
