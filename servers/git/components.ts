// Which folder of a monorepo a release tag releases: the prefix its name puts before the version
// (src/core/release-tag.ts) counts only when the tagged tree has that folder, asked of git once per prefix.
import { releasePrefix } from '../../src/core/release-tag.js';
import { DEPLOY_DIRS } from '../../src/core/sources/git-candidates.js';
import type { GitContext } from './context.js';

/** A listing of every folder is read only this far: a component is rarely deeper than its first few thousand. */
const MAX_TREE_BYTES = 4 * 1024 * 1024;

export interface ComponentReader {
  /** The folder the tag releases (`auth-svc`, `packages/cart`), or null for a whole-repository release. */
  of(tag: { tag: string; sha: string }): Promise<string | null>;
}

/**
 * Reads tags' components for one listing of `tags` (every tag name of the repository). Cached by prefix: a
 * repository with many components' tags interleaved would otherwise start a git process per older tag.
 */
export function componentReader(ctx: GitContext, tags: string[]): ComponentReader {
  // `orders-svc-v2.14.0` and `@acme/cart@1.4.0` name a folder only where the tags carry several prefixes: with one,
  // they version the repository itself under its product's name, which its one service folder often shares
  // (`payout-api-2.14.0` beside payout-api/ and deploy/), and narrowing would leave deploy/'s commits in no release.
  // `auth-svc/v6.1.0` is written as a path, and counts wherever that path is a folder; where it is none at the top,
  // it names a folder deeper down like a named tag does.
  const prefixes = new Set(tags.map((t) => releasePrefix(t)?.prefix).filter((p) => p !== undefined));
  const several = prefixes.size > 1;
  const known = new Map<string, string | null>();
  return {
    async of(tag) {
      const p = releasePrefix(tag.tag);
      if (p === null || (p.shape === 'name' && !several)) return null;
      if (known.has(p.prefix)) return known.get(p.prefix)!;
      // A path tag names its folder from the top (`services/auth/v2`) or by the name teams give the component
      // (`pgbouncer/v1.4.2` for platform/pgbouncer/): the nested reading needs the same several prefixes as a name.
      const exact = p.shape === 'path' ? await pathFolder(ctx, tag.sha, p.folder) : null;
      const component = exact ?? (p.shape === 'name' || several ? await namedFolder(ctx, tag.sha, p.folder) : null);
      known.set(p.prefix, component);
      return component;
    },
  };
}

/** `release/2026-01` names no folder; `services/auth/v2` names services/auth when the tree has it. */
async function pathFolder(ctx: GitContext, sha: string, dir: string): Promise<string | null> {
  const { stdout } = await ctx.repo.run(['ls-tree', '-d', '--name-only', '--end-of-options', sha, '--', dir], { allowFail: true });
  return stdout.trim() === dir ? dir : null;
}

/**
 * The folder a named tag releases: the top-level one of that name, else the one shallowest in the tree
 * (`packages/cart` for `@acme/cart@1.4.0`, `services/orders-svc`). Two equally shallow (`web/cart`, `api/cart`)
 * are no answer: the release stays whole rather than being given one of them by chance.
 */
async function namedFolder(ctx: GitContext, sha: string, name: string): Promise<string | null> {
  const { stdout } = await ctx.repo.run(['ls-tree', '-r', '-d', '--name-only', '--end-of-options', sha], { allowFail: true, maxBytes: MAX_TREE_BYTES });
  let best: string[] = [];
  let depth = Infinity;
  for (const dir of stdout.split('\n')) {
    if (dir !== name && !dir.endsWith(`/${name}`)) continue;
    const d = dir.split('/').length;
    if (d < depth) [best, depth] = [[dir], d];
    else if (d === depth) best.push(dir);
  }
  return best.length === 1 ? best[0]! : null;
}

/**
 * What a component's release ships: its folder, and the folders of its name under a deployment folder at the tagged
 * commit (deploy/ratings-api/, helm/charts/ratings-api/). Monorepos keep a service's manifests apart from its code,
 * and a tag cut to roll out a new environment variable or limit ships that manifest commit though no file under the
 * code's folder changed. Literal paths read from the tree: the runner allows no pathspec globs.
 */
export async function componentPaths(ctx: GitContext, sha: string, component: string): Promise<string[]> {
  const name = component.split('/').pop()!;
  const { stdout } = await ctx.repo.run(['ls-tree', '-r', '-d', '--name-only', '--end-of-options', sha], { allowFail: true, maxBytes: MAX_TREE_BYTES });
  const deploy = stdout.split('\n').filter((dir) => dir !== component && dir.endsWith(`/${name}`) && DEPLOY_DIRS.includes(dir.split('/')[0]!));
  return [`${component}/`, ...deploy.map((d) => `${d}/`)];
}
