// The shared sample scenarios (fixtures/shared-sample) through the real CLI, with the exact command line of their README:
// git clone the bundle, then rca "$(cat incident.txt)" --logs logs --repo ... --metrics ... --at <at> --offline --json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { reportSchema } from '../../src/core/report.js';
import { cliBuilt, REPO_ROOT, runCliJson } from '../helpers/cli.js';

const SCENARIOS = join(REPO_ROOT, 'fixtures', 'shared-sample');
const available = cliBuilt('rca');
const names = available ? readdirSync(SCENARIOS).filter((n) => existsSync(join(SCENARIOS, n, 'scenario.json'))).sort() : [];

const scenarioSchema = z.object({
  at: z.string(),
  expected: z.object({ suspect_sha: z.string().nullable(), categories: z.array(z.string()), service: z.string() }),
});

describe.skipIf(!available)('rca --offline --json on the shared sample scenarios (fixtures/shared-sample; needs the build)', () => {
  it('finds the sample scenarios', () => {
    expect(names.length).toBeGreaterThanOrEqual(3);
  });

  for (const name of names) {
    it(`${name}: suspect, category, service and ruled-out releases as scenario.json expects`, async () => {
      const dir = join(SCENARIOS, name);
      const sc = scenarioSchema.parse(JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')));
      const tmp = mkdtempSync(join(tmpdir(), 'rca-cli-scenario-'));
      onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));
      const repo = join(tmp, 'repo');
      execFileSync('git', ['clone', '-q', join(dir, 'repo.bundle'), repo]);
      const incident = readFileSync(join(dir, 'incident.txt'), 'utf8');
      const args = [incident, '--logs', 'logs', '--repo', repo, '--metrics', 'metrics/metrics.om', '--at', sc.at, '--offline', '--json'];
      const r = await runCliJson<unknown>('rca', args, { cwd: dir, env: { INCIDENT_COPILOT_DB: join(tmp, 'h.db') } });
      expect(r.exitCode, r.stderr).toBe(0);
      const report = reportSchema.parse(r.json);
      expect(report.engine).toBe('offline');
      expect(report.window.to).toBe(new Date(sc.at).toISOString());
      expect(report.root_cause.suspect_change?.sha ?? null).toBe(sc.expected.suspect_sha);
      expect(sc.expected.categories).toContain(report.root_cause.category);
      expect(report.root_cause.service).toBe(sc.expected.service);
      // Releases deployed within the hour before the onset that did not cause it are ruled out by name.
      const tags = execFileSync('git', ['-C', repo, 'for-each-ref', '--format=%(refname:short) %(taggerdate:unix) %(*objectname)', 'refs/tags'], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .map((l) => l.split(' '))
        .filter(([, t]) => report.onset && Number(t) * 1000 <= Date.parse(report.onset) && Date.parse(report.onset) - Number(t) * 1000 < 3_600_000);
      const suspectRef = report.root_cause.suspect_change?.ref ?? null;
      const innocent = tags.map(([tag]) => tag!).filter((tag) => tag !== suspectRef);
      if (sc.expected.suspect_sha === null) expect(innocent.length).toBeGreaterThan(0);
      for (const tag of innocent) expect(report.ruled_out.some((x) => x.what.includes(tag)), `${tag} in ruled_out`).toBe(true);
      expect(report.ruled_out.every((x) => x.reason.length > 10)).toBe(true);
    });
  }
});
