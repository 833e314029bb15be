// Errors of the store: a read-only, locked, full or unreadable database becomes one typed error with a
// message that says which database and what to do, instead of a raw SQLITE_* code from either binding.
import { CopilotError, EXIT } from '../core/errors.js';

/** Why the store failed, for callers that can fall back (read-only opening, printing an unrecorded result). */
export type StoreFailure = 'read_only' | 'disk_full' | 'other';

export class StoreError extends CopilotError {
  constructor(message: string, hint?: string, exitCode: number = EXIT.failure, readonly reason: StoreFailure = 'other') {
    super(message, exitCode, hint);
  }
}

/** SQLite primary result codes by number: node:sqlite reports `errcode`, better-sqlite3 the name. */
const PRIMARY: Record<number, string> = {
  5: 'SQLITE_BUSY', 6: 'SQLITE_LOCKED', 8: 'SQLITE_READONLY', 10: 'SQLITE_IOERR', 11: 'SQLITE_CORRUPT',
  13: 'SQLITE_FULL', 14: 'SQLITE_CANTOPEN', 26: 'SQLITE_NOTADB',
};

/** The SQLITE_* name of an error from either binding ('' when it is not a SQLite error). */
export function sqliteCode(err: unknown): string {
  if (typeof err !== 'object' || err === null) return '';
  const e = err as { code?: unknown; errcode?: unknown };
  if (typeof e.errcode === 'number') return PRIMARY[e.errcode & 0xff] ?? `SQLITE_${e.errcode}`;
  return typeof e.code === 'string' && e.code.startsWith('SQLITE_') ? e.code : '';
}

/** Maps a SQLite error to a StoreError naming the file; other errors pass through. */
export function storeError(err: unknown, file: string): unknown {
  const code = sqliteCode(err);
  if (code.startsWith('SQLITE_READONLY')) {
    return new StoreError(`database ${file} is read-only`, 'make it writable or pass another file with --db / INCIDENT_COPILOT_DB', EXIT.usage, 'read_only');
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreError(`database ${file} is locked by another process`, 'wait for the other process or raise INCIDENT_COPILOT_BUSY_TIMEOUT_MS');
  }
  if (code.startsWith('SQLITE_FULL') || (code.startsWith('SQLITE_IOERR') && /disk|space|full/i.test((err as Error).message))) {
    return new StoreError(
      `database ${file} could not be written: the disk is full`,
      'free space on that filesystem (df -h) and run the command again, or pass a database on another disk with --db / INCIDENT_COPILOT_DB',
      EXIT.failure,
      'disk_full',
    );
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new StoreError(`database ${file} could not be read or written (disk I/O error)`, 'check the disk (df -h, dmesg) and that the file is not on a failing or full filesystem, or pass another file with --db');
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new StoreError(`cannot open database ${file}`, 'check that its directory exists and is writable, or pass --db', EXIT.usage);
  }
  if (code.startsWith('SQLITE_NOTADB') || code.startsWith('SQLITE_CORRUPT')) {
    return new StoreError(`${file} is not a valid incident-copilot database`, 'pass another file with --db', EXIT.usage);
  }
  return err;
}
