// `runbook exec` on a real terminal (tmux, built CLI): the plan, the confirmation before a mutating step,
// and what `n` offers (skip / abort / run) with a summary that fits a person at the keyboard. Needs tmux.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startPane, tmuxTestsRun } from '../helpers/tmux.js';
import { tempDir } from '../runbook/helpers.js';
import { openStore } from '../../src/store/index.js';

/** A runbook that writes a marker file, then changes a second file; its rollback removes the marker. */
function twoChanges(dir: string): { file: string; first: string; second: string; db: string } {
  const file = join(dir, 'rb.yaml');
  const first = join(dir, 'first');
  const second = join(dir, 'second');
  writeFileSync(
    file,
    `id: RB-TTY
title: Terminal
steps:
  - id: look
    run: [echo, looking around]
  - id: change
    description: write the marker
    run: [touch, '${first}']
    mutating: true
  - id: change-more
    description: write the second file
    run: [touch, '${second}']
    mutating: true
rollback:
  - id: undo-change
    description: remove the marker
    when: steps.change.success
    run: [rm, -f, '${first}']
    mutating: true
`,
  );
  return { file, first, second, db: join(dir, 'copilot.db') };
}

function statusIn(db: string): unknown {
  const h = openStore(db, { readonly: true });
  try {
    return h.prepare('SELECT status FROM executions').all();
  } finally {
    h.close();
  }
}

