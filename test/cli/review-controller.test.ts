// The review screen's controller against a real store: decisions refresh the queue, a decision lost to
// another reviewer becomes a message, an editor that exits non-zero or an edit that does not lint changes nothing.
import { describe, expect, it, onTestFinished } from 'vitest';
import { createReviewController } from '../../src/cli/commands/review-controller.js';
import { editText } from '../../src/cli/commands/review-editor.js';
import { queueView } from '../../src/cli/commands/review-view.js';
import { reviewerIdentity } from '../../src/cli/commands/review-common.js';
import { runCandidate } from '../../src/cli/commands/review-run.js';
import { listExecutions, listReviewEvents } from '../../src/store/index.js';
import { addVersion, approveCandidate, getVersion, openStore, saveClassification, saveExecution, type Db } from '../../src/store/index.js';
import { createReviewStore } from '../../src/tui/review/review-store.js';
import type { EditorResult } from '../../src/cli/commands/review-editor.js';
import { execution } from '../store/helpers.js';

const V1 = 'id: RB-R\ntitle: r\nsteps:\n  - id: a\n    run: [echo, a]\n';
const V2 = 'id: RB-R\ntitle: r\nsteps:\n  - id: start-dep\n    run: [echo, dep]\n    mutating: true\n  - id: a\n    run: [echo, a]\n';

function setup(edit: (text: string) => EditorResult = (t) => ({ ok: true, text: t })) {
  const db: Db = openStore(':memory:');
  onTestFinished(() => {
    db.close();
  });
  addVersion(db, { runbookId: 'RB-R', yaml: V1, status: 'active', generatedBy: 'file' });
  saveExecution(db, execution({ execution_id: 'exec-1', runbook_id: 'RB-R', status: 'failure', error_message: 'step a failed: dependency missing: dep', state_before: { up: false } }));
  saveClassification(db, { executionId: 'exec-1', failureType: 'runbook_insufficient', reasoning: 'dep was not running', confidence: 0.85, classifiedBy: 'rules' });
  addVersion(db, { runbookId: 'RB-R', yaml: V2, status: 'pending_review', generatedBy: 'rules', parentVersion: 1, failedExecutionId: 'exec-1', failureType: 'runbook_insufficient' });
  const store = createReviewStore({ reviewer: 'alice', items: queueView(db) });
  let quit = 0;
  const ran: string[] = [];
  const handle = createReviewController({
    db, store, reviewer: 'alice', quit: () => quit++,
    edit: async (text) => edit(text),
    run: async (label) => {
      ran.push(label);
      return { ...execution({ execution_id: 'exec-run', status: 'success' }) };
    },
  });
  return { db, store, handle, ran, quits: () => quit };
}

