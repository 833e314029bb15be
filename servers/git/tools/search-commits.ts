// The search_commits tool: finds commits whose message, author or diff mentions a text, case-insensitively.
// The query reaches git only glued to an option (--grep=, --author=, -G), so it can never become an option itself.
import { z } from 'zod';
import type { CommitInfo } from '../../../src/core/evidence.js';
import { READ_ONLY, type ToolDef } from '../../../src/core/tool-kit.js';
import { inResolvedWindow, resolveToolWindow, windowArgs, type GitContext } from '../context.js';
import { LOG_ARGS, parseLog } from '../parse-log.js';
import { escapeExtendedRegex, validateQuery } from '../validate.js';

type Field = 'message' | 'author' | 'diff';

const shape = {
  query: z.string().describe('Text to look for (plain text, case-insensitive), e.g. "pool_size", "connection pool", or an author name or email'),
  since: z.string().optional().describe('Only commits after this time: ISO-8601 or relative (30m, 2h, 7d)'),
  limit: z.number().int().min(1).max(100).optional().describe('Most commits to return (default 20, max 100)'),
};

export interface SearchCommitsResult {
  query: string;
  returned: number;
  commits: Array<CommitInfo & { matched_in: Field[] }>;
}

export const searchCommits: ToolDef<typeof shape, GitContext> = {
  name: 'search_commits',
  title: 'Search commits',
  description:
    'Searches the history of the checked-out branch for commits whose message, author (name or email) or diff (added or removed ' +
    'lines) contains the query, case-insensitively; returns them newest first with files and +/- counts and where the query ' +
    'matched (matched_in). Use it to find who touched a setting or an error message, e.g. query "pool_size" or "timeout". ' +
    'Narrow with since and limit; then read one with show_commit.',
  inputSchema: shape,
  annotations: READ_ONLY,
  narrowHint: 'pass a more specific query, a later since, or a smaller limit',
  async run(args, ctx): Promise<SearchCommitsResult> {
    const query = validateQuery(args.query);
    const window = resolveToolWindow(args.since, undefined, ctx.now());
    const limit = args.limit ?? 20;
    if (!(await ctx.repo.hasCommits())) return { query, returned: 0, commits: [] };
    const searches: Array<[Field, string[]]> = [
      ['message', ['--regexp-ignore-case', '--fixed-strings', `--grep=${query}`]],
      ['author', ['--regexp-ignore-case', '--fixed-strings', `--author=${query}`]],
      ['diff', ['--regexp-ignore-case', `-G${escapeExtendedRegex(query)}`]],
    ];
    const found = new Map<string, CommitInfo & { matched_in: Field[] }>();
    for (const [field, filter] of searches) {
      const { stdout } = await ctx.repo.run([...LOG_ARGS, `--max-count=${limit}`, ...windowArgs(window), ...filter, 'HEAD', '--']);
      for (const commit of parseLog(stdout)) {
        if (!inResolvedWindow(commit.time, window)) continue;
        const seen = found.get(commit.sha);
        if (seen) seen.matched_in.push(field);
        else found.set(commit.sha, { ...commit, matched_in: [field] });
      }
    }
    const commits = [...found.values()].sort((a, b) => Date.parse(b.time) - Date.parse(a.time)).slice(0, limit);
    return { query, returned: commits.length, commits };
  },
};
