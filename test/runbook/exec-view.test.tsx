// The interactive exec view (Ink): the plan, live step output and timing, and the y/n confirmation
// before a mutating step, driven by real executor events and key presses through ink-testing-library.
import React from 'react';
import { render } from 'ink-testing-library';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { executeRunbook } from '../../src/runbook/executor.js';
import { ExecApp, createExecStore } from '../../src/tui/exec/ExecApp.js';
import { runbookFrom } from './helpers.js';

const yaml = `id: RB-TTY
title: Interactive
steps:
  - id: look
    run: [echo, hello from look]
  - id: change
    description: restart the thing
    run: [echo, changed]
    mutating: true
`;

function setup() {
  const rb = runbookFrom(yaml);
  const store = createExecStore({
    title: 'RB-TTY v1: Interactive',
    plan: rb.steps.map((s) => ({ id: s.id, description: s.description ?? '', mutating: s.mutating, command: s.action.kind === 'run' && !s.action.shell ? s.action.argv.join(' ') : '' })),
    dryRun: false,
  });
  const interrupted = vi.fn();
  const app = render(<ExecApp store={store} onInterrupt={interrupted} />);
  onTestFinished(() => app.unmount());
  const run = executeRunbook({
    runbook: rb, version: 1, params: {}, yes: false,
    onEvent: (e) => store.dispatch(e),
    confirm: (step, at) => store.ask(step.id, step.description ?? step.id, at),
  });
  return { app, store, run, interrupted };
}

describe('ExecApp', () => {
  it('shows the plan, the step output, asks before the mutating step and runs it on y', async () => {
    const { app, run } = setup();
    await vi.waitFor(() => expect(app.lastFrame()).toContain('Run mutating step change (restart the thing)? [y]es / [n]o'), { timeout: 10_000, interval: 20 });
    const frame = app.lastFrame()!;
    expect(frame).toContain('RB-TTY v1: Interactive');
    expect(frame).toContain('2. change [mutating] echo changed');
    expect(frame).toMatch(/✔ look \(\d+\.\d\d s\)/);
    expect(frame).toContain('hello from look');
    app.stdin.write('y');
    const result = await run;
    expect(result.status).toBe('success');
    expect(result.executed_steps.map((s) => s.step_id)).toEqual(['look', 'change']);
    await vi.waitFor(() => expect(app.lastFrame()).toContain('SUCCESS'), { timeout: 5_000, interval: 20 });
  });

  it('offers skip / abort / run after n, and records refused when the person aborts', async () => {
    const { app, run } = setup();
    await vi.waitFor(() => expect(app.lastFrame()).toContain('[y]es / [n]o'), { timeout: 10_000, interval: 20 });
    app.stdin.write('n');
    await vi.waitFor(() => expect(app.lastFrame()).toContain('[s]kip it and go on · [a]bort the run (nothing has changed yet) · [r]un it after all'), { timeout: 5_000, interval: 20 });
    app.stdin.write('a');
    const result = await run;
    expect(result.status).toBe('refused');
    expect(result.error_message).toBe('step change declined: nothing after it ran');
    await vi.waitFor(() => expect(app.lastFrame()).toContain('REFUSED'), { timeout: 5_000, interval: 20 });
  });

  it('s after n skips the step: not run, recorded as skipped, the run ends partial', async () => {
    const { app, run } = setup();
    await vi.waitFor(() => expect(app.lastFrame()).toContain('[y]es / [n]o'), { timeout: 10_000, interval: 20 });
    app.stdin.write('n');
    await vi.waitFor(() => expect(app.lastFrame()).toContain('[s]kip it'), { timeout: 5_000, interval: 20 });
    app.stdin.write('s');
    const result = await run;
    expect(result.status).toBe('partial');
    expect(result.executed_steps.map((s) => [s.step_id, s.skipped, s.skip_reason ?? null])).toEqual([['look', false, null], ['change', true, 'skipped at the confirmation']]);
  });

  it('calls onInterrupt on Ctrl-C', async () => {
    const { app, run, interrupted } = setup();
    await vi.waitFor(() => expect(app.lastFrame()).toContain('[y]es / [n]o'), { timeout: 10_000, interval: 20 });
    app.stdin.write('\u0003');
    await run;
    expect(interrupted).toHaveBeenCalledTimes(1);
  });
});
