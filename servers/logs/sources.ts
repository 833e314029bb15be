// Resolves the configured --source entries (files, directories, globs) into the log files they name today,
// so rotated and newly created files are picked up on every call.
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { globBase, globMatcher, isGlob } from './glob.js';

const MAX_FILES = 2_000;
const MAX_DEPTH = 6;

export interface ResolvedSources {
  files: string[];
  problems: string[];
}

/** A file found and its real path (null: ask realpath), which dedupes sources naming one file twice. */
interface Found {
  file: string;
  real: string | null;
}

/**
 * `real`: the real path of `dir` (null when unknown). The walk enters only real directories and takes only regular
 * files (a Dirent of a symlink is neither), so a file's real path is its directory's plus its name: one realpath per
 * walk instead of one per file on every call.
 */
async function walk(dir: string, real: string | null, depth: number, out: Found[], accept: (p: string) => boolean): Promise<void> {
  if (depth > MAX_DEPTH || out.length >= MAX_FILES) return;
  let items;
  try {
    items = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  items.sort((a, b) => a.name.localeCompare(b.name));
  for (const item of items) {
    if (item.name.startsWith('.')) continue;
    const full = path.join(dir, item.name);
    const fullReal = real === null ? null : path.join(real, item.name);
    // A directory the glob names (`logs/*/`) contributes all of its files.
    if (item.isDirectory()) await walk(full, fullReal, depth + 1, out, accept(full) ? () => true : accept);
    else if (item.isFile() && accept(full)) out.push({ file: full, real: fullReal });
    if (out.length >= MAX_FILES) return;
  }
}

const realOrNull = (p: string) => realpath(p).catch(() => null);

export async function resolveSources(sources: readonly string[]): Promise<ResolvedSources> {
  const files: Found[] = [];
  const problems: string[] = [];
  for (const source of sources) {
    if (isGlob(source)) {
      const matches = globMatcher(source);
      const before = files.length;
      const base = globBase(source);
      await walk(base, await realOrNull(base), 0, files, matches);
      if (files.length === before) problems.push(`${source}: the glob matches no file`);
      continue;
    }
    const abs = path.resolve(source);
    try {
      const st = await stat(abs);
      if (st.isDirectory()) await walk(abs, await realOrNull(abs), 0, files, () => true);
      else if (st.isFile()) files.push({ file: abs, real: null });
      else problems.push(`${source}: not a regular file or directory`);
    } catch {
      problems.push(`${source}: does not exist`);
    }
  }
  // Symlinks pointing outside are still the user's choice of source; dedupe by real path.
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const { file: f, real: known } of files) {
    const real = known ?? (await realpath(f).catch(() => f));
    if (seen.has(real)) continue;
    seen.add(real);
    unique.push(f);
  }
  return { files: unique, problems };
}
