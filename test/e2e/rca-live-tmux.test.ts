// `rca demo` in a real 50-row terminal: tmux runs the built CLI in a pane, capture-pane reads the screen and
// the scrollback. The audit (calls per server, findings) stays in scrollback above the report, and the root
// cause is on screen together with the runbook offer when it asks [y]es / [n]o.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { cliBuilt, REPO_ROOT } from '../helpers/cli.js';

function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const available = (hasTmux() && cliBuilt('rca')) || process.env.REQUIRE_INTEGRATION === '1';

describe.skipIf(!available)('rca live view in a real terminal (tmux; apt-get install tmux)', () => {
  it('keeps a compact audit in scrollback and ends with the headline and the offer on screen together', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rca-tmux-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const socket = `rca-${process.pid}-${Date.now()}`;
    const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
    onTestFinished(() => {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
    });
    const bin = resolve(REPO_ROOT, 'bin', 'rca.js');
    const env = `env -u CI -u CONTINUOUS_INTEGRATION NO_COLOR=1 OLLAMA_MODEL= XDG_CACHE_HOME=${dir}/cache INCIDENT_COPILOT_DB=${dir}/h.db`;
    tmux('new-session', '-d', '-s', 'r', '-x', '150', '-y', '50', `${env} ${process.execPath} ${bin} demo; echo "rca-exit=$?"; sleep 30`);
    tmux('set-option', '-t', 'r', 'history-limit', '5000');
    const screen = () => tmux('capture-pane', '-p', '-t', 'r');
    const everything = () => tmux('capture-pane', '-p', '-t', 'r', '-S', '-5000');
    const waitFor = async (want: string | RegExp, read = screen, ms = 60_000) => {
      let last = '';
      try {
        return await vi.waitFor(
          () => {
            last = read();
            if (!(typeof want === 'string' ? last.includes(want) : want.test(last))) throw new Error('not yet');
            return last;
          },
          { timeout: ms, interval: 100 },
        );
      } catch {
        throw new Error(`the screen never showed ${want}:\n${last}`);
      }
    };

    // The offer and the root cause, in the one 50-row screen (the report above it is longer than that).
    const atOffer = await waitFor('[y]es / [n]o');
    expect(atOffer).toMatch(/Root cause: checkout broke after commit 6e955a79 [\s\S]*?\(\d+%\)[\s\S]*Best matching runbook/);
    expect(atOffer).toContain('Best matching runbook: RB-DB-POOL-001');

    tmux('send-keys', '-t', 'r', 'n');
    await waitFor('rca-exit=0');
    const all = everything();
    // The audit, above the report: one line per server with its calls, then the strongest findings.
    const audit = all.slice(0, all.indexOf('Root cause: '));
    const total = Number(/investigated with 4 server\(s\), (\d+) tool call\(s\)/.exec(audit)?.[1]);
    expect(total).toBeGreaterThan(10);
    const perServer = ['logs', 'git', 'metrics', 'docker'].map((s) => Number(new RegExp(`^ {2}${s}: (\\d+) call\\(s\\)`, 'm').exec(audit)?.[1]));
    expect(perServer.every((n) => n > 0)).toBe(true);
    expect(perServer.reduce((a, b) => a + b, 0)).toBe(total);
    expect(audit).toMatch(/^ {2}• \[change-correlation\] 6e955a79/m);
    // The report's own count is the audit's: one number for the one investigation.
    expect(all).toContain(`${total} tool calls, 0 model rounds`);
    expect(all).toContain('DEMO: this report is about the bundled demo incident');
    expect(all).toContain('not running RB-DB-POOL-001');
  });
});
