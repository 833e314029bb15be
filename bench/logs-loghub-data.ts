// Loads the loghub-2k benchmark files (raw lines and ground-truth event ids) and computes Grouping Accuracy.
// GA as defined in ../shared/benchmarks/README.md: a parsed group counts only if it equals one truth group.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export interface Dataset {
  name: string;
  lines: string[];
  truth: string[]; // EventId per line ('' = no ground truth)
  content: string[];
}

export function loadDataset(root: string, name: string): Dataset {
  const dir = path.join(root, name);
  const lines = readFileSync(path.join(dir, `${name}_2k.log`), 'utf8').split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  const rows = parseCsv(readFileSync(path.join(dir, `${name}_2k.log_structured.csv`), 'utf8'));
  const header = rows[0]!;
  const idCol = header.indexOf('EventId');
  const contentCol = header.indexOf('Content');
  const data = rows.slice(1).filter((r) => r.length >= header.length);
  return { name, lines, truth: data.map((r) => r[idCol] ?? ''), content: data.map((r) => r[contentCol] ?? '') };
}

export function groupingAccuracy(parsed: Array<string | number>, truth: string[]): number {
  const n = Math.min(parsed.length, truth.length);
  const truthSize = new Map<string, number>();
  const groups = new Map<string | number, Map<string, number>>();
  let total = 0;
  for (let i = 0; i < n; i++) {
    const t = truth[i]!;
    if (!t) continue;
    total++;
    truthSize.set(t, (truthSize.get(t) ?? 0) + 1);
    let g = groups.get(parsed[i]!);
    if (!g) groups.set(parsed[i]!, (g = new Map()));
    g.set(t, (g.get(t) ?? 0) + 1);
  }
  let correct = 0;
  for (const g of groups.values()) {
    if (g.size !== 1) continue;
    const [[t, c]] = [...g.entries()];
    if (truthSize.get(t!) === c) correct += c!;
  }
  return total === 0 ? 0 : correct / total;
}
