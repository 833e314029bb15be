// Writes retried after a lost COMMIT reply, on a real PostgreSQL behind a proxy that cuts the connection right after
// the server committed and before the client hears it: the write is not made twice and a decision is not its own rival.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addVersion, approveCandidate, getVersion, listReviewEvents, openStore, recordReviewEvent, type Db } from '../../src/store/index.js';
import { startCutProxy, type CutProxy } from '../helpers/pg-cut-proxy.js';
import { postgresAvailable, postgresSkipReason, startPostgres, type RunningPostgres } from '../helpers/postgres.js';

let pg: RunningPostgres;
let proxy: CutProxy;
beforeAll(async () => {
  if (!postgresAvailable) return;
  pg = await startPostgres({ fsync: false });
  proxy = await startCutProxy(join(pg.socketDir, '.s.PGSQL.5432'));
});
afterAll(async () => {
  await proxy?.close();
  await pg?.stop();
});

/** A store on a fresh database, reached through the proxy (TCP to it, unix socket from it to the server). */
async function proxiedStore(): Promise<Db> {
  const direct = new URL(await pg.createDatabase());
  direct.searchParams.delete('host');
  direct.hostname = '127.0.0.1';
  direct.port = String(proxy.port);
  return openStore(direct.toString());
}

describe.skipIf(!postgresAvailable)(postgresAvailable ? 'lost COMMIT replies on PostgreSQL' : `lost COMMIT replies on PostgreSQL (${postgresSkipReason})`, () => {
  it('a single insert into an auto-numbered table whose commit reply is lost is recorded once', async () => {
    const db = await proxiedStore();
    try {
      addVersion(db, { runbookId: 'RB-LOST', yaml: 'id: RB-LOST', status: 'active', generatedBy: 'file' });
      const before = proxy.cuts;
      proxy.arm();
      recordReviewEvent(db, 'RB-LOST', 1, 'run', 'ci-runner-7', 'retried insert');
      expect(proxy.cuts).toBe(before + 1); // the reply really was lost
      expect(listReviewEvents(db, 'RB-LOST').filter((e) => e.reviewer === 'ci-runner-7')).toHaveLength(1);
    } finally {
      db.close();
    }
  });

  it('a review decision whose commit reply is lost succeeds once, not as a conflict with itself', async () => {
    const db = await proxiedStore();
    try {
      addVersion(db, { runbookId: 'RB-LOST', yaml: 'id: RB-LOST', status: 'active', generatedBy: 'file' });
      addVersion(db, { runbookId: 'RB-LOST', yaml: 'id: RB-LOST # v2', status: 'pending_review', generatedBy: 'rules', parentVersion: 1 });
      const before = proxy.cuts;
      proxy.arm();
      const v = approveCandidate(db, 'RB-LOST', 2, { reviewer: 'alice', notes: 'looks right' });
      expect(proxy.cuts).toBe(before + 1);
      expect(v).toMatchObject({ status: 'active', reviewer: 'alice' });
      expect(getVersion(db, 'RB-LOST', 1)?.status).toBe('deprecated');
      expect(listReviewEvents(db, 'RB-LOST', 2).filter((e) => e.action === 'approve')).toHaveLength(1);
    } finally {
      db.close();
    }
  });

  it('a second reviewer still loses to the first, with the proxy in the path', async () => {
    const db = await proxiedStore();
    try {
      addVersion(db, { runbookId: 'RB-LOST', yaml: 'id: RB-LOST', status: 'pending_review', generatedBy: 'rules' });
      approveCandidate(db, 'RB-LOST', 1, { reviewer: 'alice' });
      expect(() => approveCandidate(db, 'RB-LOST', 1, { reviewer: 'bob' })).toThrow(/already active by alice/);
    } finally {
      db.close();
    }
  });
});