describe('review controller', () => {
  it('builds the item view from the store: execution, classification, diff, lint', () => {
    const { store } = setup();
    const item = store.get().items[0];
    expect(item).toMatchObject({ id: 'RB-R-v2', parentVersion: 1, lint: [], classification: { type: 'runbook_insufficient', reasoning: 'dep was not running' } });
    expect(item.execution).toMatchObject({ id: 'exec-1', error: 'step a failed: dependency missing: dep', stateBefore: { up: 'false' } });
    expect(item.diff.filter((l) => l.kind === 'add').map((l) => l.text)).toEqual(['+  - id: start-dep', '+    run: [echo, dep]', '+    mutating: true']);
  });

  it('approve empties the queue and says so; a second reviewer who already approved makes it a message', async () => {
    const { db, store, handle } = setup();
    approveCandidate(db, 'RB-R', 2, { reviewer: 'bob' });
    await handle({ type: 'approve', id: 'RB-R-v2', notes: null });
    expect(store.get().message).toMatchObject({ tone: 'error', text: expect.stringMatching(/^cannot approve RB-R-v2: it is already active by bob/) });
    expect(store.get().items).toEqual([]);
  });

  it('approve, reject with a reason, needs changes with notes', async () => {
    const a = setup();
    await a.handle({ type: 'approve', id: 'RB-R-v2', notes: 'tried on staging' });
    expect(a.store.get().message?.text).toBe('approved RB-R-v2: v2 is now the active version of RB-R, v1 deprecated (note: tried on staging)');
    expect(listReviewEvents(a.db, 'RB-R', 2)).toEqual([expect.objectContaining({ action: 'approve', reviewer: 'alice', notes: 'tried on staging' })]);
    expect(getVersion(a.db, 'RB-R', 1)?.status).toBe('deprecated');
    const b = setup();
    await b.handle({ type: 'changes', id: 'RB-R-v2', notes: 'check first' });
    expect(b.store.get().items[0]).toMatchObject({ status: 'needs_changes', notes: 'check first' });
    await b.handle({ type: 'reject', id: 'RB-R-v2', reason: 'not needed' });
    expect(getVersion(b.db, 'RB-R', 2)).toMatchObject({ status: 'rejected', reviewer: 'alice', notes: 'not needed' });
  });

  it('an editor that exits non-zero changes nothing and says so', async () => {
    const { db, store, handle } = setup((t) => editText(t, 'RB-R-v2', { ...process.env, EDITOR: 'false', VISUAL: '' }));
    await handle({ type: 'edit', id: 'RB-R-v2' });
    expect(store.get().message).toEqual({ tone: 'error', text: 'the editor false exited with 1; nothing changed' });
    expect(getVersion(db, 'RB-R', 2)?.yaml).toBe(V2);
  });

  it('an edit is linted: broken YAML is refused, a good edit is stored (through a real editor process)', async () => {
    const bad = setup(() => ({ ok: true, text: 'id: RB-R\ntitle: r\nsteps:\n  - id: a\n    colour: red\n    run: [echo]\n' }));
    await bad.handle({ type: 'edit', id: 'RB-R-v2' });
    expect(bad.store.get().message?.text).toMatch(/^the edit does not lint, nothing changed:\nRB-R-v2.yaml:5:5: unknown field "colour"/);
    expect(getVersion(bad.db, 'RB-R', 2)?.yaml).toBe(V2);
    // A scripted "editor": sed rewrites the file in place, exit 0.
    const good = setup((t) => editText(t, 'RB-R-v2', { ...process.env, VISUAL: '', EDITOR: 'sed -i s/dep]/dep,--wait]/' }));
    await good.handle({ type: 'edit', id: 'RB-R-v2' });
    expect(good.store.get().message?.text).toBe('RB-R-v2 edited and linted; it waits for review again');
    expect(getVersion(good.db, 'RB-R', 2)?.yaml).toContain('run: [echo, dep,--wait]');
  });

  it('run reports the outcome; quit ends the screen', async () => {
    const { store, handle, ran, quits } = setup();
    await handle({ type: 'run', id: 'RB-R-v2' });
    expect(ran).toEqual(['RB-R-v2']);
    expect(store.get().message).toEqual({ tone: 'ok', text: 'run of RB-R-v2: success · exec-run' });
    expect(store.get().busy).toBeNull();
    await handle({ type: 'quit' });
    expect(quits()).toBe(1);
  });

  it('runs the candidate for real, recorded under its own version, without changing its review status', async () => {
    const { db } = setup();
    const r = await runCandidate(db, 'RB-R-v2', {});
    expect(r).toMatchObject({ runbook_version: 2, status: 'success' });
    expect(r.executed_steps.map((s) => [s.step_id, s.stdout])).toEqual([['start-dep', 'dep\n'], ['a', 'a\n']]);
    expect(listExecutions(db, { runbookId: 'RB-R' }).find((e) => e.execution_id === r.execution_id)?.runbook_version).toBe(2);
    expect(getVersion(db, 'RB-R', 2)?.status).toBe('pending_review');
  });

  it('reviewer identity: --reviewer, then git config user.name, then $USER', () => {
    expect(reviewerIdentity(' dana ', { USER: 'u' }, () => 'Git Name')).toBe('dana');
    expect(reviewerIdentity(undefined, { USER: 'u' }, () => 'Git Name')).toBe('Git Name');
    expect(reviewerIdentity(undefined, { USER: 'u' }, () => null)).toBe('u');
    expect(reviewerIdentity(undefined, {}, () => null)).toBe('unknown');
  });
});
