// Executions that finished but could not be written (a full disk, a server down): kept, redacted, in a spool file outside
// the database's filesystem and written at the next open, before stale `running` rows are marked interrupted.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { executionResultSchema, type ExecutionResult } from '../runbook/execution-result.js';
import { saveExecution } from './executions.js';
import type { Db } from './open.js';
import { redactValue } from '../core/redact.js';
import { isPostgresUrl } from './pg/url.js';

/** Env override of the spool directory (default: the system temp dir, usually another filesystem than the data dir). */
export const SPOOL_ENV = 'INCIDENT_COPILOT_SPOOL';

function spoolDir(env: NodeJS.ProcessEnv = process.env): string {
  return env[SPOOL_ENV] || join(tmpdir(), 'incident-copilot-unrecorded');
}

/** Spool files are per database (file, or PostgreSQL URL whatever the working directory), so one never takes another's results. */
function prefix(dbFile: string): string {
  return `${createHash('sha256').update(isPostgresUrl(dbFile) ? dbFile : resolve(dbFile)).digest('hex').slice(0, 16)}-`;
}

/** Writes the result where the next open of `dbFile` will find it; returns the path, or null when that fails too. */
export function spoolExecution(dbFile: string, result: ExecutionResult): string | null {
  const dir = spoolDir();
  const file = join(dir, `${prefix(dbFile)}${result.execution_id.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(redactValue(result)), { mode: 0o600 });
    return file;
  } catch {
    return null;
  }
}

/** Saves spooled results of this database and removes their files; a file that is not a result is left for a person. */
export function importSpooled(db: Db, dbFile: string): string[] {
  const dir = spoolDir();
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(prefix(dbFile)) && n.endsWith('.json'));
  } catch {
    return [];
  }
  const done: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    let parsed;
    try {
      parsed = executionResultSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    } catch {
      continue;
    }
    if (!parsed.success) continue;
    // Still no space: the error reaches the caller, and the file stays for the next try.
    saveExecution(db, parsed.data);
    rmSync(path, { force: true });
    done.push(parsed.data.execution_id);
  }
  return done;
}
