// The show_commit tool: one commit's metadata, files and its diff, cut at max_bytes so a huge change
// cannot flood the model; the sha is validated and resolved before git sees it.
import { z } from 'zod';
import type { ShowCommitResult } from '../../../src/core/evidence.js';
import { redact } from '../../../src/core/redact.js';
import { READ_ONLY, type ToolDef } from '../../../src/core/tool-kit.js';
import { ToolInputError } from '../../../src/core/tool-kit.js';
import type { GitContext } from '../context.js';
import { LOG_ARGS, parseLog } from '../parse-log.js';
import { validateRevision } from '../validate.js';

const DEFAULT_MAX_BYTES = 8000;

const shape = {
  sha: z.string().describe('Commit sha (full or at least 4 hex digits, from get_recent_commits/get_deployments) or a tag such as v2.4.1'),
  max_bytes: z
    .number()
    .int()
    .min(200)
    .max(12_000)
    .optional()
    .describe(`Most bytes of diff to return (default ${DEFAULT_MAX_BYTES}, max 12000); the rest is cut and diff_truncated is true`),
};

export const showCommit: ToolDef<typeof shape, GitContext> = {
  name: 'show_commit',
  title: 'Show one commit',
  description:
    'Shows one commit: sha, author, email, time (UTC), subject and body, files with +/- counts, and the unified diff (against the ' +
    'first parent for merges; secrets replaced by [REDACTED]), cut at max_bytes with diff_truncated: true when cut. Use it to read exactly what a suspect commit ' +
    'changed (a config value, a query, a timeout) after finding it with get_deployments, get_recent_commits or search_commits.',
  inputSchema: shape,
  annotations: READ_ONLY,
  narrowHint: 'pass a smaller max_bytes',
  async run(args, ctx): Promise<ShowCommitResult> {
    const rev = validateRevision(args.sha, 'sha');
    const maxBytes = args.max_bytes ?? DEFAULT_MAX_BYTES;
    const sha = await ctx.repo.resolveCommit(rev);
    if (!sha) {
      throw new ToolInputError(
        `unknown commit "${rev}": no commit with that sha or ref in ${ctx.repo.dir}; pass a sha from get_recent_commits, search_commits or get_deployments`,
      );
    }
    const { stdout: meta } = await ctx.repo.run([...LOG_ARGS, '--max-count=1', '--end-of-options', sha, '--']);
    const info = parseLog(meta)[0];
    if (!info) throw new ToolInputError(`could not read commit ${sha}; pass another sha`);
    const patch = await ctx.repo.run(
      ['show', '--format=', '--patch', '--diff-merges=first-parent', '--no-ext-diff', '--no-textconv', '--no-color', '--end-of-options', sha, '--'],
      { maxBytes: maxBytes + 1 },
    );
    // Diffs of config files are where committed secrets live: redact before the text leaves the process.
    const { text, cut } = cutUtf8(redact(patch.stdout), maxBytes);
    return { ...info, body: redact(info.body), diff: text, diff_truncated: cut || patch.cut };
  },
};

/** Cuts text to at most maxBytes of UTF-8 without splitting a character. */
export function cutUtf8(text: string, maxBytes: number): { text: string; cut: boolean } {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= maxBytes) return { text, cut: false };
  let end = maxBytes;
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--;
  return { text: buf.subarray(0, end).toString('utf8'), cut: true };
}
