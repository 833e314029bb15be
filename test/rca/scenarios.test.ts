// The quality bar: investigateOffline() on each shared scenario through the real hub and the real built
// servers (logs, git, metrics) must name the expected suspect sha (or none), category and service.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { builtinServerSpecs } from '../../src/core/config-launch.js';
import type { InvestigationEvent } from '../../src/core/events.js';
import { reportSchema } from '../../src/core/report.js';
import { startHub } from '../../src/mcp/index.js';
import { investigateOffline } from '../../src/rca/engine.js';
import { renderMarkdown } from '../../src/rca/render/markdown.js';
import { renderText } from '../../src/rca/render/text.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SCENARIOS = join(ROOT, 'fixtures', 'shared-sample');
const built = ['logs', 'git', 'metrics'].every((s) => existsSync(join(ROOT, 'dist', 'servers', s, 'index.js')));
const available = built;

const scenarioSchema = z.object({
  at: z.string(),
  expected: z.object({ suspect_sha: z.string().nullable(), categories: z.array(z.string()), service: z.string() }),
});

const DEMO = join(ROOT, 'fixtures', 'checkout-500');
const cases: Array<{ name: string; dir: string; demo: boolean }> = [
  ...(available ? readdirSync(SCENARIOS).filter((n) => existsSync(join(SCENARIOS, n, 'scenario.json'))) : []).map((name) => ({ name, dir: join(SCENARIOS, name), demo: false })),
  ...(built && existsSync(join(DEMO, 'scenario.json')) ? [{ name: 'the bundled demo checkout-500', dir: DEMO, demo: true }] : []),
];
const names = cases.filter((c) => !c.demo).map((c) => c.name);

describe.skipIf(!available)('offline engine on the shared sample scenarios (fixtures/shared-sample; needs the build)', () => {
  it('finds the three sample scenarios', () => {
    expect(names.length).toBeGreaterThanOrEqual(3);
  });

  for (const { name, dir, demo } of cases) {
    it(`gets ${name} right`, { timeout: 60_000 }, async () => {
      const sc = scenarioSchema.parse(JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')));
      const tmp = mkdtempSync(join(tmpdir(), 'rca-scenario-'));
      onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));
      const repo = join(tmp, 'repo');
      execFileSync('git', ['clone', '-q', join(dir, 'repo.bundle'), repo]);
      const events: InvestigationEvent[] = [];
      const hub = await startHub({
        servers: builtinServerSpecs(
          {
            logs: [join(dir, 'logs')],
            repo,
            metrics: join(dir, 'metrics', 'metrics.om'),
            ...(existsSync(join(dir, 'docker', 'snapshot.json')) && existsSync(join(ROOT, 'dist', 'servers', 'docker', 'index.js')) ? { docker: join(dir, 'docker', 'snapshot.json') } : {}),
          },
          { at: sc.at, root: ROOT },
        ),
        events: (e) => events.push(e),
      });
      onTestFinished(() => hub.close());
      const report = await investigateOffline({
        incident: readFileSync(join(dir, 'incident.txt'), 'utf8'),
        at: sc.at,
        caller: hub,
        events: (e) => events.push(e),
      });

      expect(reportSchema.safeParse(report).success).toBe(true);
      expect(report.engine).toBe('offline');
      expect(report.root_cause.suspect_change?.sha ?? null).toBe(sc.expected.suspect_sha);
      expect(sc.expected.categories).toContain(report.root_cause.category);
      // The demo's story is a pool too small for the load it gets after the hotfix.
      if (demo) expect(report.root_cause.category).toBe('resource_exhaustion');
      expect(report.root_cause.service).toBe(sc.expected.service);
      expect(report.root_cause.confidence).toBeGreaterThanOrEqual(0.5);

      // Grounding: every quote occurs in the output of the call it cites.
      const outputs = new Map<string, string>();
      for (const c of report.tool_calls) outputs.set(c.id, c.tool);
      expect(report.evidence.length).toBeGreaterThan(2);
      for (const e of report.evidence) {
        expect(outputs.get(e.call_id)).toBe(e.tool);
        expect(e.verified).toBe(true);
      }
      // Releases shortly before the onset that did not cause it are named, with a reason.
      if (sc.expected.suspect_sha === null) {
        const deployedBefore = execFileSync('git', ['-C', repo, 'for-each-ref', '--format=%(refname:short) %(taggerdate:unix)', 'refs/tags'], { encoding: 'utf8' })
          .trim()
          .split('\n')
          .map((l) => l.split(' '))
          .filter(([, t]) => report.onset && Number(t) * 1000 <= Date.parse(report.onset) && Date.parse(report.onset) - Number(t) * 1000 < 3_600_000)
          .map(([tag]) => tag!);
        expect(deployedBefore.length).toBeGreaterThan(0);
        for (const tag of deployedBefore) expect(report.ruled_out.some((r) => r.what.includes(tag))).toBe(true);
      } else {
        expect(report.ruled_out.length).toBeGreaterThan(0);
      }
      expect(events.some((e) => e.type === 'finding')).toBe(true);
      expect(events.some((e) => e.type === 'report_ready')).toBe(true);
      expect(renderText(report, { color: false })).toContain(report.root_cause.category);
      expect(renderMarkdown(report)).toContain('## Root Cause');
    });
  }
});
