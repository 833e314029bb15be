// The line diff behind the reviewer's parent -> candidate view and the lines an improvement added, on the
// maintained `diff` (jsdiff) package: removed lines come before the lines that replace them, as in git.
import { diffLines as jsDiffLines, structuredPatch } from 'diff';

export type DiffOp = { op: 'same' | 'add' | 'del'; text: string; oldNo: number | null; newNo: number | null };

/** Both sides end with one newline, so a missing final newline is not reported as a change. */
const terminated = (s: string) => (s === '' || s.endsWith('\n') ? s : `${s}\n`);

export function diffLines(a: string, b: string): DiffOp[] {
  const out: DiffOp[] = [];
  let oldNo = 1;
  let newNo = 1;
  for (const part of jsDiffLines(terminated(a), terminated(b))) {
    for (const text of part.value.replace(/\n$/, '').split('\n')) {
      if (part.added) out.push({ op: 'add', text, oldNo: null, newNo: newNo++ });
      else if (part.removed) out.push({ op: 'del', text, oldNo: oldNo++, newNo: null });
      else out.push({ op: 'same', text, oldNo: oldNo++, newNo: newNo++ });
    }
  }
  return out;
}

export type UnifiedLine = { kind: 'header' | 'hunk' | 'same' | 'add' | 'del'; text: string };

/** Unified diff lines (---/+++ headers, @@ hunks, ' '/'+'/'-' prefixes) with `context` lines around changes. */
export function unifiedDiff(a: string, b: string, opts: { from?: string; to?: string; context?: number } = {}): UnifiedLine[] {
  const patch = structuredPatch(opts.from ?? 'a', opts.to ?? 'b', terminated(a), terminated(b), undefined, undefined, { context: opts.context ?? 3 });
  if (patch.hunks.length === 0) return [];
  const out: UnifiedLine[] = [
    { kind: 'header', text: `--- ${opts.from ?? 'a'}` },
    { kind: 'header', text: `+++ ${opts.to ?? 'b'}` },
  ];
  for (const h of patch.hunks) {
    out.push({ kind: 'hunk', text: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@` });
    for (const l of h.lines) {
      if (l.startsWith('\\')) continue; // "\ No newline at end of file": both sides were terminated above
      out.push({ kind: l[0] === '+' ? 'add' : l[0] === '-' ? 'del' : 'same', text: l });
    }
  }
  return out;
}

/** The lines of `b` that are not in `a` (by the diff), joined: what an edit added. */
export function addedText(a: string, b: string): string {
  return diffLines(a, b)
    .filter((o) => o.op === 'add')
    .map((o) => o.text)
    .join('\n');
}
