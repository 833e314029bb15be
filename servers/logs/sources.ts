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

async function walk(dir: string, depth: number, out: string[], accept: (p: string) => boolean): Promise<void> {
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
    // A directory the glob names (`logs/*/`) contributes all of its files.
    if (item.isDirectory()) await walk(full, depth + 1, out, accept(full) ? () => true : accept);
    else if (item.isFile() && accept(full)) out.push(full);
    if (out.length >= MAX_FILES) return;
  }
}

export async function resolveSources(sources: readonly string[]): Promise<ResolvedSources> {
  const files: string[] = [];
  const problems: string[] = [];
  for (const source of sources) {
    if (isGlob(source)) {
      const matches = globMatcher(source);
      const before = files.length;
      await walk(globBase(source), 0, files, matches);
      if (files.length === before) problems.push(`${source}: the glob matches no file`);
      continue;
    }
    const abs = path.resolve(source);
    try {
      const st = await stat(abs);
      if (st.isDirectory()) await walk(abs, 0, files, () => true);
      else if (st.isFile()) files.push(abs);
      else problems.push(`${source}: not a regular file or directory`);
    } catch {
      problems.push(`${source}: does not exist`);
    }
  }
  // Symlinks pointing outside are still the user's choice of source; dedupe by real path.
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const f of files) {
    const real = await realpath(f).catch(() => f);
    if (seen.has(real)) continue;
    seen.add(real);
    unique.push(f);
  }
  return { files: unique, problems };
}
