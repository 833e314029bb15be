// The git source: --repo, and the engine's reading of deployments and recent commits, then the diffs of the commits
// that could have caused the incident (contracts of get_deployments, get_recent_commits, show_commit; slots deployments, commits, diffs).
import { z } from 'zod';
import type { CommitInfo, Deployment, ShowCommitResult } from '../evidence.js';
import { str } from '../contracts/fields.js';
import { parseItems, type ListContract } from '../contracts/parse.js';
import { pickCandidateCommits, proxyConfigCommits, PROXY_HISTORY_MS, renewalPathCommits } from './git-candidates.js';
import { abs, defineSource, flagPath, nonEmpty, type Cited } from './source.js';

const fileChangeSchema = z.object({
  path: str,
  added: z.number().nullable().default(null),
  deleted: z.number().nullable().default(null),
});
/** Full shas only: a report names the exact commit. */
const shaSchema = z.string().regex(/^[0-9a-fA-F]{40}$/).transform((v) => v.toLowerCase());
const commitSchema = z.object({
  sha: shaSchema,
  author: z.string().default(''),
  email: z.string().default(''),
  time: str,
  message: z.string().default(''),
  body: z.string().default(''),
  files: z.array(z.union([fileChangeSchema, z.string().transform((path) => ({ path, added: null, deleted: null }))])).default([]),
});
const deploymentSchema = z.object({
  tag: str,
  time: str,
  sha: str,
  annotation: z.string().nullable().default(null),
  commits: z.array(commitSchema).default([]),
});
/** show_commit answers one object, not a list. */
export const SHOW_COMMIT = commitSchema.extend({ diff: z.string().default(''), diff_truncated: z.boolean().default(false) });

// commit_count is the length of `commits` (said for a model when the list is cut).
export const DEPLOYMENTS: ListContract<Deployment> = { keys: ['deployments'], item: deploymentSchema, unread: ['commit_count'] };
export const COMMITS: ListContract<CommitInfo> = { keys: ['commits'], item: commitSchema };

export const parseDeployments = (j: unknown): Deployment[] | null => parseItems(j, DEPLOYMENTS);
export const parseCommits = (j: unknown): CommitInfo[] | null => parseItems(j, COMMITS);

export function parseShowCommit(j: unknown): ShowCommitResult | null {
  const r = SHOW_COMMIT.safeParse(j);
  return r.success ? r.data : null;
}

const HOUR = 3_600_000;
/**
 * How far back commits are listed: a certificate renews a month before it expires, so the change that blocked its
 * renewal is that old when it expires. The list is newest first, so the last day's commits still come first.
 */
const HISTORY = 45 * 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

export const GIT = defineSource({
  server: 'git',
  label: 'git',
  key: 'repo',
  flag: '--repo <dir>',
  help: 'git repository of the service',
  config: nonEmpty,
  fromFlag: flagPath,
  hint: 'repo',
  absolute: (v, base) => abs(base, v),
  isSet: () => true,
  args: (v) => ['--repo', v],
  demo: 'repo.bundle',
  probe: { tool: 'get_recent_commits', args: { limit: 1 } },
  commits: true,
  contracts: { get_deployments: { list: DEPLOYMENTS }, get_recent_commits: { list: COMMITS }, show_commit: { whole: SHOW_COMMIT } },
  offline: {
    callOrder: 0,
    slots: () => ({
      deployments: null as Cited<Deployment[]> | null,
      commits: null as Cited<CommitInfo[]> | null,
      diffs: [] as Array<Cited<ShowCommitResult>>,
    }),
    async gather({ window, bundle, call, cited }) {
      const [deps, commits] = await Promise.all([
        call('get_deployments', { since: iso(window.from - 72 * HOUR), until: window.until }),
        call('get_recent_commits', { since: iso(window.from - HISTORY), until: window.until, limit: 60 }),
      ]);
      bundle.deployments = cited(deps, parseDeployments);
      bundle.commits = cited(commits, parseCommits);
      // The diffs of the commits that could have caused it; deployment manifests as far back as the commits are read.
      // With slots left, the older changes to what a certificate's renewal passes through (an ingress, an issuer).
      // Then proxy configuration changes of the week before (src/rca/resolve-once.ts reads how they resolve upstreams).
      const shas = [
        ...new Set([...pickCandidateCommits(bundle, window.from - 12 * HOUR, window.to, 10, window.from - 24 * HOUR), ...renewalPathCommits(bundle, window.from - 24 * HOUR), ...proxyConfigCommits(bundle, window.from - PROXY_HISTORY_MS, window.from - 12 * HOUR)]),
      ].slice(0, 10);
      const diffs = await Promise.all(shas.map((sha) => call('show_commit', { sha, max_bytes: 6000 })));
      for (const d of diffs) {
        const c = cited(d, parseShowCommit);
        if (c) bundle.diffs.push(c);
      }
      // Calls finish in any order; the analyzers read a stable one.
      bundle.diffs.sort((a, b) => a.data.sha.localeCompare(b.data.sha));
    },
  },
  modelTools: {
    always: ['get_recent_commits', 'show_commit'],
    byCategory: {
      code_regression: ['get_deployments', 'search_commits'],
      config_error: ['get_deployments', 'search_commits'],
      certificate_or_auth: ['search_commits'],
      unknown: ['get_deployments'],
    },
  },
});
