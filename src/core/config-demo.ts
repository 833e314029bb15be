// The bundled demo (fixtures/checkout-500/) used when no source is configured: its logs, metrics and
// Docker snapshot, and its git bundle cloned once into a cache dir (clones are keyed by the bundle's stamp).
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { userCacheDir } from './cache-home.js';
import { isoTimeSchema } from './config-schema.js';
import type { ResolvedConfig } from './config-types.js';
import { BUILTIN_SOURCES, configuredSources, mergeSources, type ResolvedSources } from './sources.js';
import { packageRoot } from './config-launch.js';

export const DEMO_SCENARIO = 'checkout-500';

export interface DemoResolution {
  config: ResolvedConfig;
  /** True when the demo replaced the (empty) sources: the caller prints `notice` on stderr. */
  demo: boolean;
  notice: string | null;
}

export interface DemoOptions {
  root?: string;
  /** Where the demo repository is cloned; default $XDG_CACHE_HOME/incident-copilot or ~/.cache/incident-copilot. */
  cacheDir?: string;
  env?: Record<string, string | undefined>;
}

/** True when no built-in source is configured at all (the demo applies). */
export function hasNoSources(s: ResolvedSources): boolean {
  return configuredSources(s).length === 0;
}

const scenarioSchema = z.object({ at: isoTimeSchema.optional() });

/** The demo's sources (parts not present in fixtures/ are skipped) and its report moment, if it names one. */
export async function demoSources(opts: DemoOptions = {}): Promise<{ sources: ResolvedSources; at?: string; dir: string }> {
  const dir = join(opts.root ?? packageRoot(), 'fixtures', DEMO_SCENARIO);
  const at = (p: string) => (existsSync(join(dir, p)) ? join(dir, p) : undefined);
  const scenarioFile = at('scenario.json');
  let when: string | undefined;
  if (scenarioFile) {
    const parsed = scenarioSchema.safeParse(JSON.parse(readFileSync(scenarioFile, 'utf8')));
    if (parsed.success) when = parsed.data.at;
  }
  // Each source's demo part, read as if rca.config.yaml named it; a git bundle is cloned first.
  const values: Record<string, unknown> = {};
  for (const entry of BUILTIN_SOURCES) {
    const found = at(entry.demo);
    if (found) values[entry.key] = entry.config.parse(found.endsWith('.bundle') ? await cloneBundleCached(found, cacheRoot(opts)) : found);
  }
  return { sources: mergeSources([{ values, base: dir }]), at: when, dir };
}

/** Replaces empty sources with the demo's; a configured --at wins over the demo's own moment. */
export async function applyDemoFallback(config: ResolvedConfig, opts: DemoOptions = {}): Promise<DemoResolution> {
  if (!hasNoSources(config.sources)) return { config, demo: false, notice: null };
  const demo = await demoSources(opts);
  return {
    config: { ...config, sources: demo.sources, at: config.at ?? demo.at },
    demo: true,
    notice: `demo: reading the bundled demo incident (fixtures/${DEMO_SCENARIO}), not your systems; pass ${BUILTIN_SOURCES.map((e) => `--${e.key}`).join('/')} or write rca.config.yaml to investigate your own`,
  };
}

/** The user's cache directory for incident-copilot: the demo's clone, the runbook catalogue. */
export function cacheRoot(opts: DemoOptions): string {
  if (opts.cacheDir) return opts.cacheDir;
  return userCacheDir(opts.env ?? {});
}

/** Clones a bundle once per content stamp; concurrent runs clone to a temp name and the first rename wins. */
async function cloneBundleCached(bundle: string, cache: string): Promise<string> {
  const st = statSync(bundle);
  const target = join(cache, `demo-${DEMO_SCENARIO}-${st.size}-${Math.floor(st.mtimeMs)}`);
  if (existsSync(join(target, '.git'))) return target;
  mkdirSync(cache, { recursive: true });
  const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
  try {
    // execa costs ~150 ms to load; only a first run (cache miss) pays it.
    const { execa } = await import('execa');
    await execa('git', ['clone', '--quiet', '--', bundle, tmp]);
    try {
      renameSync(tmp, target);
    } catch (err) {
      if (!existsSync(join(target, '.git'))) throw err;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return target;
}
