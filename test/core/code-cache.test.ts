// The servers' code cache: a bundle's compiled code is kept per build and Node version, taken again only for the
// same source, refused safely when damaged, and never a reason for a server not to start.
import { isAscii } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { codeCacheDir, codeCacheFile, compileBundle } from '../../src/core/code-cache.js';
import { REPO_ROOT } from '../helpers/cli.js';

function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'code-cache-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A CommonJS bundle that reports what Node hands a module, and a value that tells builds apart. */
const bundle = (value: string): string =>
  `const path = require('node:path');\nfunction answer() { return ${JSON.stringify(value)}; }\n` +
  `module.exports = { answer: answer(), file: __filename, dir: __dirname, sep: path.sep, self: this === module.exports };\n`;

describe('compileBundle', () => {
  it('runs a bundle as CommonJS, saves its code and takes it from the cache on the next start', () => {
    const dir = temp();
    const file = join(dir, 'server.cjs');
    writeFileSync(file, bundle('first'));
    const cache = join(dir, 'cache');
    const cold = compileBundle(file, cache);
    expect(cold.state).toBe('miss');
    expect(cold.run()).toEqual({ answer: 'first', file, dir, sep: '/', self: true });
    cold.save();
    expect(readdirSync(cache)).toEqual([cold.cacheFile!.slice(cache.length + 1)]);

    const warm = compileBundle(file, cache);
    expect(warm.state).toBe('hit');
    expect(warm.cacheFile).toBe(cold.cacheFile);
    expect(warm.run()).toMatchObject({ answer: 'first' });
  });

  it("never runs an earlier build's code: a rebuilt bundle of the same length has a cache of its own, and the old one goes", () => {
    const dir = temp();
    const file = join(dir, 'server.cjs');
    const cache = join(dir, 'cache');
    writeFileSync(file, bundle('aaaa'));
    const old = compileBundle(file, cache);
    old.run();
    old.save();
    writeFileSync(file, bundle('bbbb'));
    const rebuilt = compileBundle(file, cache);
    expect(rebuilt.cacheFile).not.toBe(old.cacheFile);
    expect(rebuilt.state).toBe('miss');
    expect(rebuilt.run()).toMatchObject({ answer: 'bbbb' });
    rebuilt.save();
    expect(readdirSync(cache)).toEqual([rebuilt.cacheFile!.slice(cache.length + 1)]);
  });

  it('refuses a damaged cache, runs from source and writes a good one', () => {
    const dir = temp();
    const file = join(dir, 'server.cjs');
    // A source this process has not compiled yet: V8 would otherwise answer from its own in-memory cache.
    const source = bundle(`damaged ${process.hrtime.bigint()}`);
    writeFileSync(file, source);
    const cache = join(dir, 'cache');
    mkdirSync(cache);
    writeFileSync(codeCacheFile(file, source, cache), Buffer.from('not V8 code at all'.repeat(40)));
    const damaged = compileBundle(file, cache);
    expect(damaged.state).toBe('rejected');
    expect(damaged.run()).toMatchObject({ answer: expect.stringMatching(/^damaged /) });
    damaged.save();
    expect(readFileSync(damaged.cacheFile!, 'latin1')).not.toContain('not V8 code');
  });

  it('runs without a cache when none can be written or none is wanted', () => {
    const dir = temp();
    const file = join(dir, 'server.cjs');
    writeFileSync(file, bundle('y'));
    const blocked = join(dir, 'blocked');
    writeFileSync(blocked, 'a file where the cache directory would be');
    const compiled = compileBundle(file, join(blocked, 'code-cache'));
    expect(compiled.run()).toMatchObject({ answer: 'y' });
    expect(() => compiled.save()).not.toThrow();
    const off = compileBundle(file, null);
    expect([off.state, off.cacheFile]).toEqual(['off', null]);
    expect(off.run()).toMatchObject({ answer: 'y' });
  });

  it("lives under the user's cache directory; NODE_DISABLE_COMPILE_CACHE turns it off as it does Node's own", () => {
    expect(codeCacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe('/x/cache/incident-copilot/code-cache');
    expect(codeCacheDir({ XDG_CACHE_HOME: '/x/cache', NODE_DISABLE_COMPILE_CACHE: '1' })).toBeNull();
  });
});

const SERVER = join(REPO_ROOT, 'dist', 'bundle', 'metrics-server.mjs');

describe.skipIf(!existsSync(SERVER))('a built server', () => {
  it('and every other bundle is ASCII, so V8 keeps its source in one byte a character', () => {
    const bundles = join(REPO_ROOT, 'dist', 'bundle');
    for (const f of readdirSync(bundles).filter((n) => /\.[cm]js$/.test(n))) {
      expect(isAscii(readFileSync(join(bundles, f))), f).toBe(true);
    }
  });

  it('writes its code cache at its first exit and takes it, unchanged, at the next start', () => {
    const home = temp();
    const env = { ...process.env, XDG_CACHE_HOME: home, NODE_DISABLE_COMPILE_CACHE: undefined };
    const run = () => execFileSync(process.execPath, [SERVER, '--version'], { env, encoding: 'utf8' }).trim();
    expect(run()).toMatch(/^\d+\.\d+\.\d+$/);
    const cacheDir = join(home, 'incident-copilot', 'code-cache');
    const files = readdirSync(cacheDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^metrics-server\.cjs-v\d+\.\d+\.\d+-/);
    const written = statSync(join(cacheDir, files[0]!));
    // A refused or missing cache is written again at exit: the same inode and time mean V8 took it as it was.
    expect(run()).toMatch(/^\d+\.\d+\.\d+$/);
    const after = statSync(join(cacheDir, files[0]!));
    expect([after.ino, after.mtimeMs]).toEqual([written.ino, written.mtimeMs]);
  });
});
