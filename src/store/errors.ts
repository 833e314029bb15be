// Errors of the SQLite store: a read-only, locked or unreadable database file becomes one typed error
// with a message that says which file and what to do, instead of a raw SQLITE_* code.
import { dirname } from 'node:path';
import { CopilotError, EXIT } from '../core/errors.js';

/** Why the store failed, for callers that can fall back (read-only opening, printing an unrecorded result). */
export type StoreFailure = 'read_only' | 'disk_full' | 'other';

export class StoreError extends CopilotError {
  constructor(message: string, hint?: string, exitCode: number = EXIT.failure, readonly reason: StoreFailure = 'other') {
    super(message, exitCode, hint);
  }
}

/** Maps a better-sqlite3 error to a StoreError naming the file; other errors pass through. */
export function storeError(err: unknown, file: string): unknown {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  if (code.startsWith('SQLITE_READONLY')) {
    return new StoreError(`database ${file} is read-only`, 'make it writable or pass another file with --db / INCIDENT_COPILOT_DB', EXIT.usage, 'read_only');
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreError(`database ${file} is locked by another process`, 'wait for the other process or raise INCIDENT_COPILOT_BUSY_TIMEOUT_MS');
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new StoreError(`cannot open database ${file}`, 'check that its directory exists and is writable, or pass --db', EXIT.usage);
  }
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    return new StoreError(`${file} is not a valid incident-copilot database`, 'pass another file with --db', EXIT.usage);
  }
  if (code.startsWith('SQLITE_FULL')) {
    return new StoreError(`the disk holding database ${file} is full`, `free space on that filesystem (df -h ${dirname(file)}), or pass a database on another disk with --db / INCIDENT_COPILOT_DB`, EXIT.failure, 'disk_full');
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new StoreError(`disk I/O error on database ${file}`, `check that filesystem (full? read-only? gone?) with df -h ${dirname(file)}, or pass another file with --db`);
  }
  return err;
}
