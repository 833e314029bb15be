// The work of `rca patterns`: every line of the files through one template miner, ranked, and rendered as a table
// or one template id per line. Apart from the command's registration, which every rca run loads.
import { stat } from 'node:fs/promises';
import { UsageError } from '../../core/errors.js';
import { redact } from '../../core/redact.js';
import { readHead } from '../../core/logs/chunk-reader.js';
import { forEachLine } from '../../core/logs/line-reader.js';
import { looksBinary } from '../../core/logs/file-info.js';
import { detectFormat, parserFor } from '../../core/logs/formats.js';
import { contentOf, learnHeader } from '../../core/logs/miner/header.js';
import { TemplateMiner } from '../../core/logs/miner/template-miner.js';

export interface PatternRow {
  id: string;
  count: number;
  template: string;
  example: string;
}

export interface PatternsResult {
  files: string[];
  lines: number;
  patterns: PatternRow[];
  per_line?: Array<{ file: string; line: number; id: string }>;
}

/** Mines every line of the files with one miner; ids are T1.. by descending count. */
export async function minePatterns(files: string[], perLine: boolean): Promise<PatternsResult> {
  const miner = new TemplateMiner();
  const lineClusters: number[] = [];
  const lineRefs: Array<[number, number]> = []; // file index, line number
  const examples = new Map<number, string>();
  let total = 0;
  for (const [fileIndex, file] of files.entries()) {
    const st = await stat(file).catch(() => null);
    if (!st || !st.isFile()) throw new UsageError(`${file}: not a readable file`, 'pass paths to log files');
    const head = await readHead(file);
    if (looksBinary(head)) throw new UsageError(`${file}: binary file, not a text log`);
    const sample = head.toString('utf8').split('\n').slice(0, 2000).map((l) => l.replace(/\r$/, ''));
    const format = detectFormat(sample, Date.now());
    // Structured lines carry their message in a field; text lines have a header learned from the sample.
    const structured = format === 'json' || format === 'logfmt' ? parserFor(format, Date.now()) : null;
    const header = learnHeader(sample);
    await forEachLine(file, (lineNo, text) => {
      if (text.trim().length === 0) return;
      const message = structured?.(text)?.message ?? contentOf(header, text);
      const id = miner.add(message);
      total++;
      if (!examples.has(id)) examples.set(id, text.length > 300 ? `${text.slice(0, 300)}…` : text);
      if (perLine) {
        lineClusters.push(id);
        lineRefs.push([fileIndex, lineNo]);
      }
    });
  }
  const groups = miner.groups();
  const counts = new Map<number, number>();
  for (const t of miner.templates()) {
    const g = groups.get(t.id) ?? t.id;
    counts.set(g, (counts.get(g) ?? 0) + t.count);
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const label = new Map(ranked.map(([g], i) => [g, `T${i + 1}`]));
  const patterns = ranked.map(([g, count]) => ({ id: label.get(g)!, count, template: redact(miner.template(g)), example: redact(examples.get(g) ?? '') }));
  const result: PatternsResult = { files, lines: total, patterns };
  if (perLine) {
    result.per_line = lineClusters.map((c, i) => ({ file: files[lineRefs[i]![0]]!, line: lineRefs[i]![1], id: label.get(groups.get(c) ?? c)! }));
  }
  return result;
}

export function renderTable(r: PatternsResult, top: number): string {
  const rows = r.patterns.slice(0, top);
  const width = Math.max(5, ...rows.map((p) => String(p.count).length));
  const idWidth = Math.max(2, ...rows.map((p) => p.id.length));
  const out = [`${'count'.padStart(width)}  ${'id'.padEnd(idWidth)}  template`];
  for (const p of rows) out.push(`${String(p.count).padStart(width)}  ${p.id.padEnd(idWidth)}  ${p.template}`);
  out.push(`${r.patterns.length} templates over ${r.lines} lines${rows.length < r.patterns.length ? ` (top ${rows.length} shown)` : ''}`);
  return `${out.join('\n')}\n`;
}

export function renderPerLine(r: PatternsResult): string {
  const multi = r.files.length > 1;
  return `${(r.per_line ?? []).map((l) => `${multi ? `${l.file}:` : ''}${l.line}\t${l.id}`).join('\n')}\n`;
}
