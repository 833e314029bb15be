// The interactive side of `runbook exec`: renders the Ink view and turns its confirmations into the
// executor's confirm callback; Ctrl-C aborts the run so it is recorded as interrupted.
import React from 'react';
import { render } from 'ink';
import { executeRunbook, planCommand, type ExecEvent, type ExecOptions } from '../../runbook/executor.js';
import { RunContext } from '../../runbook/context.js';
import type { ExecutionResult } from '../../runbook/execution-result.js';
import { ExecApp, createExecStore } from '../../tui/exec/ExecApp.js';
import { redactingEvents } from './runbook-exec-redact.js';

export async function runInteractive(base: ExecOptions, controller: AbortController): Promise<ExecutionResult> {
  const ctx = new RunContext(base.runbook, base.params);
  const store = createExecStore({
    title: `${base.runbook.id} v${base.version}: ${base.runbook.title}`,
    plan: base.runbook.steps.map((s) => ({ id: s.id, description: s.description ?? '', mutating: s.mutating, command: planCommand(ctx, s) ?? '(resolved at run time)' })),
    dryRun: base.dryRun === true,
  });
  const app = render(React.createElement(ExecApp, { store, onInterrupt: () => controller.abort() }), { exitOnCtrlC: false });
  try {
    return await executeRunbook({
      ...base,
      onEvent: redactingEvents((e: ExecEvent) => store.dispatch(e)),
      confirm: (step, at) => store.ask(step.id, step.description ?? step.id, at),
    });
  } finally {
    store.finish();
    app.unmount();
    await app.waitUntilExit();
  }
}
