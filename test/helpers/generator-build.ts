// Builds one case of a synthetic holdout generator twice into fresh temp folders and checks both runs wrote the same
// files byte for byte; shared by the holdout generator tests (Sock Shop, OpenTelemetry Demo).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, onTestFinished } from 'vitest';

export function files(dir: string, base = ''): string[] {
  return readdirSync(join(dir, base), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(dir, join(base, e.name)) : [join(base, e.name)])).sort();
}

/** Builds `c` twice (removed when the test ends), expects identical bytes; returns the first case folder and its files. */
export function buildTwiceIdentical<C>(build: (c: C, out: string) => string, c: C, prefix: string): { dir: string; files: string[] } {
  const a = mkdtempSync(join(tmpdir(), `${prefix}-a-`));
  const b = mkdtempSync(join(tmpdir(), `${prefix}-b-`));
  onTestFinished(() => {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  });
  build(c, a);
  build(c, b);
  const fa = files(a);
  expect(fa).toEqual(files(b));
  for (const f of fa) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
  const [name] = readdirSync(a);
  return { dir: join(a, name!), files: fa };
}
