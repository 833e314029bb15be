// The get_deployments tool: tags read as releases, newest first, each with the commits it shipped
// since the previous release (the usual first suspects for an incident that follows a deploy).
import { z } from 'zod';
import type { Deployment } from '../../../src/core/evidence.js';
import { READ_ONLY, type ToolDef } from '../../../src/core/tool-kit.js';
import { timeRangeShape } from '../../../src/core/tool-kit.js';
import { componentPaths, componentReader } from '../components.js';
import { inResolvedWindow, resolveToolWindow, type GitContext } from '../context.js';
import { parseTags, sortNewestFirst, TAG_FORMAT, type TagRecord } from '../deployments.js';
import { LOG_ARGS, parseLog } from '../parse-log.js';
import { windowJson, type WindowJson } from './window-json.js';

/** Commits listed per deployment; a first release can carry the whole history. */
const MAX_COMMITS_PER_DEPLOYMENT = 50;

const shape = {
  ...timeRangeShape,
  limit: z.number().int().min(1).max(100).optional().describe('Most deployments to return, newest first (default 20)'),
};

export interface DeploymentsResult {
  window: WindowJson;
  total: number;
  returned: number;
  deployments: Array<Deployment & { commit_count: number }>;
}

export const getDeployments: ToolDef<typeof shape, GitContext> = {
  name: 'get_deployments',
  title: 'Deployments (release tags)',
  description:
    'Lists deployments, read from git tags: tag name, deploy time (the annotated tag date, else the commit date, UTC), the ' +
    'commit sha, the tag message, and the commits that release added since the previous tag (with files and +/- counts; ' +
    'for a monorepo component\'s tag, such as auth-svc/v6.1.0, or orders-svc-v2.14.0 and @acme/cart@1.4.0 where the tags ' +
    'carry several prefixes, the commits under that component\'s folder (auth-svc/, orders-svc/, packages/cart/) since its ' +
    'previous tag or a whole-repository tag, for its first tag since the tag before it; a tag whose prefix names no ' +
    'folder, such as v1.2.3 or release-2026-01, releases the whole repository), ' +
    'newest first. Use it first when an incident may follow a release: the commits of the last deployment before the incident ' +
    'started are the prime suspects. Narrow with since/until (ISO or relative such as 12h) and limit.',
  inputSchema: shape,
  annotations: READ_ONLY,
  narrowHint: 'pass a shorter since/until window or a smaller limit',
  async run(args, ctx): Promise<DeploymentsResult> {
    const window = resolveToolWindow(args.since, args.until, ctx.now());
    const limit = args.limit ?? 20;
    const window_ = windowJson(window);
    const { stdout } = await ctx.repo.run(['for-each-ref', TAG_FORMAT, 'refs/tags']);
    const all = sortNewestFirst(await peelAll(parseTags(stdout), ctx));
    const inWindow = all.filter((t) => inResolvedWindow(t.time, window));
    const picked = inWindow.slice(0, limit);
    const deployments = [];
    const components = componentReader(ctx, all.map((t) => t.tag));
    for (const tag of picked) {
      // The previous deployment is the next older tag, even when it lies outside the window; of a monorepo's component
      // (`auth-svc/v6.1.0`, `orders-svc-v2.14.0`, `@acme/cart@1.4.0`: components.ts), the next older one of that
      // component or of the whole repository, and its commits are those that touched the component's directory:
      // another component's release in between shipped none of them.
      // A whole-repository tag's previous one is the next older whole-repository tag: a component's release in between
      // shipped only that component's commits, and the others would belong to no release.
      // With none of its kind before it (a component's first tag), the next older tag of any kind bounds it: what went
      // out before is unknown, but history older than the repository's last release was live already, and an
      // `Initial orders-svc service` commit of months ago is no suspect for a release minutes before an incident.
      // That tag has to hold this one's commit: another component's tag on a newer commit put only its own folder live,
      // and bounded by it a config tag made from an older commit (the platform team's) would ship nothing.
      const component = await components.of(tag);
      const older = all.slice(all.indexOf(tag) + 1);
      let previous: (typeof all)[number] | undefined;
      for (const t of older) {
        const other = await components.of(t);
        if (other === null || other === component) {
          previous = t;
          break;
        }
      }
      previous ??= component === null ? older[0] : await olderAncestor(ctx, older, tag.sha);
      const range = previous && previous.sha !== tag.sha ? `${previous.sha}..${tag.sha}` : tag.sha;
      const paths = component !== null ? await componentPaths(ctx, tag.sha, component) : [];
      const countOut = await ctx.repo.run(['rev-list', '--count', '--end-of-options', range, '--', ...paths]);
      const { stdout: log } = await ctx.repo.run([...LOG_ARGS, `--max-count=${MAX_COMMITS_PER_DEPLOYMENT}`, '--end-of-options', range, '--', ...paths]);
      const commits = previous?.sha === tag.sha ? [] : parseLog(log);
      deployments.push({
        tag: tag.tag,
        time: tag.time,
        sha: tag.sha,
        annotation: tag.annotation,
        commit_count: previous?.sha === tag.sha ? 0 : Number(countOut.stdout.trim()),
        commits,
      });
    }
    return { window: window_, total: inWindow.length, returned: deployments.length, deployments };
  },
};

/** Resolves tags of tags to their commit; tags that lead to no commit are dropped. */
async function peelAll(tags: TagRecord[], ctx: GitContext): Promise<Array<TagRecord & { sha: string }>> {
  const out: Array<TagRecord & { sha: string }> = [];
  for (const t of tags) {
    const sha = t.needsPeel ? await ctx.repo.resolveCommit(`refs/tags/${t.tag}`) : t.sha;
    if (sha) out.push({ ...t, sha });
  }
  return out;
}

/** Older tags tried for a component's first release: enough for components interleaved, few git processes. */
const MAX_BOUND_TRIES = 12;

/** The next older tag whose commit is an ancestor of `sha` (or the next older one when none of the first few is). */
async function olderAncestor<T extends { sha: string }>(ctx: GitContext, older: T[], sha: string): Promise<T | undefined> {
  for (const t of older.slice(0, MAX_BOUND_TRIES)) {
    if (t.sha === sha) return t;
    const { stdout } = await ctx.repo.run(['merge-base', '--end-of-options', t.sha, sha], { allowFail: true });
    if (stdout.trim() === t.sha) return t;
  }
  return older[0];
}
