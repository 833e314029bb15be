// `runbook review` in a real terminal: tmux runs the built CLI in a pane, keys go in with send-keys and the
// screen comes back with capture-pane. Needs tmux (apt-get install tmux); under REQUIRE_INTEGRATION=1 it must run.
import { describe, expect, it } from 'vitest';
import { runCliJson } from '../helpers/cli.js';
import { queueRunbookYaml, runOnceWithDb } from '../helpers/review-candidate.js';
import { startPane, tmuxTestsRun } from '../helpers/tmux.js';
import { listReviewEvents, openStore } from '../../src/store/index.js';

const YAML = queueRunbookYaml('RB-TMUX-001', 'Restart the worker');

describe.skipIf(!tmuxTestsRun('runbook'))('runbook review in a real terminal (tmux; apt-get install tmux)', () => {
  it('shows the queue and keys, survives a failing $EDITOR, sends back, approves and quits', async () => {
    const { db, exec } = await runOnceWithDb(YAML, 'tmux-', { OLLAMA_MODEL: undefined });
    expect(exec.exitCode).toBe(1);

    const pane = startPane('runbook', ['review', '--reviewer', 'tmux-user', '--db', db], { cols: 160, rows: 70, env: { EDITOR: 'false', VISUAL: '', OLLAMA_MODEL: '' } });
    const waitFor = (want: Parameters<typeof pane.waitFor>[0]) => pane.waitFor(want);
    const keys = (...k: string[]) => pane.keys(...k);

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
    pane.type('check first');
    keys('Enter');
    await waitFor('RB-TMUX-001-v2 sent back for changes: check first');
    // a asks before approving, and for an optional note; Esc backs out with nothing decided.
    keys('a');
    await waitFor('Approve RB-TMUX-001-v2? It becomes the active version of RB-TMUX-001.');
    keys('Escape');
    await waitFor((s: string) => !s.includes('Note (optional)'));
    expect(pane.screen()).toContain('RB-TMUX-001-v2 needs_changes');
    keys('a');
    await waitFor('Note (optional):');
    pane.type('tried it on staging');
    keys('Enter');
    await waitFor('approved RB-TMUX-001-v2: v2 is now the active version of RB-TMUX-001, v1 deprecated (note: tried it on staging)');
    keys('q');
    await waitFor('runbook-exit=0');
    const h = openStore(db, { readonly: true });
    try {
      expect(listReviewEvents(h, 'RB-TMUX-001', 2).map((e) => [e.action, e.reviewer, e.notes])).toEqual([
        ['needs_changes', 'tmux-user', 'check first'],
        ['approve', 'tmux-user', 'tried it on staging'],
      ]);
    } finally {
      h.close();
    }

    const show = await runCliJson<{ versions: Array<{ version: number; status: string; reviewer: string | null }> }>('runbook', ['show', 'RB-TMUX-001', '--json', '--db', db]);
    expect(show.json.versions.map((v) => [v.version, v.status, v.reviewer])).toEqual([[1, 'deprecated', null], [2, 'active', 'tmux-user']]);
  });
});
