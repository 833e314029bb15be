// The composition root's store side: the history and command stores opened from flags, and stored investigations
// read back. Apart from compose.ts so an investigation does not load the store's code before it starts its servers.
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { isPostgresUrl } from '../core/db-path.js';
import { UsageError } from '../core/errors.js';
import { getInvestigation, importSpooled, listFollowUps, markInterrupted, openStore, StoreError, type Db, type Investigation } from '../store/index.js';
import { dbPathFor } from './compose.js';

/** The history database read-only for listing; null when the file does not exist yet. */
export function openHistoryStore(path: string): Db | null {
  if (isPostgresUrl(path)) return openStore(path, { readonly: true });
  if (path !== ':memory:' && !existsSync(path)) return null;
  return openStore(path, { readonly: path !== ':memory:' });
}

/**
 * The store for a runbook command: results a full disk had kept out are written first, then rows left `running`
 * by dead processes of this host are marked interrupted. Commands that only read (`readOnlyOk`) still work on a
 * read-only or full disk, without the cleanup.
 */
export function openCommandStore(path: string, opts: { readOnlyOk?: boolean } = {}): Db {
  let db: Db | undefined;
  try {
    db = openStore(path);
    // Spooled results go in first, so their `running` rows are not taken for interrupted runs.
    if (path !== ':memory:') importSpooled(db, path);
    markInterrupted(db, hostname());
    return db;
  } catch (err) {
    db?.close();
    if (opts.readOnlyOk && err instanceof StoreError && (err.reason === 'read_only' || err.reason === 'disk_full')) return openStore(path, { readonly: true });
    throw err;
  }
}

/** One stored investigation for `rca show` and `rca ask`, with the questions asked about it: exit 2 saying what to do when the history or the id is missing. */
export function readStoredInvestigation(id: string, flags: { db?: string; config?: string }): Investigation {
  const path = dbPathFor(flags);
  const db = openHistoryStore(path);
  if (!db) throw new UsageError(`no investigation ${id}: the history ${path} does not exist yet`, 'run rca "<what is wrong>" first, or pass --db');
  let inv;
  try {
    inv = getInvestigation(db, id);
    // The questions asked since are part of what `rca show` renders.
    const asked = inv ? listFollowUps(db, id) : [];
    if (inv && asked.length) inv = { ...inv, report: { ...inv.report, follow_ups: asked } };
  } finally {
    db.close();
  }
  if (!inv) throw new UsageError(`no investigation ${id} in ${path}`, 'see `rca history` for the ids');
  return inv;
}
