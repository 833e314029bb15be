// The user's cache directory for incident-copilot ($XDG_CACHE_HOME/incident-copilot or ~/.cache/incident-copilot):
// the demo's clone, the logs server's time indexes and the servers' compiled code live under it.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `<cache home>/incident-copilot`, from the given environment (the process's by default). */
export function userCacheDir(env: Record<string, string | undefined> = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'incident-copilot');
}
