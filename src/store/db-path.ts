// Where the one SQLite file lives: --db, then INCIDENT_COPILOT_DB, then $XDG_DATA_HOME (or
// ~/.local/share)/incident-copilot/copilot.db, so `rca` and `runbook` share history by default.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const DB_ENV = 'INCIDENT_COPILOT_DB';

export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME && env.XDG_DATA_HOME.trim() !== '' ? env.XDG_DATA_HOME : join(env.HOME || homedir(), '.local', 'share');
  return join(base, 'incident-copilot', 'copilot.db');
}

/** The database file for a command: the --db flag wins, then the environment, then the default. */
export function resolveDbPath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag && flag.trim() !== '') return flag === ':memory:' ? flag : resolve(flag);
  const fromEnv = env[DB_ENV];
  if (fromEnv && fromEnv.trim() !== '') return fromEnv === ':memory:' ? fromEnv : resolve(fromEnv);
  return defaultDbPath(env);
}
