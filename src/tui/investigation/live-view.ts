// Mounting the Ink screens of `rca` on the terminal: the live investigation view (drawn on stderr so stdout
// stays the report) and, after the report, the runbook offer that waits for y/n on stdin.
import React from 'react';
import { render } from 'ink';
import type { InvestigationEvent } from '../../core/events.js';
import { createInvestigationStore, type RunbookOffer } from './investigation-store.js';
import { InvestigationApp } from './InvestigationApp.js';
import { RunbookOfferPrompt } from './RunbookOfferPrompt.js';

export interface LiveView {
  dispatch(e: InvestigationEvent): void;
  /** Aborted when the person presses the stop key while the model answers. */
  stopModel: AbortSignal;
  /** Folds the view to its summary line and unmounts it; safe to call twice. */
  close(): Promise<void>;
}

// Ink draws at most 30 frames a second: waiting one frame lets the last full frame (every finding) reach the
// screen before the view folds to its summary line.
const FRAME_MS = 40;

export function startLiveView(incident: string, stream: NodeJS.WriteStream = process.stderr): LiveView {
  const store = createInvestigationStore(incident);
  const stop = new AbortController();
  const onStopModel = () => {
    store.stopModel();
    stop.abort();
  };
  const app = render(React.createElement(InvestigationApp, { store, onStopModel }), { stdout: stream, patchConsole: false, exitOnCtrlC: true });
  let closed = false;
  return {
    dispatch: (e) => store.dispatch(e),
    stopModel: stop.signal,
    async close() {
      if (closed) return;
      closed = true;
      await new Promise((resolve) => setTimeout(resolve, FRAME_MS));
      store.finish();
      app.rerender(React.createElement(InvestigationApp, { store, onStopModel }));
      app.unmount();
    },
  };
}

/** Shows the offer and resolves true when the person presses y. */
export async function askToRun(offer: RunbookOffer, stream: NodeJS.WriteStream = process.stderr): Promise<boolean> {
  const store = createInvestigationStore('');
  const app = render(React.createElement(RunbookOfferPrompt, { store }), { stdout: stream, patchConsole: false, exitOnCtrlC: false });
  try {
    return await store.offer(offer);
  } finally {
    app.rerender(React.createElement(RunbookOfferPrompt, { store }));
    app.unmount();
  }
}
