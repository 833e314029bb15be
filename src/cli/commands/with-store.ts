// Runs a runbook command's body with the store open and closes it whatever happens, so no command
// leaves the SQLite file open on an error. The body is synchronous, as better-sqlite3 is.
import type { Db } from '../../store/index.js';
import { openCommandStore } from './runbook-common.js';

export function withCommandStore<T>(dbFlag: string | undefined, opts: { readOnlyOk?: boolean }, body: (db: Db) => T): T {
  const db = openCommandStore(dbFlag, opts);
  try {
    return body(db);
  } finally {
    db.close();
  }
}
