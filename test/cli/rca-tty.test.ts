// `rca` on a terminal, through a real pseudo-terminal (util-linux `script`): the Ink live view, the report,
// then the offer of the best matching runbook, declined with n (so nothing is run).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { runRcaOnPty, scriptTestsRun } from '../helpers/script-pty.js';

const DEMO = join(REPO_ROOT, 'fixtures', 'checkout-500');

describe.skipIf(!scriptTestsRun())('rca on a terminal (needs `script` from util-linux / bsdutils)', () => {
  it('shows the live view, the report and the runbook offer; n declines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rca-tty-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const repo = join(dir, 'repo');
    execFileSync('git', ['clone', '-q', join(DEMO, 'repo.bundle'), repo]);
    const args = ['500 errors on checkout', '--logs', join(DEMO, 'logs'), '--repo', repo, '--metrics', join(DEMO, 'metrics', 'metrics.om'), '--at', '2026-02-17T15:00:00Z', '--offline'];
    let answered = false;
    const { code, screen } = await runRcaOnPty(args, {
      size: { cols: 150, rows: 80 },
      env: { INCIDENT_COPILOT_DB: join(dir, 'h.db') },
      react(shown, press) {
        // Answer once the offer is on screen (no timed sleeps: the prompt itself is the signal).
        if (!answered && shown.includes('[y]es / [n]o')) {
          answered = true;
          press('n');
        }
      },
    });
    expect(code, screen.slice(-2000)).toBe(0);
    expect(answered).toBe(true);
    expect(screen).toContain('Investigating: 500 errors on checkout');
    expect(screen).toMatch(/✔ logs \(\d+ tools, \d+ ms\)/);
    // Frames are throttled and redrawn line by line, so which intermediate lines reach the stream varies:
    // assert that finished calls and findings were shown, not which one was caught in a frame.
    expect(screen).toMatch(/✔ (logs|git|metrics)__\w+ \d+ ms/);
    expect(screen).toMatch(/\[(onset|new-signatures|change-correlation|resource-saturation)\] /);
    expect(screen).toMatch(/investigated with 3 server\(s\), \d+ tool call\(s\)/);
    expect(screen).toContain('Root cause: ');
    expect(screen).toContain('Best matching runbook: RB-DB-POOL-001');
    expect(screen).toContain(`--param repo=${repo}`);
    expect(screen).toContain('not running RB-DB-POOL-001');
    // Declined: the repository is untouched.
    expect(execFileSync('git', ['-C', repo, 'status', '--porcelain'], { encoding: 'utf8' })).toBe('');
  });
});
