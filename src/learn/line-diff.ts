// A small pure line diff (LCS) and its unified form with context, for the reviewer's parent -> candidate
// view and for finding the lines an improvement added. Runbooks are short, so O(n*m) is fine.

export type DiffOp = { op: 'same' | 'add' | 'del'; text: string; oldNo: number | null; newNo: number | null };

export function diffLines(a: string, b: string): DiffOp[] {
  const x = a.length ? a.replace(/\n$/, '').split('\n') : [];
  const y = b.length ? b.replace(/\n$/, '').split('\n') : [];
  const n = x.length;
  const m = y.length;
  // lcs[i][j] = LCS length of x[i..] and y[j..]
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const out: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && x[i] === y[j]) {
      out.push({ op: 'same', text: x[i], oldNo: i + 1, newNo: j + 1 });
      i++;
      j++;
    } else if (j < m && (i >= n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out.push({ op: 'add', text: y[j], oldNo: null, newNo: j + 1 });
      j++;
    } else {
      out.push({ op: 'del', text: x[i], oldNo: i + 1, newNo: null });
      i++;
    }
  }
  return out;
}

export type UnifiedLine = { kind: 'header' | 'hunk' | 'same' | 'add' | 'del'; text: string };

/** Unified diff lines (---/+++ headers, @@ hunks, ' '/'+'/'-' prefixes) with `context` lines around changes. */
export function unifiedDiff(a: string, b: string, opts: { from?: string; to?: string; context?: number } = {}): UnifiedLine[] {
  const ops = diffLines(a, b);
  const ctx = opts.context ?? 3;
  const changed = ops.map((o, k) => (o.op !== 'same' ? k : -1)).filter((k) => k >= 0);
  if (changed.length === 0) return [];
  const out: UnifiedLine[] = [
    { kind: 'header', text: `--- ${opts.from ?? 'a'}` },
    { kind: 'header', text: `+++ ${opts.to ?? 'b'}` },
  ];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k] - ctx);
    let end = Math.min(ops.length - 1, changed[k] + ctx);
    while (k + 1 < changed.length && changed[k + 1] - ctx <= end + 1) {
      k++;
      end = Math.min(ops.length - 1, changed[k] + ctx);
    }
    const slice = ops.slice(start, end + 1);
    const oldStart = slice.find((o) => o.oldNo !== null)?.oldNo ?? 0;
    const newStart = slice.find((o) => o.newNo !== null)?.newNo ?? 0;
    const oldLen = slice.filter((o) => o.op !== 'add').length;
    const newLen = slice.filter((o) => o.op !== 'del').length;
    out.push({ kind: 'hunk', text: `@@ -${oldStart},${oldLen} +${newStart},${newLen} @@` });
    for (const o of slice) out.push({ kind: o.op, text: `${o.op === 'add' ? '+' : o.op === 'del' ? '-' : ' '}${o.text}` });
    k++;
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
