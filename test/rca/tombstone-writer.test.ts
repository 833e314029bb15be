// Reads drowning in tombstones: Cassandra warns and then aborts queries on one table an hour after a worker's release
// began overwriting a whole collection per write; that writer's commit is named, not the reader's recent release.
import { describe, expect, it } from 'vitest';
import type { ErrorSignature } from '../../src/core/evidence.js';
import { rank } from '../../src/rca/rank.js';
import type { RelatedSignature } from '../../src/rca/related-signatures.js';
import { sameTable, writtenTables } from '../../src/rca/table-writes.js';
import { tombstoneTable } from '../../src/rca/tombstone-rank.js';
import { signature, span } from './helpers.js';
import { change, ctxFor, ONSET } from './rank-findings.js';

const WORKER_DIFF = `diff --git a/profile-sync/app/jobs/profile_sync_job.rb b/profile-sync/app/jobs/profile_sync_job.rb
--- a/profile-sync/app/jobs/profile_sync_job.rb
+++ b/profile-sync/app/jobs/profile_sync_job.rb
@@ -1,8 +1,8 @@
 class ProfileSyncJob
-  # One UPDATE per changed preference.
-  SET_PREF = 'UPDATE users.prefs_by_user SET prefs[?] = ? WHERE user_id = ?'
+  # One INSERT INTO users.prefs_by_user per sync (comment only, not code).
+  PUT_PREFS = 'INSERT INTO users.prefs_by_user (user_id, prefs, updated_at) VALUES (?, ?, ?)'
   def perform(user_id, prefs)`;

const WARN =
  "Read 2 live rows and 4518 tombstone cells for query SELECT * FROM users.prefs_by_user WHERE user_id = 'u_81f0' LIMIT 5000; token 4021 (see tombstone_warn_threshold)";
const ABORT =
  "Scanned over 100001 tombstones during query 'SELECT * FROM users.prefs_by_user WHERE user_id = 'u_1c2d' LIMIT 5000' (last scanned row token was -17 and partion key was ((u_1c2d))); query aborted";

function sig(service: string, template: string, example: string, level: ErrorSignature['level'] = 'error'): RelatedSignature {
  const s: ErrorSignature = { ...signature({ template, example, service, level, base: ONSET, minutes: span(0, 20) }), new: true };
  return { sig: s, service, pre: 0, post: 40, isNew: true, weight: 0.4 };
}

describe('a store reading past tombstones in one table', () => {
  it('reads the tables a diff writes from its added statements, not from comments or removed lines', () => {
    expect(writtenTables(WORKER_DIFF)).toEqual(['users.prefs_by_user']);
    expect(writtenTables('+  await db.query("UPDATE orders SET status = $1 WHERE id = $2")')).toEqual(['orders']);
    expect(writtenTables("+    session.execute('DELETE FROM ks.sessions WHERE id = %s', [sid])")).toEqual(['ks.sessions']);
    expect(writtenTables('+  UPDATE "Ks"."Events" USING TTL 86400 SET seen = true WHERE id = ?')).toEqual(['ks.events']);
    // Prose about inserting is no statement.
    expect(writtenTables('+  // insert into the cart only what the device changed')).toEqual([]);
    expect(writtenTables('-  INSERT INTO carts (id) VALUES (?)')).toEqual([]);
  });

  it("names the table of a store's tombstone warning or abort, and of nothing else", () => {
    expect(tombstoneTable(WARN)).toBe('users.prefs_by_user');
    expect(tombstoneTable(ABORT)).toBe('users.prefs_by_user');
    expect(tombstoneTable('Slow query: SELECT * FROM users.prefs_by_user took 2400 ms')).toBeNull();
    expect(sameTable('prefs_by_user', 'users.prefs_by_user')).toBe(true);
    expect(sameTable('other.prefs_by_user', 'users.prefs_by_user')).toBe(false);
  });

  const ctx = {
    ...ctxFor('profile-api', ['profile-api', 'profile-sync', 'cassandra']),
    related: [
      sig('profile-api', 'GET /v1/profile 500: ReadFailure: Error from server: code=1300 <*>', 'GET /v1/profile 500: ReadFailure: Error from server: code=1300 [Replica(s) failed to execute read] consistency=LOCAL_QUORUM'),
      sig('cassandra', "Scanned over <*> tombstones during query 'SELECT * FROM users.prefs_by_user WHERE user_id = <*>", ABORT),
      sig('cassandra', 'Read <*> live rows and <*> tombstone cells for query SELECT * FROM users.prefs_by_user WHERE user_id = <*>', WARN, 'warn'),
    ],
  };
  // The reader's release 8 min before shares the errors' words; the worker's release went live 95 min before.
  const reader = change('aa11bb22cc33', 'profile-api: read profiles at LOCAL_QUORUM', 8, { relevance: 0.7, paths: ['profile-api/settings.py'], configOnly: true });
  const writer = change('dd44ee55ff66', 'profile-sync: write all preferences in one INSERT', 95, {
    relevance: 0.05,
    paths: ['profile-sync/app/jobs/profile_sync_job.rb'],
    writes: writtenTables(WORKER_DIFF),
  });

  it('names the change that writes that table, however old, over the reader release that shares the words', () => {
    const v = rank([reader, writer], ctx);
    expect(v.best.suspect?.sha).toBe(writer.change.sha);
    expect(v.best).toMatchObject({ category: 'code_regression', service: 'profile-sync' });
    expect(v.best.summary).toContain('users.prefs_by_user');
  });

  it('leaves the ranking alone when no change writes the table the store complains of', () => {
    const v = rank([reader, { ...writer, writes: ['users.sessions'] }], ctx);
    expect(v.best.suspect?.sha).toBe(reader.change.sha);
  });
});
