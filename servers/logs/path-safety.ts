// Decides whether a `file` argument names one of the configured log files. Pure: the caller passes the
// files the sources resolve to. Anything with `..`, NUL bytes or outside that list is refused.
import path from 'node:path';

export type PathCheck = { ok: true; file: string } | { ok: false; reason: string };

export function checkRequestedFile(requested: string, allowedFiles: readonly string[], cwd: string): PathCheck {
  const raw = requested.trim();
  if (raw.length === 0) return { ok: false, reason: 'file is empty: pass a path shown by list_sources' };
  if (raw.includes('\0')) return { ok: false, reason: 'file contains a NUL byte: pass a path shown by list_sources' };
  if (raw.split(/[\\/]+/).includes('..')) {
    return { ok: false, reason: `"${requested}" contains "..": pass a path exactly as list_sources shows it` };
  }
  const abs = path.resolve(cwd, raw);
  if (allowedFiles.includes(abs)) return { ok: true, file: abs };
  // A bare or partial name is accepted when it identifies exactly one configured file.
  if (!path.isAbsolute(raw)) {
    const suffix = path.sep + path.normalize(raw);
    const hits = allowedFiles.filter((f) => f.endsWith(suffix));
    if (hits.length === 1) return { ok: true, file: hits[0]! };
    if (hits.length > 1) {
      return { ok: false, reason: `"${requested}" matches ${hits.length} sources (${hits.slice(0, 3).join(', ')}): pass the full path` };
    }
  }
  return { ok: false, reason: `"${requested}" is not inside the configured log sources: call list_sources for the files you may read` };
}
