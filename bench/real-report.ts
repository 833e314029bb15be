// bench:real's printed tables: per case and per system / fault type (rank 1, top 3, category, the two baselines),
// and, when variants ran, the same figures side by side with the cases a variant changed.
import { canonicalService, categoryPlausible, type RealCase } from './real-cases.js';
import type { CaseTimes } from './real-timing.js';

export interface Row {
  c: RealCase;
  ms: number;
  /** The same-run references timed right after this case. */
  refs: CaseTimes;
  /** The first five distinct services of the report (canonical). */
  top: string[];
  category: string;
  summary: string;
  error?: string;
  baseErrors: string[];
  baseCpu: string[];
  /** A service name of this run back to the original's (the identity for the original). */
  original: (svc: string) => string;
}

export const truthOf = (r: Row) => canonicalService(r.c.truth.service);
export const at = (list: string[], r: Row, n: number) => list.slice(0, n).includes(truthOf(r));
const pct = (k: number, n: number) => `${k}/${n} ${n ? Math.round((100 * k) / n) : 0}%`;
const line = (cells: string[], widths: number[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 12)).join(' ');

/** Rows by "system / fault", "system (all)", "fault: x" and "all", in that order. */
function groups(rows: Row[]): Array<[string, Row[]]> {
  const out = new Map<string, Row[]>();
  for (const r of rows) {
    for (const key of [`${r.c.truth.system} / ${r.c.truth.fault_type}`, `${r.c.truth.system} (all)`, `fault: ${r.c.truth.fault_type}`, 'all']) out.set(key, [...(out.get(key) ?? []), r]);
  }
  const order = [...out.keys()].sort((a, b) => (a === 'all' ? 1 : b === 'all' ? -1 : a.startsWith('fault') === b.startsWith('fault') ? a.localeCompare(b) : a.startsWith('fault') ? 1 : -1));
  return order.map((k) => [k, out.get(k)!]);
}

export function printRows(title: string, rows: Row[]): void {
  console.log(`\n${title}per case (${rows.length}): injected service -> engine's top 3 | baselines' first`);
  for (const r of rows) {
    const ok = at(r.top, r, 1) ? 'r1 ' : at(r.top, r, 3) ? 'top3' : 'MISS';
    const cat = categoryPlausible(r.c.truth.fault_type, r.category) ? '' : ' (category?)';
    console.log(`  ${ok.padEnd(4)} ${r.c.name.padEnd(26)} ${r.c.truth.fault_type.padEnd(14)} ${truthOf(r).padEnd(28)} -> ${r.error ? `ERROR ${r.error}` : r.top.slice(0, 3).join(', ')} [${r.category}]${cat} | errors: ${r.baseErrors[0] ?? '-'}, cpu: ${r.baseCpu[0] ?? '-'}`);
  }
  const W = [28, 6, 12, 12, 12, 12, 12, 12, 12];
  console.log('\n' + line(['group', 'cases', 'rank 1', 'top 3', 'category ok', 'errors r1', 'errors top3', 'cpu r1', 'cpu top3'], W));
  for (const [key, g] of groups(rows)) {
    const n = (f: (r: Row) => boolean) => pct(g.filter(f).length, g.length);
    console.log(line([key, String(g.length), n((r) => at(r.top, r, 1)), n((r) => at(r.top, r, 3)), n((r) => categoryPlausible(r.c.truth.fault_type, r.category)), n((r) => at(r.baseErrors, r, 1)), n((r) => at(r.baseErrors, r, 3)), n((r) => at(r.baseCpu, r, 1)), n((r) => at(r.baseCpu, r, 3))], W));
  }
}

/**
 * The original next to each variant: rank 1 / top 3 per group, then every case a variant scored differently, and
 * every case whose ranking (names mapped back) differs at all, which for a pure renaming should be none.
 */
export function printComparison(runs: Array<[string, Row[]]>): void {
  const [, base] = runs[0]!;
  const W = [28, 6, ...runs.map(() => 16)];
  console.log('\n' + line(['rank 1 / top 3', 'cases', ...runs.map(([name]) => name)], W));
  const keyed = runs.map(([name, rows]) => [name, new Map(groups(rows))] as const);
  for (const [key, g] of groups(base)) {
    const cells = keyed.map(([, m]) => {
      const rows = m.get(key) ?? [];
      return `${rows.filter((r) => at(r.top, r, 1)).length}/${rows.filter((r) => at(r.top, r, 3)).length}`;
    });
    console.log(line([key, String(g.length), ...cells], W));
  }
  const byCase = new Map(base.map((r) => [r.c.name, r]));
  for (const [name, rows] of runs.slice(1)) {
    const worse: string[] = [];
    const better: string[] = [];
    const changed: string[] = [];
    for (const r of rows) {
      const o = byCase.get(r.c.name);
      if (!o) continue;
      const mine = r.top.map(r.original).join(', ');
      if (at(o.top, o, 1) && !at(r.top, r, 1)) worse.push(`${r.c.name} (${o.top[0]} -> ${r.top.map(r.original)[0] ?? r.error ?? '-'})`);
      if (!at(o.top, o, 1) && at(r.top, r, 1)) better.push(r.c.name);
      if (mine !== o.top.join(', ')) changed.push(`${r.c.name}: ${o.top.join(', ')} -> ${mine}`);
    }
    console.log(`\n${name}: ${worse.length} case(s) right at rank 1 in the original and not here${worse.length ? `: ${worse.join('; ')}` : ''}`);
    if (better.length) console.log(`${name}: ${better.length} case(s) right at rank 1 here and not in the original: ${better.join(', ')}`);
    console.log(`${name}: ${changed.length} ranking(s) (top 5, names mapped back) differ from the original's${changed.length ? ':' : ''}`);
    for (const c of changed) console.log(`  ${c}`);
  }
}
