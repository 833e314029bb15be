// Loads runbook YAML keeping source positions (parseDocument + LineCounter), so every problem -- YAML
// syntax, schema, or the semantic checks in lint-rules.ts -- is reported as file:line:column.
import { readFileSync, statSync } from 'node:fs';
import { isMap, isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { runbookSchema, type Runbook } from './schema.js';
import { semanticProblems, type PathSeg } from './lint-rules.js';

export interface Problem {
  file: string;
  line: number;
  col: number;
  message: string;
}

export interface Loaded {
  file: string;
  text: string;
  runbook: Runbook | null;
  problems: Problem[];
}

/** Finds the line/column of a path in the document (the key when `atKey`), falling back to the nearest parent. */
export function locate(doc: Document, lc: LineCounter, path: PathSeg[], atKey = false): { line: number; col: number } {
  for (let n = path.length; n >= 0; n--) {
    const sub = path.slice(0, n);
    if (atKey && n === path.length && n > 0) {
      const parent = sub.length > 1 ? doc.getIn(sub.slice(0, -1), true) : doc.contents;
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isNode(p.key) && (p.key as { value?: unknown }).value === sub[sub.length - 1]);
        if (pair && isNode(pair.key) && pair.key.range) return lc.linePos(pair.key.range[0]);
      }
      continue;
    }
    const node = sub.length === 0 ? doc.contents : doc.getIn(sub, true);
    if (isNode(node) && node.range) return lc.linePos(node.range[0]);
  }
  return { line: 1, col: 1 };
}

/** A runbook is a page of steps: these bounds keep a runaway file from holding the parser for minutes. */
export const MAX_RUNBOOK_BYTES = 1024 * 1024;

const tooBig = (bytes: number) =>
  `the runbook is ${(bytes / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_RUNBOOK_BYTES / 1024 / 1024} MB (split it into several runbooks)`;

/** Parses runbook text; `runbook` is null when any problem was found. */
export function loadRunbookText(text: string, file: string): Loaded {
  if (Buffer.byteLength(text) > MAX_RUNBOOK_BYTES) return { file, text, runbook: null, problems: [{ file, line: 1, col: 1, message: tooBig(Buffer.byteLength(text)) }] };
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = [];
  for (const err of doc.errors) {
    const pos = err.linePos?.[0] ?? lc.linePos(err.pos[0]);
    problems.push({ file, line: pos.line, col: pos.col, message: `YAML: ${err.message.split('\n')[0]}` });
  }
  if (problems.length) return { file, text, runbook: null, problems };
  let raw: unknown;
  try {
    // toJS refuses alias expansion past its limit (a "billion laughs" YAML bomb).
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    return { file, text, runbook: null, problems: [{ file, line: 1, col: 1, message: `YAML: ${(err as Error).message} (anchors and aliases expand too far)` }] };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { file, text, runbook: null, problems: [{ file, line: 1, col: 1, message: 'a runbook is a YAML mapping with id, title and steps' }] };
  }
  const parsed = runbookSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((s): s is PathSeg => typeof s === 'string' || typeof s === 'number');
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const pos = locate(doc, lc, [...path, key], true);
          problems.push({ file, ...pos, message: `unknown field "${key}"${path.length ? ` in ${fmtPath(path)}` : ''}` });
        }
        continue;
      }
      const missing = issue.code === 'invalid_type' && issue.message.includes('undefined');
      const pos = locate(doc, lc, missing ? path.slice(0, -1) : path);
      const what = missing ? `${fmtPath(path)} is required` : `${fmtPath(path) || 'runbook'}: ${issue.message}`;
      problems.push({ file, ...pos, message: what });
    }
    return { file, text, runbook: null, problems: sortProblems(problems) };
  }
  for (const p of semanticProblems(parsed.data)) {
    problems.push({ file, ...locate(doc, lc, p.path, p.atKey === true), message: p.message });
  }
  return { file, text, runbook: problems.length ? null : parsed.data, problems: sortProblems(problems) };
}

export function loadRunbookFile(file: string): Loaded {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_RUNBOOK_BYTES) return { file, text: '', runbook: null, problems: [{ file, line: 1, col: 1, message: tooBig(size) }] };
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { file, text: '', runbook: null, problems: [{ file, line: 0, col: 0, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }] };
  }
  return loadRunbookText(text, file);
}

export function fmtPath(path: PathSeg[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}`;
}

function sortProblems(ps: Problem[]): Problem[] {
  return [...ps].sort((a, b) => a.line - b.line || a.col - b.col);
}
