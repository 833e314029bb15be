// Small edits of runbook YAML through the yaml Document API, so a candidate keeps the parent's comments
// and layout and the reviewer's diff shows only what the repair changed.
import { isMap, isSeq, parseDocument, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';

export function parseRunbookDoc(text: string): Document {
  return parseDocument(text, { keepSourceTokens: false });
}

/** Argv arrays print in flow style (`[a, b]`), as people write them. */
function flowRuns(node: Node): void {
  if (!isMap(node)) return;
  for (const pair of node.items) {
    const key = (pair.key as { value?: unknown } | null)?.value;
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

export function render(doc: Document): string {
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
