// One terminal harness for every test of an interactive screen: the built CLI runs in a tmux pane on its own
// server socket, keys go in with send-keys and the screen comes back with capture-pane; the server dies with the test.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { onTestFinished, vi } from 'vitest';
import { cliBuilt, REPO_ROOT } from './cli.js';

export function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a tmux test runs: tmux and the built bin are there, or REQUIRE_INTEGRATION=1 says they must be
 * (then a missing tmux fails the test instead of skipping it).
 */
export function tmuxTestsRun(bin: 'rca' | 'runbook'): boolean {
  return (hasTmux() && cliBuilt(bin)) || process.env.REQUIRE_INTEGRATION === '1';
}

export interface Pane {
  /** The visible screen. */
  screen(): string;
  /** The screen and its scrollback. */
  everything(): string;
  /** Resolves with the screen once it shows `want` (or `want(screen)` holds); fails with the last screen when it never does. */
  waitFor(want: string | RegExp | ((screen: string) => boolean), opts?: { ms?: number; read?: () => string }): Promise<string>;
  /** tmux key names (`Enter`, `Escape`, `C-c`) or single characters. */
  keys(...keys: string[]): void;
  /** Text typed as is (send-keys -l). */
  type(text: string): void;
}

export interface PaneOptions {
  cols?: number;
  rows?: number;
  /** Extra `NAME=value` words for env(1); CI is always unset (Ink draws only the last frame under CI). */
  env?: Record<string, string>;
  history?: number;
}

const shellQuote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

/**
 * Starts `bin args...` (the built CLI under this Node) in a fresh tmux server. The pane prints
 * `<bin>-exit=<code>` when the program ends and stays open, so the last screen can still be read.
 */
export function startPane(bin: 'rca' | 'runbook', args: string[], opts: PaneOptions = {}): Pane {
  if (!hasTmux()) throw new Error('tmux is not installed (apt-get install tmux) and REQUIRE_INTEGRATION=1 requires the terminal tests');
  const socket = `it-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const tmux = (...a: string[]) => execFileSync('tmux', ['-L', socket, ...a], { encoding: 'utf8' });
  onTestFinished(() => {
    try {
      tmux('kill-server');
    } catch {
      // already gone: the program ended and so did the session
    }
  });
  const env = Object.entries({ NO_COLOR: '1', ...opts.env }).map(([k, v]) => `${k}=${v}`);
  const cmd = ['env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION', ...env, process.execPath, resolve(REPO_ROOT, 'bin', `${bin}.js`), ...args].map(shellQuote).join(' ');
  tmux('new-session', '-d', '-s', 'p', '-x', String(opts.cols ?? 150), '-y', String(opts.rows ?? 50), `${cmd}; echo "${bin}-exit=$?"; sleep 120`);
  if (opts.history) tmux('set-option', '-t', 'p', 'history-limit', String(opts.history));
  const screen = () => tmux('capture-pane', '-p', '-t', 'p');
  const everything = () => tmux('capture-pane', '-p', '-t', 'p', '-S', '-10000');
  return {
    screen,
    everything,
    async waitFor(want, o = {}) {
      const read = o.read ?? screen;
      let last = '';
      try {
        return await vi.waitFor(
          () => {
            last = read();
            const ok = typeof want === 'string' ? last.includes(want) : typeof want === 'function' ? want(last) : want.test(last);
            if (!ok) throw new Error('not yet');
            return last;
          },
          { timeout: o.ms ?? 30_000, interval: 100 },
        );
      } catch {
        throw new Error(`the screen never showed ${want}:\n${last}`);
      }
    },
    keys: (...k) => void tmux('send-keys', '-t', 'p', ...k),
    type: (text) => void tmux('send-keys', '-t', 'p', '-l', text),
  };
}
