// Finds the runbook to run: a file path, `RB-ID` (the active version in the db), `RB-ID-vN`, or an id
// found under runbooks/; a file is recorded as a version on first use so every execution has lineage.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { formatProblem, loadRunbookFile, loadRunbookText, type Loaded } from './loader.js';
import { findRunbookFiles, runbooksDir } from './runbook-files.js';
import { parseVersionLabel } from './version-label.js';
import type { Runbook } from './schema.js';

export { findRunbookFiles, RUNBOOKS_ENV, runbooksDir } from './runbook-files.js';

/** The least a stored version has for resolving; the store's rows carry more (status, lineage). */
export interface StoredVersion {
  runbook_id: string;
  version: number;
  yaml: string;
}

/** What resolving needs from the version store: the store's `versionSource(db)` provides it. */
export interface VersionSource<V extends StoredVersion> {
  get(runbookId: string, version: number): V | null;
  active(runbookId: string): V | null;
  count(runbookId: string): number;
  /**
   * Records file text as a version: the same text reuses its version; new text becomes the active one,
   * unless it is a draft (imported or generated), which waits for review instead.
   */
  recordFile(runbookId: string, text: string, sourcePath: string, opts?: { draft?: boolean }): V;
}

export interface Resolved<V extends StoredVersion> {
  runbook: Runbook;
  version: V;
  loaded: Loaded;
}

/** A runbook that a person has not yet approved as written: `runbook import` tags its output `draft`. */
export function isDraft(rb: Runbook): boolean {
  return rb.tags.includes('draft');
}

export { parseVersionLabel } from './version-label.js';

function mustLoad(loaded: Loaded): Runbook {
  if (!loaded.runbook) {
    throw new UsageError(`runbook ${loaded.file} is not valid:\n${loaded.problems.map(formatProblem).join('\n')}`, 'run `runbook lint` on it and fix the lines above');
  }
  return loaded.runbook;
}

function looksLikePath(target: string): boolean {
  return /\.ya?ml$/.test(target) || target.includes('/') || existsSync(target);
}

export function resolveRunbook<V extends StoredVersion>(versions: VersionSource<V>, target: string, opts: { dir?: string } = {}): Resolved<V> {
  if (looksLikePath(target)) {
    if (!existsSync(target)) throw new UsageError(`no runbook file ${target}`);
    const loaded = loadRunbookFile(target);
    const runbook = mustLoad(loaded);
    return { runbook, loaded, version: versions.recordFile(runbook.id, loaded.text, resolve(target), { draft: isDraft(runbook) }) };
  }
  const { runbookId, version } = parseVersionLabel(target);
  const exact = version !== null ? versions.get(runbookId, version) : null;
  if (version !== null && !exact && !versions.active(target)) throw new UsageError(`no version ${version} of runbook ${runbookId}`, `see \`runbook show ${runbookId}\``);
  const stored = exact ?? versions.active(target);
  if (!stored) {
    if (versions.count(target) > 0) {
      throw new UsageError(
        `runbook ${target} has no active version (a draft or candidate waits for review)`,
        `approve one (runbook review, runbook queue), or run one deliberately: runbook exec ${target}-vN --candidate`,
      );
    }
    const dir = opts.dir ?? runbooksDir();
    const file = findRunbookFiles(dir).find((f) => loadRunbookFile(f).runbook?.id === target);
    if (!file) throw new UsageError(`no runbook ${target} in the database or under ${dir}`, 'pass a file path, or see `runbook list`');
    const loaded = loadRunbookFile(file);
    const runbook = mustLoad(loaded);
    return { runbook, loaded, version: versions.recordFile(runbook.id, loaded.text, file, { draft: isDraft(runbook) }) };
  }
  const loaded = loadRunbookText(stored.yaml, `${stored.runbook_id}-v${stored.version}`);
  return { runbook: mustLoad(loaded), loaded, version: stored };
}
