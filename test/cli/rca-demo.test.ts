// `rca demo` on the bundled demo, through the real built CLI and servers: the pool
// commit as suspect, the JSON contract, the Markdown review sections, text without colour in a pipe.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { marked } from 'marked';
import { z } from 'zod';
import { reportSchema } from '../../src/core/report.js';
import { cliBuilt, REPO_ROOT, runCli, runCliJson } from '../helpers/cli.js';

const expectedSha = z
  .object({ expected: z.object({ suspect_sha: z.string() }) })
  .parse(JSON.parse(readFileSync(join(REPO_ROOT, 'fixtures', 'checkout-500', 'scenario.json'), 'utf8'))).expected.suspect_sha;

function tempHome() {
  const dir = mkdtempSync(join(tmpdir(), 'rca-demo-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  // The default database path follows XDG_DATA_HOME: nothing lands in the real home.
  return { dir, env: { XDG_DATA_HOME: join(dir, 'data'), XDG_CACHE_HOME: join(dir, 'cache'), INCIDENT_COPILOT_DB: undefined, OLLAMA_MODEL: undefined } };
}

describe.skipIf(!cliBuilt('rca'))('rca on the bundled demo (needs `npx tsc -p tsconfig.build.json`)', () => {
  beforeAll(() => {
    expect(existsSync(join(REPO_ROOT, 'dist', 'servers', 'logs', 'index.js'))).toBe(true);
  });

  it('--json: the pool commit, resource_exhaustion, the contract fields, stored under XDG_DATA_HOME', async () => {
    const home = tempHome();
    const r = await runCliJson<Record<string, unknown>>('rca', ['demo', '--json'], { cwd: home.dir, env: home.env });
    expect(r.exitCode).toBe(0);
    const demoLines = r.stderr.split('\n').filter((l) => l.includes('bundled demo'));
    expect(demoLines).toHaveLength(1);
    const report = reportSchema.parse(r.json);
    expect(report.incident).toBe('500 errors on checkout');
    // Marked as the demo, and the id the history stores it under.
    expect(report.demo).toBe(true);
    expect(report.id).toMatch(/^inv-/);
    expect(r.stderr).toContain(`saved as ${report.id}`);
    expect(report.engine).toBe('offline');
    expect(report.root_cause.suspect_change?.sha).toBe(expectedSha);
    expect(report.root_cause.category).toBe('resource_exhaustion');
    expect(report.root_cause.service).toBe('checkout');
    // The demo's own moment (scenario.json "at") and the default 2 h window.
    expect(report.window).toEqual({ from: '2026-02-17T13:00:00.000Z', to: '2026-02-17T15:00:00.000Z' });
    expect(report.onset).not.toBeNull();
    for (const key of ['ruled_out', 'timeline', 'evidence', 'recommendations', 'tool_calls', 'stats']) expect(r.json).toHaveProperty(key);
    expect(report.tool_calls.length).toBe(report.stats.tool_calls);
    // No contradictions: the count is the one the progress lines showed, and nothing ruled out is also a hypothesis.
    expect(report.stats.tool_calls).toBe(r.stderr.split('\n').filter((l) => /^rca: (called|FAILED) /.test(l)).length);
    expect(report.ruled_out.length).toBeGreaterThan(0);
    for (const ro of report.ruled_out) {
      const sha = /^([0-9a-f]{8}) /.exec(ro.what)?.[1];
      const release = /^release (\S+)$/.exec(ro.what)?.[1];
      for (const h of report.hypotheses ?? []) {
        if (sha) expect(h.summary, ro.what).not.toContain(sha);
        if (release) expect(h.summary, ro.what).not.toContain(`(${release})`);
      }
    }
    expect(report.tool_calls.every((c) => /^[a-z]+__[a-z_]+$/.test(c.tool) && typeof c.ms === 'number')).toBe(true);
    expect(report.evidence.every((e) => report.tool_calls.some((c) => c.id === e.call_id && c.tool === e.tool))).toBe(true);
    // The pool runbook fits best; the OOM and disk runbooks share only the category and are not named.
    expect(report.runbooks?.[0]?.id).toBe('RB-DB-POOL-001');
    expect(report.runbooks?.map((rb) => rb.id)).not.toContain('RB-DISK-PRESSURE-001');
    expect(existsSync(join(home.dir, 'data', 'incident-copilot', 'copilot.db'))).toBe(true);
  });

  it('text in a pipe: no colour codes, the matching runbooks section, progress lines on stderr only', async () => {
    const home = tempHome();
    const r = await runCli('rca', ['demo'], { cwd: home.dir, env: { ...home.env, NO_COLOR: undefined } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stdout).toMatch(/^DEMO: this report is about the bundled demo incident, not your systems\.\nRoot cause: /);
    expect(r.stdout).toContain('Matching runbooks');
    expect(r.stdout).toContain('RB-DB-POOL-001');
    expect(r.stdout).toContain(expectedSha.slice(0, 12));
    expect(r.stderr).toMatch(/^rca: logs server ready: \d+ tools in \d+ ms$/m);
    expect(r.stderr).toMatch(/^rca: called logs__error_signatures \(\d+ ms, /m);
    expect(r.stderr).toMatch(/^rca: finding \[change-correlation\] /m);
    expect(r.stderr).toMatch(/^saved as inv-/m);
  });

  it('with no source: exit 2, nothing on stdout, the flags, the pipe and `rca demo` named; nothing stored', async () => {
    const home = tempHome();
    const r = await runCli('rca', ['payments latency in eu-west'], { cwd: home.dir, env: home.env });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: no sources to read: none of the logs, git, the metrics or Docker is configured/m);
    expect(r.stderr).toMatch(/--logs PATH, --repo DIR, --metrics FILE\|URL or --docker \[SOCKET\] \(or pipe logs in: journalctl -o short-iso \| rca .*rca\.config\.yaml.*rca demo/s);
    expect(r.stderr).not.toMatch(/checkout|6e955a79/);
    expect(existsSync(join(home.dir, 'data', 'incident-copilot', 'copilot.db'))).toBe(false);
  });

  it('--format markdown --quiet: the review sections on stdout, marked as the demo, nothing on stderr', async () => {
    const home = tempHome();
    const r = await runCli('rca', ['demo', '--format', 'markdown', '--quiet'], { cwd: home.dir, env: home.env });
    expect(r.exitCode).toBe(0);
    for (const section of ['## Summary', '## Detection', '## Timeline', '## Root Cause', '## Impact', '## Resolution', '## Action Items', '## Lessons Learned']) {
      expect(r.stdout).toContain(section);
    }
    expect(r.stdout).toContain(expectedSha.slice(0, 8));
    // Read as a person would, rendered: UTC times, no escapes leaking, no call ids, the numbers in Impact.
    const text = String(marked.parse(r.stdout, { async: false })).replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    expect(text).toMatch(/\b2026-02-17 14:4\d UTC\b/);
    expect(text).not.toMatch(/\\[<>*_[\]]/);
    expect(text).not.toMatch(/\bc\d+\b/);
    expect(text).not.toMatch(/<\*>/);
    expect(text).toMatch(/Error rate of checkout: [\d.]+% before, peak \d+%/);
    expect(text).toMatch(/\d+ error entries logged from the onset on/);
    expect(text).toMatch(/First signal in the logs: 2026-02-17 \d{2}:\d{2} UTC/);
    expect(text).toContain('Demo: this draft is about the bundled demo incident');
    expect(r.stderr).toBe('');
  });
});
