// `runbook review` in a real terminal: tmux runs the built CLI in a pane, keys go in with send-keys and the
// screen comes back with capture-pane. Needs tmux (apt-get install tmux); under REQUIRE_INTEGRATION=1 it must run.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { cliBuilt, REPO_ROOT, runCliJson } from '../helpers/cli.js';
import { queueRunbookYaml, runOnceWithDb } from '../helpers/review-candidate.js';

function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const required = process.env.REQUIRE_INTEGRATION === '1';
const available = (hasTmux() && cliBuilt('runbook')) || required;

const YAML = queueRunbookYaml('RB-TMUX-001', 'Restart the worker');

describe.skipIf(!available)('runbook review in a real terminal (tmux; apt-get install tmux)', () => {
  it('shows the queue and keys, survives a failing $EDITOR, sends back, approves and quits', async () => {
    const { db, exec } = await runOnceWithDb(YAML, 'tmux-', { OLLAMA_MODEL: undefined });
    expect(exec.exitCode).toBe(1);

    const socket = `review-${process.pid}-${Date.now()}`;
    const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
    onTestFinished(() => {
      try {
        tmux('kill-server');
      } catch {
        // already gone: the app quit and the session ended
      }
    });
    const bin = resolve(REPO_ROOT, 'bin', 'runbook.js');
    tmux('new-session', '-d', '-s', 'r', '-x', '160', '-y', '70', `env -u CI -u CONTINUOUS_INTEGRATION EDITOR=false VISUAL= OLLAMA_MODEL= ${process.execPath} ${bin} review --reviewer tmux-user --db ${db}; echo "review-exit=$?"; sleep 30`);
    const screen = () => tmux('capture-pane', '-p', '-t', 'r');
    const waitFor = async (want: string | RegExp, ms = 15_000) => {
      let last = '';
      try {
        return await vi.waitFor(
          () => {
            last = screen();
            if (!(typeof want === 'string' ? last.includes(want) : want.test(last))) throw new Error('not yet');
            return last;
          },
          { timeout: ms, interval: 50 },
        );
      } catch {
        throw new Error(`the screen never showed ${want}:\n${last}`);
      }
    };
    const keys = (...k: string[]) => tmux('send-keys', '-t', 'r', ...k);

    const first = await waitFor('[a]pprove');
    expect(first).toContain('reviewer tmux-user');
    expect(first).toContain('RB-TMUX-001-v2');
    expect(first).toContain('error: step restart-worker failed');
    expect(first).toContain('runbook_insufficient');
    expect(first).toContain('+  - id: start-queue');

    keys('e');
    await waitFor('the editor false exited with 1; nothing changed');
    keys('c');
    await waitFor('What needs to change:');
    keys('-l', 'check first');
    keys('Enter');
    await waitFor('RB-TMUX-001-v2 sent back for changes: check first');
    keys('a');
    await waitFor('approved RB-TMUX-001-v2: v2 is now the active version of RB-TMUX-001, v1 deprecated');
    keys('q');
    await waitFor('review-exit=0');

    const show = await runCliJson<{ versions: Array<{ version: number; status: string; reviewer: string | null }> }>('runbook', ['show', 'RB-TMUX-001', '--json', '--db', db]);
    expect(show.json.versions.map((v) => [v.version, v.status, v.reviewer])).toEqual([[1, 'deprecated', null], [2, 'active', 'tmux-user']]);
  });
});
