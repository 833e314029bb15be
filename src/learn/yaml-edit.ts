// Small edits of runbook YAML through the yaml Document API; the result is the original text with only the
// edited spans replaced, so a candidate keeps the parent's comments, quoting and layout line for line.
import { isDeepStrictEqual } from 'node:util';
import { isMap, isSeq, parseDocument, type Document, type Node, type ToStringOptions, type YAMLMap, type YAMLSeq } from 'yaml';
import { SourcePatcher } from './yaml-source-patch.js';

/** The text each document was parsed from, for writing it back with its own formatting. */
const SOURCES = new WeakMap<Document, string>();

export function parseRunbookDoc(text: string): Document {
  const doc = parseDocument(text);
  SOURCES.set(doc, text);
  return doc;
}

/** Argv arrays print in flow style (`[a, b]`), as people write them. */
function flowRuns(node: Node): void {
  if (!isMap(node)) return;
  for (const pair of node.items) {
    const key = (pair.key as { value?: unknown } | null)?.value ?? pair.key;
    if ((key === 'run' || key === 'ok_exit_codes') && isSeq(pair.value)) (pair.value as YAMLSeq).flow = true;
    if (key === 'args' && isMap(pair.value)) (pair.value as YAMLMap).flow = true;
  }
}

/** Inserts steps at `index` of `steps` (or `rollback`), the first one carrying `comment` above it. */
export function insertSteps(doc: Document, index: number, steps: Array<Record<string, unknown>>, comment: string, key: 'steps' | 'rollback' = 'steps'): void {
  const seq = doc.get(key, true);
  if (!isSeq(seq)) throw new Error(`runbook has no ${key} list`);
  const nodes = steps.map((s) => {
    const n = doc.createNode(s) as Node;
    flowRuns(n);
    return n;
  });
  if (nodes[0]) nodes[0].commentBefore = ` ${comment}`;
  (seq as YAMLSeq).items.splice(index, 0, ...nodes);
}

/** Sets a field of the step at `index` (adding it when absent). */
export function setStepField(doc: Document, index: number, field: string, value: unknown, key: 'steps' | 'rollback' = 'steps'): void {
  doc.setIn([key, index, field], value);
}

export function setVersionField(doc: Document, version: number): void {
  if (doc.has('version')) doc.set('version', version);
}

/** New flow sequences follow the source's habit: `[a, b]` or `[ a, b ]`, whichever it uses more. */
function options(src: string | undefined): ToStringOptions {
  const padded = src?.match(/:\s+\[ \S/g)?.length ?? 0;
  const tight = src?.match(/:\s+\[[^\s\]]/g)?.length ?? 0;
  return { lineWidth: 0, flowCollectionPadding: padded > tight };
}

/**
 * The edited document as text: its source with the edits spliced in when it was parsed here and the splice
 * means exactly what the document means; otherwise (an edit of a shape not spliced) the whole document printed.
 */
export function render(doc: Document): string {
  const src = SOURCES.get(doc);
  const opts = options(src);
  if (src !== undefined) {
    const patched = new SourcePatcher(src, opts).patch(parseDocument(src), doc);
    if (patched !== null) {
      const back = parseDocument(patched);
      if (back.errors.length === 0 && isDeepStrictEqual(back.toJS(), doc.toJS())) return patched;
    }
  }
  return doc.toString(opts);
}
