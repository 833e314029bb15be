// Review decisions on both store engines (a SQLite file and a real PostgreSQL): approve makes the candidate
// active and deprecates the parent, reject and needs-changes keep the notes; two reviewers racing: one wins.
import { describe, expect, it } from 'vitest';
import { applyEdit, approve, reject, requestChanges } from '../../src/learn/review-actions.js';
import { addVersion, getVersion, listReviewEvents, ReviewConflictError, reviewQueue } from '../../src/store/index.js';
import { cliBuilt, runCli } from '../helpers/cli.js';
import { storeEngines, type StoreEngine } from '../store/engines.js';

const V1 = 'id: RB-R\ntitle: r\nsteps:\n  - id: a\n    run: [echo, a]\n';
const V2 = 'id: RB-R\ntitle: r\nsteps:\n  - id: start-dep\n    run: [echo, dep]\n    mutating: true\n  - id: a\n    run: [echo, a]\n';

function seeded(engine: StoreEngine) {
  const db = engine.open();
  addVersion(db, { runbookId: 'RB-R', yaml: V1, status: 'active', generatedBy: 'file' });
  addVersion(db, { runbookId: 'RB-R', yaml: V2, status: 'pending_review', generatedBy: 'rules', parentVersion: 1, failureType: 'runbook_insufficient' });
  return { db };
}

for (const engine of storeEngines()) {
describe.skipIf(!engine.available)(`review actions on ${engine.title}`, () => {
  const seed = () => seeded(engine);

  it('approve: the candidate becomes active, the parent deprecated, the event logged', () => {
    const { db } = seed();
    const v = approve(db, 'RB-R-v2', 'alice', 'looks right');
    expect(v).toMatchObject({ status: 'active', reviewer: 'alice', notes: 'looks right' });
    expect(getVersion(db, 'RB-R', 1)?.status).toBe('deprecated');
    expect(listReviewEvents(db, 'RB-R', 2).map((e) => [e.action, e.reviewer])).toEqual([['approve', 'alice']]);
    expect(reviewQueue(db)).toEqual([]);
  });

  it('approving or rejecting something already decided is a clear error with exit code 1', () => {
    const { db } = seed();
    reject(db, 'RB-R-v2', 'bob', 'starts the wrong service');
    expect(getVersion(db, 'RB-R', 2)).toMatchObject({ status: 'rejected', notes: 'starts the wrong service' });
    let err: unknown;
    try {
      approve(db, 'RB-R-v2', 'alice');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ReviewConflictError);
    expect((err as ReviewConflictError).message).toMatch(/^cannot approve RB-R-v2: it is already rejected by bob at \d{4}-/);
    expect((err as ReviewConflictError).exitCode).toBe(1);
    expect(getVersion(db, 'RB-R', 1)?.status).toBe('active');
  });

  it('unknown ids and missing reasons are usage errors (exit 2)', () => {
    const { db } = seed();
    expect(() => approve(db, 'RB-R-v9', 'a')).toThrow(expect.objectContaining({ exitCode: 2, message: 'no candidate RB-R-v9' }));
    expect(() => approve(db, 'RB-R', 'a')).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(() => reject(db, 'RB-R-v2', 'a', '  ')).toThrow(expect.objectContaining({ exitCode: 2 }));
  });

  it('two reviewers on two connections: the second decision loses and is told who won', () => {
    const { db } = seed();
    const a = engine.again(db);
    const b = engine.again(db);
    approve(a, 'RB-R-v2', 'alice');
    expect(() => reject(b, 'RB-R-v2', 'bob', 'no')).toThrow(/cannot reject RB-R-v2: it is already active by alice/);
    expect(getVersion(b, 'RB-R', 2)).toMatchObject({ status: 'active', reviewer: 'alice' });
    expect(listReviewEvents(b, 'RB-R').map((e) => e.reviewer)).toEqual(['alice']);
  });

  it('needs changes keeps it in the queue behind pending items; an edit that lints sends it back to pending', () => {
    const { db } = seed();
    requestChanges(db, 'RB-R-v2', 'carol', 'check the dependency before starting it');
    expect(reviewQueue(db).map((v) => [v.version, v.status])).toEqual([[2, 'needs_changes']]);
    const bad = applyEdit(db, 'RB-R-v2', 'id: RB-R\ntitle: r\nsteps: []\n', 'carol');
    expect(bad.ok).toBe(false);
    expect(getVersion(db, 'RB-R', 2)?.yaml).toBe(V2);
    const good = applyEdit(db, 'RB-R-v2', V2.replace('[echo, dep]', '[echo, dep, --check]'), 'carol');
    expect(good).toMatchObject({ ok: true, changed: true });
    expect(getVersion(db, 'RB-R', 2)).toMatchObject({ status: 'pending_review', generated_by: 'rules' });
    expect(getVersion(db, 'RB-R', 2)?.yaml).toContain('--check');
  });

  it('refuses to approve a candidate whose YAML no longer lints', () => {
    const { db } = seed();
    db.prepare("UPDATE runbook_versions SET yaml = 'id: RB-R\ntitle: r\n' WHERE version = 2").run();
    expect(() => approve(db, 'RB-R-v2', 'alice')).toThrow(/does not lint; it cannot become active/);
    expect(getVersion(db, 'RB-R', 2)?.status).toBe('pending_review');
  });

  it.skipIf(!cliBuilt('runbook'))('two reviewer processes racing on one candidate: exactly one decision wins, the loser exits 1 and is told', async () => {
    const { db } = seed();
    const target = engine.target(db);
    const [a, b] = await Promise.all([
      runCli('runbook', ['approve', 'RB-R-v2', '--db', target, '--reviewer', 'alice'], { timeoutMs: 90_000 }),
      runCli('runbook', ['reject', 'RB-R-v2', '--reason', 'no', '--db', target, '--reviewer', 'bob'], { timeoutMs: 90_000 }),
    ]);
    expect([a.exitCode, b.exitCode].sort(), a.stderr + b.stderr).toEqual([0, 1]);
    const [winner, loser] = a.exitCode === 0 ? [a, b] : [b, a];
    expect(loser.stderr).toMatch(/already (active by alice|rejected by bob)/);
    const events = listReviewEvents(db, 'RB-R');
    expect(events).toHaveLength(1);
    expect(getVersion(db, 'RB-R', 2)?.status).toBe(winner === a ? 'active' : 'rejected');
    expect(getVersion(db, 'RB-R', 1)?.status).toBe(winner === a ? 'deprecated' : 'active');
  });
});
}
