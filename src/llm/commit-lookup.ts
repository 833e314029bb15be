// Finds a commit's details (full sha, subject, author, time, release tag) in tool outputs, so a sha the
// model names becomes a report's suspect_change built from data, not from the model's words.
import type { Report } from '../core/report.js';
import { jsonOrNull } from '../core/tools.js';

type SuspectChange = NonNullable<Report['root_cause']['suspect_change']>;

function* walk(value: unknown, depth = 0): Generator<Record<string, unknown>> {
  if (depth > 8 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) yield* walk(v, depth + 1);
    return;
  }
  const obj = value as Record<string, unknown>;
  yield obj;
  for (const v of Object.values(obj)) yield* walk(v, depth + 1);
}


const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Looks up `shaOrPrefix` in the outputs; null when no output names a full 40-character sha for it. */
export function findCommit(shaOrPrefix: string, outputs: string[]): SuspectChange | null {
  const prefix = shaOrPrefix.toLowerCase();
  let found: SuspectChange | null = null;
  let ref: string | null = null;
  for (const text of outputs) {
    for (const obj of walk(jsonOrNull(text))) {
      const sha = str(obj.sha)?.toLowerCase();
      const tag = str(obj.tag);
      if (tag && Array.isArray(obj.commits) && obj.commits.some((c) => str((c as Record<string, unknown>)?.sha)?.toLowerCase().startsWith(prefix))) {
        ref = ref ?? tag;
      }
      if (!sha || !/^[0-9a-f]{40}$/.test(sha) || !sha.startsWith(prefix)) continue;
      if (tag && !ref) ref = tag;
      const candidate: SuspectChange = {
        sha,
        ref: null,
        message: str(obj.message) ?? str(obj.subject) ?? '',
        author: str(obj.author) ?? '',
        time: str(obj.time) ?? str(obj.date) ?? '',
      };
      // Prefer the richest record (a commit object over a bare deployment head).
      if (!found || (candidate.message && !found.message) || (candidate.author && !found.author)) found = candidate;
    }
  }
  if (!found) {
    for (const text of outputs) {
      const m = new RegExp(`\\b(${prefix}[0-9a-f]{${Math.max(0, 40 - prefix.length)}})\\b`, 'i').exec(text);
      if (m) {
        found = { sha: m[1].toLowerCase(), ref: null, message: '', author: '', time: '' };
        break;
      }
    }
  }
  return found ? { ...found, ref } : null;
}
