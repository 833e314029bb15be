// The review screen with ink-testing-library: the queue and item details on screen, every key listed,
// and each key press turned into the right intent (reject and needs-changes ask for text first).
import React from 'react';
import { render } from 'ink-testing-library';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { KEYS, ReviewApp, createReviewStore, type ReviewIntent, type ReviewItemView } from '../../../src/tui/review/ReviewApp.js';

function item(id: string, over: Partial<ReviewItemView> = {}): ReviewItemView {
  return {
    id, runbookId: id.replace(/-v\d+$/, ''), version: 2, parentVersion: 1, status: 'pending_review', priority: 'normal',
    createdAt: '2026-03-10T08:00:00.000Z', generatedBy: 'rules', model: null, summary: 'Starts cache before restart-app.', notes: null,
    execution: {
      id: 'exec-20260310-080000-abcd', status: 'failure', error: 'step restart-app failed: exit code 1: dependency missing: cache',
      failingStep: 'restart-app', stepError: 'exit code 1: dependency missing: cache', stderr: 'dependency missing: cache',
      stateBefore: { app: 'down' }, stateAfter: { app: 'down' },
    },
    classification: { type: 'runbook_insufficient', reasoning: 'step restart-app needs a dependency that was not running.', confidence: 0.85, by: 'rules' },
    diff: [
      { kind: 'header', text: '--- X-v1' }, { kind: 'header', text: '+++ X-v2' }, { kind: 'hunk', text: '@@ -5,3 +5,5 @@' },
      { kind: 'same', text: ' steps:' }, { kind: 'add', text: '+  - id: start-cache' }, { kind: 'del', text: '-  - id: old' },
    ],
    lint: [],
    ...over,
  };
}

const tick = () => new Promise((r) => setImmediate(r));

async function setup(items = [item('RB-A-v2', { priority: 'high' }), item('RB-B-v3')]) {
  const store = createReviewStore({ reviewer: 'alice', items });
  const intents: ReviewIntent[] = [];
  const app = render(<ReviewApp store={store} onIntent={(i) => intents.push(i)} />);
  onTestFinished(() => app.unmount());
  await tick();
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      app.stdin.write(k);
      await tick();
    }
  };
  return { app, store, intents, press };
}

describe('ReviewApp', () => {
  it('shows the queue, the failed execution, the classification, the diff and every key', async () => {
    const { app } = await setup();
    const f = app.lastFrame()!;
    expect(f).toContain('reviewer alice');
    expect(f).toContain('item 1 of 2');
    expect(f).toMatch(/› HIGH\s+RB-A-v2 pending_review/);
    expect(f).toContain('error: step restart-app failed: exit code 1: dependency missing: cache');
    expect(f).toContain('failing step restart-app');
    expect(f).toContain('state before: app=down');
    expect(f).toContain('runbook_insufficient · confidence 0.85 · by rules');
    expect(f).toContain('step restart-app needs a dependency that was not running.');
    expect(f).toContain('+  - id: start-cache');
    expect(f).toContain('-  - id: old');
    expect(f).toContain(KEYS);
    for (const k of ['[a]pprove', '[r]eject', '[c]hanges', '[e]dit', '[x] run', '[n]ext', '[p]revious', '[q]uit']) expect(f).toContain(k);
  });

  it('n and p move between items; a asks to confirm the selected one, with an optional note', async () => {
    const { app, intents, press } = await setup();
    await press('n');
    await vi.waitFor(() => expect(app.lastFrame()).toMatch(/item 2 of 2[\s\S]*› normal RB-B-v3/));
    await press('n');
    expect(app.lastFrame()).toContain('item 2 of 2');
    await press('p', 'a');
    // One keystroke approves nothing: it asks first.
    expect(intents).toEqual([]);
    await vi.waitFor(() => expect(app.lastFrame()).toContain('Approve RB-A-v2? It becomes the active version of RB-A.'));
    expect(app.lastFrame()).toContain('Note (optional):');
    await press('\u001b');
    expect(intents).toEqual([]);
    await press('a', '\r');
    expect(intents).toEqual([{ type: 'approve', id: 'RB-A-v2', notes: null }]);
    await press('a', 'o', 'k', '\r');
    expect(intents.at(-1)).toEqual({ type: 'approve', id: 'RB-A-v2', notes: 'ok' });
  });

  it('r asks for a reason; Enter sends it, Esc cancels, an empty reason is not sent', async () => {
    const { app, intents, press } = await setup();
    await press('r');
    await vi.waitFor(() => expect(app.lastFrame()).toContain('Reason for rejecting:'));
    await press('\r');
    expect(intents).toEqual([]);
    await press('w', 'r', 'o', 'n', 'g', 'x', '\u007f', '\r');
    expect(intents).toEqual([{ type: 'reject', id: 'RB-A-v2', reason: 'wrong' }]);
    await press('r', 'q', '\u001b');
    await vi.waitFor(() => expect(app.lastFrame()).not.toContain('Reason for rejecting'));
    expect(intents).toHaveLength(1);
  });

  it('text and Enter arriving in one chunk (a paste) still send the reason', async () => {
    const { intents, press } = await setup();
    await press('r', 'not needed\r');
    expect(intents).toEqual([{ type: 'reject', id: 'RB-A-v2', reason: 'not needed' }]);
  });

  it('c asks for notes; e edits; x asks before running and runs only on y; q quits', async () => {
    const { app, intents, press } = await setup();
    await press('c', 'a', 'd', 'd', ' ', 'c', 'h', 'e', 'c', 'k', '\r');
    await press('e');
    await press('x');
    await vi.waitFor(() => expect(app.lastFrame()).toContain('Run candidate RB-A-v2 now, mutating steps included? [y]es'));
    await press('n');
    await press('x', 'y');
    await press('q');
    expect(intents).toEqual([
      { type: 'changes', id: 'RB-A-v2', notes: 'add check' },
      { type: 'edit', id: 'RB-A-v2' },
      { type: 'run', id: 'RB-A-v2' },
      { type: 'quit' },
    ]);
  });

  it('shows messages and lint problems the controller puts in the store, and ignores keys while busy', async () => {
    const { app, store, intents, press } = await setup([item('RB-A-v2', { lint: ['RB-A-v2.yaml:3:1: unknown field "colour"'] })]);
    expect(app.lastFrame()).toContain('Does not lint');
    store.set({ message: { text: 'approved RB-A-v2', tone: 'ok' }, busy: 'running RB-A-v2' });
    await vi.waitFor(() => expect(app.lastFrame()).toContain('approved RB-A-v2'));
    expect(app.lastFrame()).toContain('running RB-A-v2…');
    await press('a');
    expect(intents).toEqual([]);
    store.set({ items: [], busy: null });
    await vi.waitFor(() => expect(app.lastFrame()).toContain('Nothing waits for review.'));
  });
});
