// Opens the store a runbook command's flags name (--db, then INCIDENT_COPILOT_DB, then rca.config.yaml's db:,
// then the default) and closes it whatever happens, so no command leaves the SQLite file open on an error.
import type { Db } from '../../store/index.js';
import { dbPathFor } from '../compose.js';
import { openCommandStore } from '../compose-store.js';

export interface StoreFlags {
  db?: string;
  config?: string;
}

/** The command's store; the caller closes it. */
export function openStoreFor(flags: StoreFlags, opts: { readOnlyOk?: boolean } = {}): Db {
  return openCommandStore(dbPathFor(flags), opts);
}

/** Runs a synchronous body (better-sqlite3 is) with the store open. */
export function withCommandStore<T>(flags: StoreFlags, opts: { readOnlyOk?: boolean }, body: (db: Db) => T): T {
  const db = openStoreFor(flags, opts);
  try {
    return body(db);
  } finally {
    db.close();
  }
}
