// Redaction of a container's configuration before it leaves the process: env values whose names look
// like secrets are dropped, and every other value is scanned for embedded credentials (URLs, tokens).
import { REDACTED, isSecretName, redact, redactValue } from '../../src/core/redact.js';

/** "DB_PASSWORD=hunter2" -> "DB_PASSWORD=[REDACTED]"; "DATABASE_URL=postgres://u:p@h" keeps only the user. */
export function redactEnvEntry(entry: string): string {
  const eq = entry.indexOf('=');
  if (eq < 0) return redact(entry);
  const name = entry.slice(0, eq);
  const value = entry.slice(eq + 1);
  if (value === '') return entry;
  return `${name}=${isSecretName(name) ? REDACTED : redact(value)}`;
}

export function redactEnv(env: string[]): string[] {
  return env.map(redactEnvEntry);
}

export function redactLabels(labels: Record<string, string>): Record<string, string> {
  return redactValue(labels);
}
