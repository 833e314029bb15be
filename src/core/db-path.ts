// Where the one SQLite file lives, resolved once per command: --db, then INCIDENT_COPILOT_DB, then `db:` in
// rca.config.yaml, then $XDG_DATA_HOME (or ~/.local/share)/incident-copilot/copilot.db, shared by rca and runbook.
import { homedir } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { join } from 'node:path';

export const DB_ENV = 'INCIDENT_COPILOT_DB';

export function defaultDbPath(env: Record<string, string | undefined> = process.env): string {
  const base = env.XDG_DATA_HOME && env.XDG_DATA_HOME.trim() !== '' ? env.XDG_DATA_HOME : join(env.HOME || homedir(), '.local', 'share');
  return join(base, 'incident-copilot', 'copilot.db');
}

export interface DbPathChoice {
  /** --db, relative to `cwd`. */
  flag?: string;
  /** `db:` from the config file, already absolute (relative to the file). */
  configured?: string;
  cwd?: string;
}

/** The database file: the flag wins, then the environment, then the config file, then the default. */
export function resolveDbPath(choice: DbPathChoice, env: Record<string, string | undefined> = process.env): string {
  const cwd = choice.cwd ?? process.cwd();
  const given = (v: string | undefined) => (v !== undefined && v.trim() !== '' ? v : undefined);
  const picked = given(choice.flag) ?? given(env[DB_ENV]) ?? given(choice.configured);
  if (picked === undefined) return defaultDbPath(env);
  return picked === ':memory:' || isAbsolute(picked) ? picked : resolve(cwd, picked);
}
