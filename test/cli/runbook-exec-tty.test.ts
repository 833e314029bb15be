// `runbook exec` on a real terminal (tmux): the Ink plan and live steps, the confirmation before the
// mutating step answered with a key press, and the recorded success. Needs tmux (apt install tmux).
import { execa, execaSync } from 'execa';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { cliBuilt, REPO_ROOT } from '../helpers/cli.js';
import { tempDir } from '../runbook/helpers.js';
import { openStore } from '../../src/store/index.js';

const hasTmux = (() => {
  try {
    execaSync('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
})();
const required = process.env.REQUIRE_INTEGRATION === '1';

describe.skipIf((!hasTmux && !required) || !cliBuilt('runbook'))('runbook exec in a terminal (tmux; apt install tmux)', () => {
  it('asks before the mutating step, runs it on y and records success', async () => {
    const dir = tempDir('rb-tty-');
    const file = join(dir, 'rb.yaml');
    const marker = join(dir, 'changed');
    const db = join(dir, 'copilot.db');
    writeFileSync(file, `id: RB-TTY\ntitle: Terminal\nsteps:\n  - id: look\n    run: [echo, looking around]\n  - id: change\n    description: write the marker\n    run: [touch, '${marker}']\n    mutating: true\n`);
    const session = `rb-tty-${process.pid}`;
    // env -u CI: on CI machines Ink would draw only the last frame; a person's terminal has no CI variable.
    const cmd = `env -u CI -u CONTINUOUS_INTEGRATION NO_COLOR=1 ${process.execPath} ${resolve(REPO_ROOT, 'bin', 'runbook.js')} exec ${file} --db ${db}; echo EXIT=$?; sleep 60`;
    await execa('tmux', ['new-session', '-d', '-s', session, '-x', '120', '-y', '40', cmd]);
    onTestFinished(async () => {
      await execa('tmux', ['kill-session', '-t', session], { reject: false });
    });
    const pane = async () => String((await execa('tmux', ['capture-pane', '-pt', session])).stdout);
    await vi.waitFor(async () => expect(await pane()).toContain('Run mutating step change (write the marker)? [y]es / [n]o'), { timeout: 20_000, interval: 100 });
    const before = await pane();
    expect(before).toContain('2. change [mutating] touch');
    expect(before).toContain('looking around');
    expect(existsSync(marker)).toBe(false);
    await execa('tmux', ['send-keys', '-t', session, 'y']);
    await vi.waitFor(async () => expect(await pane()).toContain('EXIT=0'), { timeout: 20_000, interval: 100 });
    expect(await pane()).toContain('SUCCESS');
    expect(existsSync(marker)).toBe(true);
    const h = openStore(db, { readonly: true });
    expect(h.prepare('SELECT status FROM executions').all()).toEqual([{ status: 'success' }]);
    h.close();
  });
});
