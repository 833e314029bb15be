// The get_recent_commits tool: commits on the current branch in a time window, newest first,
// with the files each one touched and its +/- line counts.
import { z } from 'zod';
import type { CommitInfo } from '../../../src/core/evidence.js';
import { READ_ONLY, type ToolDef } from '../../../src/core/tool-kit.js';
import { timeRangeShape } from '../../../src/core/tool-kit.js';
import { inResolvedWindow, resolveToolWindow, windowArgs, type GitContext } from '../context.js';
import { LOG_ARGS, parseLog } from '../parse-log.js';
import { windowJson, type WindowJson } from './window-json.js';
import { validateRepoPath } from '../validate.js';

const shape = {
  ...timeRangeShape,
  path: z
    .string()
    .optional()
    .describe('Only commits touching this file or directory, relative to the repository root (e.g. config/ or src/api/checkout.py)'),
  limit: z.number().int().min(1).max(200).optional().describe('Most commits to return (default 20, max 200)'),
};

export interface RecentCommitsResult {
  window: WindowJson;
  returned: number;
  commits: CommitInfo[];
}

export const getRecentCommits: ToolDef<typeof shape, GitContext> = {
  name: 'get_recent_commits',
  title: 'Recent commits',
  description:
    'Lists commits on the checked-out branch, newest first: sha, author, email, commit time (UTC), subject, body, and the files ' +
    'changed with lines added/deleted. Use it to see what changed shortly before an incident (e.g. since: "6h", or an ISO time); ' +
    'narrow with path (a file or directory such as config/) and limit. For what was actually released, use get_deployments.',
  inputSchema: shape,
  annotations: READ_ONLY,
  narrowHint: 'pass a shorter since/until window, a path, or a smaller limit',
  async run(args, ctx): Promise<RecentCommitsResult> {
    const window = resolveToolWindow(args.since, args.until, ctx.now());
    const path = args.path === undefined ? null : validateRepoPath(args.path);
    const limit = args.limit ?? 20;
    const window_ = windowJson(window);
    if (!(await ctx.repo.hasCommits())) return { window: window_, returned: 0, commits: [] };
    const gitArgs = [...LOG_ARGS, `--max-count=${limit}`, ...windowArgs(window), 'HEAD', '--'];
    if (path !== null) gitArgs.push(path);
    const { stdout } = await ctx.repo.run(gitArgs);
    const commits = parseLog(stdout).filter((c) => inResolvedWindow(c.time, window));
    return { window: window_, returned: commits.length, commits };
  },
};
