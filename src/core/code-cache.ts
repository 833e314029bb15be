// Runs a CommonJS bundle (a server's, rca's) through V8's code cache, kept per build and Node version in the user's
// cache directory: megabytes of JavaScript are compiled once rather than at every start, which each `rca` pays thrice.
import { isAscii } from 'node:buffer';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { crc32 } from 'node:zlib';
import { userCacheDir } from './cache-home.js';

/** How the compiled code was found: taken from the cache, none there, refused by V8 (another V8 or flags), or no cache. */
export type CodeCacheState = 'hit' | 'miss' | 'rejected' | 'off';

export interface CompiledBundle {
  state: CodeCacheState;
  /** The cache file this build and Node would use, or null without a cache directory. */
  cacheFile: string | null;
  /** Calls the bundle's top level as Node calls a CommonJS module's; returns what it exports. */
  run(): unknown;
  /** Writes the code compiled so far for the next start; a cache that cannot be written is silently none. */
  save(): void;
}

/** Node's CommonJS wrapper: the bundle sees require, module, exports, __filename and __dirname as under require(). */
const WRAP = ['(function (exports, require, module, __filename, __dirname) { ', '\n});'] as const;

/**
 * The cache file for `source` run by this process. V8 checks only a cache's length of source, its own version and
 * its flags: the name carries a checksum of the source and of the node flags, so a rebuilt bundle of the same length
 * never runs the old build's code, and processes started with other flags do not overwrite each other's cache.
 */
export function codeCacheFile(file: string, source: string | Buffer, dir: string): string {
  const key = crc32(process.execArgv.join(' '), crc32(source)).toString(36);
  return join(dir, `${cachePrefix(file)}${key}.bin`);
}

const cachePrefix = (file: string): string => `${basename(file)}-${process.version}-${process.arch}-`;

/** Compiles the bundle at `file`, with the cached code from `dir` when V8 accepts it; `dir` null keeps no cache. */
export function compileBundle(file: string, dir: string | null): CompiledBundle {
  const bytes = readFileSync(file);
  // The bundles are ASCII (esbuild.config.mjs escapes the rest): read as such, the source is a one-byte string
  // made without a UTF-8 decode. The checksum is of the bytes, as crc32 of a string is of its UTF-8.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const cacheFile = dir === null ? null : codeCacheFile(file, bytes, dir);
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    // No cache yet: compiled from source and saved at exit.
  }
  const script = new vm.Script(WRAP[0] + source + WRAP[1], {
    filename: file,
    cachedData,
    // A bundled dependency's import('node:fs') resolves as it would in any module of this process, but only when the
    // script was compiled here: from a cache hit Node 20 throws ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING. Our code
    // calls none on the way (rca's Ink view is imported by esm-import.mjs, esbuild.config.mjs).
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const state: CodeCacheState = cacheFile === null ? 'off' : cachedData === undefined ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit';
  return {
    state,
    cacheFile,
    run() {
      const module = { exports: {} };
      const fn = script.runInThisContext() as (...args: unknown[]) => void;
      fn.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
      return module.exports;
    },
    save() {
      if (!cacheFile) return;
      try {
        mkdirSync(dirname(cacheFile), { recursive: true });
        // Written beside and renamed: servers of one `rca` exit together, and a reader never sees half a file.
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
        pruneOtherBuilds(cacheFile, cachePrefix(file));
      } catch {
        // A start-up optimisation never fails a server.
      }
    },
  };
}

/** Removes this bundle's caches of earlier builds under this Node: one file per bundle and Node version stays. */
function pruneOtherBuilds(keep: string, prefix: string): void {
  const dir = dirname(keep);
  for (const name of readdirSync(dir)) {
    if (name.startsWith(prefix) && name.endsWith('.bin') && join(dir, name) !== keep) rmSync(join(dir, name), { force: true });
  }
}

/** The directory of the servers' code caches: none when NODE_DISABLE_COMPILE_CACHE is set, as Node's own cache. */
export function codeCacheDir(env: Record<string, string | undefined> = process.env): string | null {
  return env.NODE_DISABLE_COMPILE_CACHE ? null : join(userCacheDir(env), 'code-cache');
}

/**
 * Runs the CommonJS bundle at `bundle` as this process's program and returns its exports. The cache is written at
 * exit when there was none or V8 refused it: by then the functions the run called are compiled too, and the next
 * start skips those as well.
 */
export function runWithCodeCache(bundle: string | URL): unknown {
  const file = typeof bundle === 'string' ? bundle : fileURLToPath(bundle);
  const compiled = compileBundle(file, codeCacheDir());
  if (compiled.state === 'miss' || compiled.state === 'rejected') process.once('exit', () => compiled.save());
  return compiled.run();
}
