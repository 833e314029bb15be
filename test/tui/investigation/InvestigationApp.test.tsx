// The live investigation view and the runbook offer rendered with ink-testing-library: events in, frames out,
// keys back as the person's answer.
import React from 'react';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { InvestigationEvent } from '../../../src/core/events.js';
import { createInvestigationStore, InvestigationApp, RunbookOfferPrompt } from '../../../src/tui/investigation/InvestigationApp.js';

/** Resolves once the frame satisfies `ok` (Ink renders asynchronously), failing after a deadline. */
async function frameWhere(lastFrame: () => string | undefined, ok: (f: string) => boolean, deadlineMs = 5000): Promise<string> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const f = lastFrame() ?? '';
    if (ok(f)) return f;
    if (Date.now() > end) throw new Error(`frame never matched:\n${f}`);
    await new Promise((r) => setImmediate(r));
  }
}

const EVENTS: InvestigationEvent[] = [
  { type: 'server_starting', server: 'logs' },
  { type: 'server_starting', server: 'git' },
  { type: 'server_ready', server: 'logs', tools: 5, ms: 120 },
  { type: 'server_failed', server: 'git', error: 'not a git repository' },
  { type: 'tool_call_started', id: 'c1', tool: 'logs__error_signatures', args: {} },
  { type: 'tool_call_started', id: 'c2', tool: 'logs__log_stats', args: {} },
  { type: 'tool_call_finished', id: 'c1', tool: 'logs__error_signatures', ok: true, ms: 87, bytes: 2048 },
  { type: 'finding', analyzer: 'onset', summary: 'errors began at 14:45', confidence: 0.9 },
];

describe('InvestigationApp', () => {
  it('shows servers starting and failing, each call with its duration, and findings as they arrive', async () => {
    const store = createInvestigationStore('500 errors on checkout');
    const { lastFrame, unmount } = render(<InvestigationApp store={store} />);
    for (const e of EVENTS) store.dispatch(e);
    const frame = await frameWhere(lastFrame, (f) => f.includes('errors began'));
    expect(frame).toContain('Investigating: 500 errors on checkout');
    expect(frame).toMatch(/✔ logs \(5 tools, 120 ms\)/);
    expect(frame).toContain('✘ git failed: not a git repository');
    expect(frame).toMatch(/✔ logs__error_signatures 87 ms/);
    expect(frame).toMatch(/… logs__log_stats/);
    expect(frame).toMatch(/\[onset\] errors began at 14:45 \(90%\)/);

    store.dispatch({ type: 'tool_call_finished', id: 'c2', tool: 'logs__log_stats', ok: false, ms: 30000, bytes: 40, error: 'log_stats timed out after 30000 ms' });
    store.dispatch({ type: 'notice', message: 'Ollama at http://x is not reachable; using the offline report' });
    const later = await frameWhere(lastFrame, (f) => f.includes('not reachable'));
    expect(later).toMatch(/✘ logs__log_stats 30000 ms: log_stats timed out after 30000 ms/);
    expect(later).toContain('Tool calls (2 done)');

    store.finish();
    const folded = await frameWhere(lastFrame, (f) => f.startsWith('investigated'));
    // The audit left in scrollback: the totals, each server's calls and why any failed, the findings.
    expect(folded.split('\n')).toEqual([
      'investigated with 1 server(s), 2 tool call(s), 1 failed, 1 finding(s)',
      '  logs: 2 call(s), 1 failed: log_stats timed out after 30000 ms',
      '  git: 0 call(s), did not start: not a git repository',
      '  • [onset] errors began at 14:45 (90%)',
    ]);
    unmount();
  });

  it('keeps the screen bounded: old finished calls scroll away, running ones stay', async () => {
    const store = createInvestigationStore('x');
    const { lastFrame, unmount } = render(<InvestigationApp store={store} />);
    store.dispatch({ type: 'tool_call_started', id: 'slow', tool: 'git__show_commit', args: {} });
    for (let i = 0; i < 30; i++) {
      store.dispatch({ type: 'tool_call_started', id: `q${i}`, tool: `metrics__query_range_${i}`, args: {} });
      store.dispatch({ type: 'tool_call_finished', id: `q${i}`, tool: `metrics__query_range_${i}`, ok: true, ms: i, bytes: 1 });
    }
    const frame = await frameWhere(lastFrame, (f) => f.includes('metrics__query_range_29'));
    expect(frame).toContain('… git__show_commit');
    expect(frame).not.toContain('metrics__query_range_3 ');
    expect(store.get().calls.length).toBe(15);
    expect(frame).toContain('Tool calls (30 done)');
    store.finish();
    expect(await frameWhere(lastFrame, (f) => f.startsWith('investigated'))).toContain('30 tool call(s)');
    unmount();
  });
});

describe('RunbookOfferPrompt', () => {
  const offer = { id: 'RB-DB-POOL-001', title: 'Relieve database connection pool exhaustion', score: 1, command: 'runbook exec RB-DB-POOL-001 --param service=checkout' };

  it('offers the best runbook with its command and resolves true on y', async () => {
    const store = createInvestigationStore('');
    const { lastFrame, stdin, unmount } = render(<RunbookOfferPrompt store={store} />);
    const answer = store.offer(offer);
    const frame = await frameWhere(lastFrame, (f) => f.includes('RB-DB-POOL-001'));
    expect(frame).toContain('Best matching runbook: RB-DB-POOL-001');
    expect(frame).toContain('runbook exec RB-DB-POOL-001 --param service=checkout');
    expect(frame).toContain('[y]es / [n]o');
    stdin.write('x'); // any other key is ignored
    expect(store.get().answer).toBeNull();
    stdin.write('y');
    await expect(answer).resolves.toBe(true);
    expect(await frameWhere(lastFrame, (f) => f.startsWith('running'))).toContain('running RB-DB-POOL-001');
    unmount();
  });

  it('declines on n and tells how to run it later', async () => {
    const store = createInvestigationStore('');
    const { lastFrame, stdin, unmount } = render(<RunbookOfferPrompt store={store} />);
    const answer = store.offer(offer);
    await frameWhere(lastFrame, (f) => f.includes('[y]es'));
    stdin.write('n');
    await expect(answer).resolves.toBe(false);
    expect(await frameWhere(lastFrame, (f) => f.startsWith('not running'))).toContain('later: runbook exec RB-DB-POOL-001');
    unmount();
  });

  it('an unanswered offer resolves false when the view finishes', async () => {
    const store = createInvestigationStore('');
    const answer = store.offer(offer);
    store.finish();
    await expect(answer).resolves.toBe(false);
  });
});
