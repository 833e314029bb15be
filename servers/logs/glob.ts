// Minimal glob support for --source (Node 20 has no fs.glob): `*`, `?`, `[abc]` within a segment, `**` across them.
// Pure helpers: the walk itself lives in sources.ts.
import path from 'node:path';

export function isGlob(p: string): boolean {
  return /[*?[]/.test(p);
}

/** The directory to walk from: the leading segments free of wildcards. */
export function globBase(pattern: string): string {
  const abs = path.resolve(pattern);
  const parts = abs.split(path.sep);
  const fixed: string[] = [];
  for (const part of parts) {
    if (isGlob(part)) break;
    fixed.push(part);
  }
  return fixed.join(path.sep) || path.sep;
}

/** Compiles a glob to a RegExp over absolute paths. */
export function globToRegExp(pattern: string): RegExp {
  const abs = path.resolve(pattern);
  let re = '';
  for (let i = 0; i < abs.length; i++) {
    const c = abs[i]!;
    if (c === '*') {
      if (abs[i + 1] === '*') {
        const slash = abs[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = abs.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${abs.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += /[.+^${}()|\\]/.test(c) ? `\\${c}` : c;
  }
  return new RegExp(`^${re}$`);
}
