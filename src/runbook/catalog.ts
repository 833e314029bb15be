// Finds the runbook to run: a file path, `RB-ID` (the active version in the db), `RB-ID-vN`, or an id
// found under runbooks/; a file is recorded as a version on first use so every execution has lineage.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../core/errors.js';
import { formatProblem, loadRunbookFile, loadRunbookText, type Loaded } from './loader.js';
import type { Runbook } from './schema.js';

export const RUNBOOKS_ENV = 'INCIDENT_COPILOT_RUNBOOKS';

/** --runbooks-dir, then $INCIDENT_COPILOT_RUNBOOKS, then ./runbooks, then the runbooks shipped with the package. */
export function runbooksDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env[RUNBOOKS_ENV]) return resolve(env[RUNBOOKS_ENV]!);
  if (existsSync('runbooks') && statSync('runbooks').isDirectory()) return resolve('runbooks');
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'runbooks'))) return join(dir, 'runbooks');
    dir = dirname(dir);
  }
  return resolve('runbooks');
}

/** Every *.yaml / *.yml under a directory, sorted. */
export function findRunbookFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...findRunbookFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

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

/** "RB-X-v3" -> RB-X version 3; a bare id has no version. */
export function parseVersionLabel(label: string): { runbookId: string; version: number | null } {
  const m = /^(.*)-v(\d+)$/.exec(label);
  return m ? { runbookId: m[1], version: Number(m[2]) } : { runbookId: label, version: null };
}

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
