// Builds one case of a synthetic holdout generator into a fresh temp folder and checks it byte for byte: against a
// second build, or against the same case in the set's committed cases.tar.gz; shared by the holdout generator tests.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, onTestFinished } from 'vitest';

export function files(dir: string, base = ''): string[] {
  return readdirSync(join(dir, base), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(dir, join(base, e.name)) : [join(base, e.name)])).sort();
}

/** A temp folder removed when the test ends. */
function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/**
 * Builds `c` twice (removed when the test ends), expects identical bytes; returns the first case folder and its files.
 * For a set still being written, before it has a committed tarball; after that, buildMatchesTarball is the stronger check.
 */
export function buildTwiceIdentical<C>(build: (c: C, out: string) => string, c: C, prefix: string): { dir: string; files: string[] } {
  const a = tempDir(`${prefix}-a-`);
  const b = tempDir(`${prefix}-b-`);
  build(c, a);
  build(c, b);
  const fa = files(a);
  expect(fa).toEqual(files(b));
  for (const f of fa) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
  const [name] = readdirSync(a);
  return { dir: join(a, name!), files: fa };
}

/**
 * Builds `c` once and expects the same files with the same sha256 as its folder in `tarball` (the set's committed
 * cases.tar.gz, written by the whole set's run): the generator still writes what was measured, and is deterministic.
 * Returns the built case folder and its files.
 */
export function buildMatchesTarball<C>(build: (c: C, out: string) => string, c: C, prefix: string, tarball: string): { dir: string; files: string[] } {
  const out = tempDir(`${prefix}-built-`);
  build(c, out);
  const [name] = readdirSync(out);
  const dir = join(out, name!);
  const packed = tempDir(`${prefix}-packed-`);
  execFileSync('tar', ['-xzf', tarball, '-C', packed, `./${name}`]);
  const got = files(dir);
  expect(got).toEqual(files(join(packed, name!)));
  for (const f of got) expect(sha256(join(dir, f)), f).toBe(sha256(join(packed, name!, f)));
  return { dir, files: got.map((f) => join(name!, f)) };
}
