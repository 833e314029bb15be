// Pure parsing of `git log -z --numstat` output produced with LOG_FORMAT into CommitInfo records,
// and the shared argument list that produces it (so every tool reads commits the same way).
import type { CommitInfo, FileChange } from '../../src/core/evidence.js';

const RS = '\u001e';
const US = '\u001f';

/** One record per commit: RS sha US author US email US committer-date US subject US body US, then numstat. */
export const LOG_FORMAT = `--format=${RS}%H${US}%an${US}%ae${US}%cI${US}%s${US}%b${US}`;

/** Arguments that make `git log` print commits in the format parseLog reads. */
export const LOG_ARGS = ['log', '-z', LOG_FORMAT, '--numstat', '--diff-merges=first-parent', '--no-ext-diff', '--no-textconv'];

/** Converts git's strict ISO date (with offset) to UTC with Z; unknown text passes through. */
export function toUtcIso(text: string): string {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? text : new Date(ms).toISOString();
}

/**
 * Parses numstat entries written with -z: "A\tD\tpath\0" or, for renames, "A\tD\t\0old\0new\0".
 * Binary files report "-" counts, kept as null.
 */
export function parseNumstat(text: string): FileChange[] {
  const tokens = text.split('\0');
  const files: FileChange[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!.replace(/^\n+/, '');
    if (token.length === 0) continue;
    const m = /^(-|\d+)\t(-|\d+)\t(.*)$/s.exec(token);
    if (!m) continue;
    let path = m[3]!;
    if (path.length === 0) {
      const from = tokens[i + 1] ?? '';
      const to = tokens[i + 2] ?? '';
      i += 2;
      path = from === to ? to : `${from} => ${to}`;
    }
    files.push({ path, added: m[1] === '-' ? null : Number(m[1]), deleted: m[2] === '-' ? null : Number(m[2]) });
  }
  return files;
}

/** Parses the whole output of `git <LOG_ARGS>` into commits, in git's order (newest first by default). */
export function parseLog(output: string): CommitInfo[] {
  const commits: CommitInfo[] = [];
  for (const record of output.split(RS)) {
    if (record.trim().length === 0) continue;
    const fields = record.split(US);
    if (fields.length < 7) continue;
    const [sha, author, email, date, subject, body] = fields as [string, string, string, string, string, string];
    const rest = fields.slice(6).join(US);
    commits.push({
      sha: sha.replace(/^[\0\n]+/, ''),
      author,
      email,
      time: toUtcIso(date),
      message: subject,
      body: body.trim(),
      files: parseNumstat(rest),
    });
  }
  return commits;
}
