// What a reviewer can do to a candidate, shared by the TUI and the non-interactive commands: approve
// (linted once more), reject with a reason, send back with notes, replace its YAML after an edit.
import { CopilotError, EXIT, UsageError } from '../core/errors.js';
import { formatProblem, loadRunbookText } from '../runbook/loader.js';
import {
  approveCandidate, contentHash, decideCandidate, getVersion, parseVersionLabel, reviseCandidate, versionLabel,
  type Db, type RunbookVersion,
} from '../store/index.js';

/** `X-v2` -> its stored version; a usage error (exit 2) when the id is malformed or unknown. */
export function findCandidate(db: Db, label: string): RunbookVersion {
  const { runbookId, version } = parseVersionLabel(label);
  if (version === null) throw new UsageError(`"${label}" names no version`, 'give the candidate id as shown by `runbook review --list`, e.g. RB-DB-POOL-001-v2');
  const v = getVersion(db, runbookId, version);
  if (!v) throw new UsageError(`no candidate ${label}`, 'see `runbook review --list`');
  return v;
}

export function lintProblems(v: Pick<RunbookVersion, 'runbook_id' | 'version' | 'yaml'>, yaml = v.yaml): string[] {
  const loaded = loadRunbookText(yaml, `${versionLabel(v.runbook_id, v.version)}.yaml`);
  const problems = loaded.problems.map(formatProblem);
  if (loaded.runbook && loaded.runbook.id !== v.runbook_id) problems.push(`the id must stay ${v.runbook_id} (found ${loaded.runbook.id})`);
  return problems;
}

export function approve(db: Db, label: string, reviewer: string, notes?: string | null): RunbookVersion {
  const v = findCandidate(db, label);
  const problems = lintProblems(v);
  if (problems.length) throw new CopilotError(`${label} does not lint; it cannot become active:\n${problems.join('\n')}`, EXIT.failure, 'edit it in `runbook review` or reject it');
  return approveCandidate(db, v.runbook_id, v.version, { reviewer, notes });
}

export function reject(db: Db, label: string, reviewer: string, reason: string): RunbookVersion {
  if (!reason?.trim()) throw new UsageError('a rejection needs a reason', 'pass --reason "why it is wrong"');
  const v = findCandidate(db, label);
  return decideCandidate(db, v.runbook_id, v.version, 'reject', { reviewer, notes: reason });
}

export function requestChanges(db: Db, label: string, reviewer: string, notes: string): RunbookVersion {
  if (!notes?.trim()) throw new UsageError('needs-changes needs notes', 'pass --notes "what to change"');
  const v = findCandidate(db, label);
  return decideCandidate(db, v.runbook_id, v.version, 'needs_changes', { reviewer, notes });
}

export type EditOutcome = { ok: true; version: RunbookVersion; changed: boolean } | { ok: false; problems: string[] };

/** Stores edited YAML when it lints (the candidate goes back to pending_review); unchanged text is a no-op. */
export function applyEdit(db: Db, label: string, yaml: string, reviewer: string): EditOutcome {
  const v = findCandidate(db, label);
  if (yaml === v.yaml) return { ok: true, version: v, changed: false };
  const problems = lintProblems(v, yaml);
  if (problems.length) return { ok: false, problems };
  return { ok: true, version: reviseCandidate(db, v.runbook_id, v.version, yaml, contentHash(yaml), { reviewer, notes: 'edited in $EDITOR' }), changed: true };
}
