// Review decisions on a real database file: approve makes the candidate active and deprecates the parent,
// reject and needs-changes keep the notes; two connections deciding the same item: one wins, one is told.
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyEdit, approve, reject, requestChanges } from '../../src/learn/review-actions.js';
import { addVersion, getVersion, listReviewEvents, openStore, ReviewConflictError, reviewQueue, type Db } from '../../src/store/index.js';
import { tempDir } from './helpers.js';

const V1 = 'id: RB-R\ntitle: r\nsteps:\n  - id: a\n    run: [echo, a]\n';
const V2 = 'id: RB-R\ntitle: r\nsteps:\n  - id: start-dep\n    run: [echo, dep]\n    mutating: true\n  - id: a\n    run: [echo, a]\n';

function open(file: string): Db {
  const db = openStore(file);
  onTestFinished(() => {
    db.close();
  });
  return db;
}

function seeded() {
  const file = join(tempDir(), 'review.db');
  const db = open(file);
  addVersion(db, { runbookId: 'RB-R', yaml: V1, status: 'active', generatedBy: 'file' });
  addVersion(db, { runbookId: 'RB-R', yaml: V2, status: 'pending_review', generatedBy: 'rules', parentVersion: 1, failureType: 'runbook_insufficient' });
  return { file, db };
}

describe('review actions', () => {
  it('approve: the candidate becomes active, the parent deprecated, the event logged', () => {
    const { db } = seeded();
    const v = approve(db, 'RB-R-v2', 'alice', 'looks right');
    expect(v).toMatchObject({ status: 'active', reviewer: 'alice', notes: 'looks right' });
    expect(getVersion(db, 'RB-R', 1)?.status).toBe('deprecated');
    expect(listReviewEvents(db, 'RB-R', 2).map((e) => [e.action, e.reviewer])).toEqual([['approve', 'alice']]);
    expect(reviewQueue(db)).toEqual([]);
  });

  it('approving or rejecting something already decided is a clear error with exit code 1', () => {
    const { db } = seeded();
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
    const { db } = seeded();
    expect(() => approve(db, 'RB-R-v9', 'a')).toThrow(expect.objectContaining({ exitCode: 2, message: 'no candidate RB-R-v9' }));
    expect(() => approve(db, 'RB-R', 'a')).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(() => reject(db, 'RB-R-v2', 'a', '  ')).toThrow(expect.objectContaining({ exitCode: 2 }));
  });

  it('two reviewers on two connections: the second decision loses and is told who won', () => {
    const { file } = seeded();
    const a = open(file);
    const b = open(file);
    approve(a, 'RB-R-v2', 'alice');
    expect(() => reject(b, 'RB-R-v2', 'bob', 'no')).toThrow(/cannot reject RB-R-v2: it is already active by alice/);
    expect(getVersion(b, 'RB-R', 2)).toMatchObject({ status: 'active', reviewer: 'alice' });
    expect(listReviewEvents(b, 'RB-R').map((e) => e.reviewer)).toEqual(['alice']);
  });

  it('needs changes keeps it in the queue behind pending items; an edit that lints sends it back to pending', () => {
    const { db } = seeded();
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
    const { db } = seeded();
    db.prepare("UPDATE runbook_versions SET yaml = 'id: RB-R\ntitle: r\n' WHERE version = 2").run();
    expect(() => approve(db, 'RB-R-v2', 'alice')).toThrow(/does not lint; it cannot become active/);
    expect(getVersion(db, 'RB-R', 2)?.status).toBe('pending_review');
  });
});
