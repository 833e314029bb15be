// `rca ask ID "..."` through the built CLI without a model: answers what the stored evidence can (why something
// was ruled out, the root cause's evidence) and says what would need a model; an unknown id exits 2.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { cliBuilt, REPO_ROOT, runCli, runCliJson } from '../helpers/cli.js';

const DEMO = join(REPO_ROOT, 'fixtures', 'checkout-500');

describe.skipIf(!cliBuilt('rca'))('rca ask', () => {
  it('answers from the stored evidence, and names what needs a model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rca-ask-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const env = { INCIDENT_COPILOT_DB: join(dir, 'h.db') };
    const repo = join(dir, 'repo');
    execFileSync('git', ['clone', '-q', join(DEMO, 'repo.bundle'), repo]);
    const made = await runCliJson<{ id: string; ruled_out: Array<{ what: string; reason: string }> }>('rca', ['500 errors on checkout', '--logs', join(DEMO, 'logs'), '--repo', repo, '--metrics', join(DEMO, 'metrics', 'metrics.om'), '--at', '2026-02-17T15:00:00Z', '--offline', '--json', '--quiet'], { env });
    expect(made.exitCode).toBe(0);
    const id = made.json.id;
    const why = await runCli('rca', ['ask', id, 'what is the root cause evidence?'], { env });
    expect(why.exitCode).toBe(0);
    expect(why.stdout).toMatch(/^Root cause \(\d+%, resource_exhaustion\): /);
    expect(why.stdout).toMatch(/\nEvidence \(\w+__\w+ \S+\): /);
    const other = await runCliJson<{ kind: string; lines: string[] }>('rca', ['ask', id, 'would a bigger instance type have helped?', '--json'], { env });
    expect(other.json.kind).toBe('needs_model');
    expect(other.json.lines[0]).toMatch(/a model with the read-only tools would be needed/);
    // The demo rules a release out; asking about it by its name gives the stored reason.
    expect(made.json.ruled_out.length).toBeGreaterThan(0);
    const r = made.json.ruled_out[0]!;
    const word = r.what.split(/\s+/).find((w) => w.length > 3) ?? r.what;
    const ruled = await runCliJson<{ kind: string; lines: string[] }>('rca', ['ask', id, `why not ${word}?`, '--json'], { env });
    expect(ruled.json.kind).toBe('ruled_out');
    expect(ruled.json.lines).toContain(`Ruled out: ${r.what}: ${r.reason}`);
    const missing = await runCli('rca', ['ask', 'inv-nope', 'why?'], { env });
    expect(missing.exitCode).toBe(2);
  });
});