describe.skipIf(!tmuxTestsRun('runbook'))('runbook exec in a terminal (tmux; apt install tmux)', () => {
  it('asks before each mutating step, runs them on y and records success', async () => {
    const rb = twoChanges(tempDir('rb-tty-'));
    const pane = startPane('runbook', ['exec', rb.file, '--db', rb.db], { cols: 120, rows: 40 });
    const before = await pane.waitFor('Run mutating step change (write the marker)? [y]es / [n]o');
    expect(before).toContain('2. change [mutating] touch');
    expect(before).toContain('looking around');
    expect(existsSync(rb.first)).toBe(false);
    pane.keys('y');
    await pane.waitFor('Run mutating step change-more (write the second file)? [y]es / [n]o');
    pane.keys('y');
    const end = await pane.waitFor('runbook-exit=0');
    expect(end).toContain('SUCCESS');
    expect(existsSync(rb.first) && existsSync(rb.second)).toBe(true);
    expect(statusIn(rb.db)).toEqual([{ status: 'success' }]);
  });

  it('n offers skip / abort / run; s skips the step, the run goes on and ends partial without --yes advice', async () => {
    const rb = twoChanges(tempDir('rb-tty-skip-'));
    const pane = startPane('runbook', ['exec', rb.file, '--db', rb.db], { cols: 120, rows: 40 });
    await pane.waitFor('Run mutating step change (write the marker)? [y]es / [n]o');
    pane.keys('n');
    const choice = await pane.waitFor('[s]kip it and go on');
    expect(choice).toContain('Not running change. What now?');
    // Nothing has changed yet, and the choice says so.
    expect(choice).toContain('[a]bort the run (nothing has changed yet) · [r]un it after all');
    pane.keys('s');
    await pane.waitFor('Run mutating step change-more (write the second file)? [y]es / [n]o');
    pane.keys('y');
    const end = await pane.waitFor('runbook-exit=0');
    expect(end).toContain('PARTIAL');
    expect(end).toContain('[skip] change (skipped at the confirmation)');
    expect(end).toContain('note: you skipped change; the fix is not complete until it runs');
    expect(end).not.toContain('--yes');
    expect(existsSync(rb.first)).toBe(false);
    expect(existsSync(rb.second)).toBe(true);
    expect(statusIn(rb.db)).toEqual([{ status: 'partial' }]);
  });

  it('n then a after a change aborts, rolls back what changed and says so (exit 3, no --yes advice)', async () => {
    const rb = twoChanges(tempDir('rb-tty-abort-'));
    const pane = startPane('runbook', ['exec', rb.file, '--db', rb.db], { cols: 120, rows: 40 });
    await pane.waitFor('Run mutating step change (write the marker)? [y]es / [n]o');
    pane.keys('y');
    await pane.waitFor('Run mutating step change-more (write the second file)? [y]es / [n]o');
    expect(existsSync(rb.first)).toBe(true);
    pane.keys('n');
    await pane.waitFor('[a]bort the run (what already changed is rolled back)');
    pane.keys('a');
    // The rollback step is mutating too: the person is asked for it like any other.
    await pane.waitFor('Run rollback step undo-change (remove the marker)? [y]es / [n]o');
    pane.keys('y');
    const end = await pane.waitFor('runbook-exit=3');
    expect(end).toContain('REFUSED');
    expect(end).toContain('error: step change-more declined: the run was stopped there and what it had changed is rolled back');
    expect(end).toMatch(/you stopped the run before change-more; 1 rollback step\(s\) undid what had changed\. Run `runbook exec RB-TTY` again/);
    expect(end).not.toContain('--yes');
    expect(existsSync(rb.first)).toBe(false);
    expect(existsSync(rb.second)).toBe(false);
  });

  it('n then r runs the step after all', async () => {
    const rb = twoChanges(tempDir('rb-tty-run-'));
    const pane = startPane('runbook', ['exec', rb.file, '--db', rb.db], { cols: 120, rows: 40 });
    await pane.waitFor('Run mutating step change (write the marker)? [y]es / [n]o');
    pane.keys('n');
    await pane.waitFor('[r]un it after all');
    pane.keys('r');
    await pane.waitFor('Run mutating step change-more (write the second file)? [y]es / [n]o');
    expect(existsSync(rb.first)).toBe(true);
    pane.keys('y');
    expect(await pane.waitFor('runbook-exit=0')).toContain('SUCCESS');
  });

  it('asks for a required param on the terminal (again when it does not fit); off a terminal it is refused naming the flag', async () => {
    const dir = tempDir('rb-tty-param-');
    const file = join(dir, 'rb.yaml');
    const db = join(dir, 'copilot.db');
    writeFileSync(
      file,
      `id: RB-TTY-PARAM
title: Needs a target
params:
  - { name: target, description: the file to write, required: true, pattern: '^[a-z]+$' }
steps:
  - id: write
    run: [sh, -c, 'echo "$1" > "$2"', sh, 'wrote {{ params.target }}', '${join(dir, 'out')}']
    mutating: true
`,
    );
    const off = await runCli('runbook', ['exec', file, '--yes', '--db', db]);
    expect(off.exitCode).toBe(2);
    expect(off.stderr).toContain('missing required param "target" (the file to write)');
    expect(off.stderr).toContain('--param target=VALUE');

    const pane = startPane('runbook', ['exec', file, '--db', db], { cols: 120, rows: 40 });
    await pane.waitFor('RB-TTY-PARAM needs a value you did not pass');
    await pane.waitFor('target (the file to write):');
    pane.type('Not-Valid');
    pane.keys('Enter');
    await pane.waitFor('"Not-Valid" does not match ^[a-z]+$');
    pane.type('orders');
    pane.keys('Enter');
    await pane.waitFor('Run mutating step write');
    pane.keys('y');
    await pane.waitFor('runbook-exit=0');
    expect(readFileSync(join(dir, 'out'), 'utf8')).toBe('wrote orders\n');
  });

  it('asks for a password param without showing what is typed', async () => {
    const dir = tempDir('rb-tty-secret-');
    const file = join(dir, 'rb.yaml');
    writeFileSync(
      file,
      `id: RB-TTY-SECRET
title: Needs a password
params:
  - { name: db_password, description: the database password, required: true }
steps:
  - id: use-it
    run: [sh, -c, 'printf %s "$RB_DB_PASSWORD" > "$1" && echo password received', sh, '${join(dir, 'got')}']
`,
    );
    const pane = startPane('runbook', ['exec', file, '--db', join(dir, 'c.db')], { cols: 120, rows: 40 });
    await pane.waitFor('db_password (the database password) (not shown):');
    pane.type('hunter2-typed');
    pane.keys('Enter');
    const end = await pane.waitFor('runbook-exit=0');
    expect(end).toContain('password received');
    // The run got what was typed; the screen never showed it.
    expect(readFileSync(join(dir, 'got'), 'utf8')).toBe('hunter2-typed');
    expect(end).not.toContain('hunter2');
  });
});
