// Pure checks for every value a caller sends that ends up on git's command line (shas, refs, paths, queries).
// Each returns the cleaned value or throws ToolInputError saying what to fix, so nothing can be read as an option.
import { ToolInputError } from '../../src/core/tool-kit.js';

const CONTROL_RE = /[\u0000-\u001f\u007f]/;

/** Rejects values git could take as an option or that carry control characters (NUL, newlines). */
export function assertNotOption(value: string, what: string): string {
  if (value.startsWith('-')) {
    throw new ToolInputError(`${what} "${value}" starts with "-", which git would read as an option; pass the plain value without leading dashes`);
  }
  if (CONTROL_RE.test(value)) {
    throw new ToolInputError(`${what} contains control characters (newline, NUL, ...); pass a single plain line`);
  }
  return value;
}

/** A full or abbreviated commit sha: 4 to 40 hex digits (64 for SHA-256 repositories). */
export function isSha(value: string): boolean {
  return /^[0-9a-f]{4,40}$/i.test(value) || /^[0-9a-f]{64}$/i.test(value);
}

/**
 * A ref name by git's check-ref-format rules (branch or tag such as v2.4.1, main, origin/main, HEAD),
 * without revision syntax other than trailing ~N / ^N ancestry suffixes.
 */
export function isRefName(value: string): boolean {
  if (value.length === 0 || value.length > 255) return false;
  if (value.startsWith('-') || value.startsWith('/') || value.endsWith('/') || value.endsWith('.')) return false;
  if (value.endsWith('.lock') || value.includes('..') || value.includes('//') || value.includes('@{')) return false;
  if (value === '@') return false;
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(value)) return false;
  return value.split('/').every((part) => part.length > 0 && !part.startsWith('.') && !part.endsWith('.lock'));
}

/** Splits "v2.4.1~2" / "HEAD^" into base and an ancestry suffix, or null when the suffix is malformed. */
function splitAncestry(value: string): { base: string; suffix: string } | null {
  const m = /^(.*?)((?:[~^]\d*)*)$/.exec(value);
  if (!m) return null;
  return { base: m[1]!, suffix: m[2]! };
}

/**
 * Validates a commit reference from a caller: a sha, or a branch/tag name with optional ~N/^N suffixes.
 * Returns it unchanged; throws ToolInputError naming what to pass instead.
 */
export function validateRevision(value: string, what = 'sha'): string {
  const v = assertNotOption(value.trim(), what);
  if (v.length === 0) throw new ToolInputError(`${what} is empty; pass a commit sha from get_recent_commits or a tag from get_deployments`);
  const parts = splitAncestry(v);
  if (parts && parts.base.length > 0 && (isSha(parts.base) || isRefName(parts.base))) return v;
  throw new ToolInputError(
    `${what} "${v}" is not a valid sha or ref name; pass a commit sha (4-40 hex digits) as returned by get_recent_commits, or a tag such as v1.2.3`,
  );
}

/**
 * Validates a repository-relative path filter: no leading "-", no ".." segments, no absolute paths.
 * Trailing slashes are kept (they still match the directory).
 */
export function validateRepoPath(value: string): string {
  const v = assertNotOption(value.trim(), 'path');
  if (v.length === 0) throw new ToolInputError('path is empty; pass a file or directory relative to the repository root, e.g. config/ or src/api/checkout.py');
  if (v.startsWith('/')) {
    throw new ToolInputError(`path "${v}" is absolute; pass it relative to the repository root, e.g. config/database.yaml`);
  }
  if (v.split('/').includes('..')) {
    throw new ToolInputError(`path "${v}" contains "..", which leaves the repository; pass a path inside it relative to the root`);
  }
  return v.replace(/^\.\//, '');
}

/** Validates a free-text search query: non-empty, one line, not option-like. */
export function validateQuery(value: string): string {
  const v = value.trim();
  if (v.length === 0) throw new ToolInputError('query is empty; pass a word or phrase to look for, e.g. "pool" or an author name');
  return assertNotOption(v, 'query');
}

/** Escapes a literal for git's POSIX extended regular expressions (used by -G). */
export function escapeExtendedRegex(literal: string): string {
  return literal.replace(/[.[\]()*+?{}|^$\\]/g, (c) => `\\${c}`);
}
