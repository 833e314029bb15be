// The git server's outputs the offline engine reads: get_deployments, get_recent_commits and show_commit.
// One contract for the server's contract test and the engine's parse.
import { z } from 'zod';
import type { CommitInfo, Deployment, ShowCommitResult } from '../evidence.js';
import { str } from './fields.js';
import { parseItems, type ListContract } from './parse.js';

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
