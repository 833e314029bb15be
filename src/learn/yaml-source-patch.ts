// Writes an edited yaml Document back as its original text with only the edited spans replaced: new steps,
// new fields, changed scalars and comments are spliced in, and every untouched line keeps its exact formatting.
import { Document, isMap, isScalar, isSeq, YAMLMap, YAMLSeq, type Node, type Pair, type ToStringOptions } from 'yaml';

type Edit = { at: number; end: number; text: string };

/** Raised when an edit is of a shape this patcher does not splice; the caller prints the document whole. */
class Unpatchable extends Error {}

const start = (n: Node) => n.range?.[0];
const lineStart = (src: string, pos: number) => src.lastIndexOf('\n', pos - 1) + 1;
const column = (src: string, pos: number) => pos - lineStart(src, pos);

/** The offset just past the line on which a node's value ends. */
function afterLine(src: string, end: number): number {
  if (end > 0 && src[end - 1] === '\n') return end;
  const nl = src.indexOf('\n', end);
  return nl < 0 ? src.length : nl + 1;
}

function indentLines(text: string, col: number): string {
  const pad = ' '.repeat(col);
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join('\n')
    .concat('\n');
}

function commentLines(comment: string, col: number): string {
  return indentLines(comment.split('\n').map((l) => `#${l}`).join('\n'), col);
}

export class SourcePatcher {
  private edits: Edit[] = [];

  constructor(
    private readonly src: string,
    private readonly opts: ToStringOptions,
  ) {}

  /** The patched text, or null when an edit could not be spliced. */
  patch(orig: Document, edited: Document): string | null {
    try {
      if (!orig.contents || !edited.contents) throw new Unpatchable('empty document');
      this.node(orig.contents as Node, edited.contents as Node);
    } catch (err) {
      if (err instanceof Unpatchable) return null;
      throw err;
    }
    let out = this.src;
    for (const e of [...this.edits].sort((a, b) => b.at - a.at || b.end - a.end)) out = out.slice(0, e.at) + e.text + out.slice(e.end);
    return out;
  }

  private print(node: unknown): string {
    const d = new Document();
    d.contents = node as Node;
    return d.toString(this.opts);
  }

  private node(o: Node, e: Node): void {
    if (start(e) !== start(o) || !o.range) throw new Unpatchable('a node was replaced');
    if ((e.commentBefore ?? '') !== (o.commentBefore ?? '')) {
      if (o.commentBefore || !(isMap(o) || isSeq(o)) || (o as { flow?: boolean }).flow) throw new Unpatchable('a comment changed');
      const first = this.firstItemStart(o);
      this.edits.push({ at: lineStart(this.src, first), end: lineStart(this.src, first), text: commentLines(e.commentBefore!, column(this.src, first)) });
    }
    if (isScalar(o) && isScalar(e)) {
      if (o.value !== e.value || o.type !== e.type) this.edits.push({ at: o.range[0], end: o.range[1], text: this.print(e).replace(/\n$/, '') });
      return;
    }
    if (isMap(o) && isMap(e) && !o.flow && !e.flow) return this.items(o.items as Pair<Node, Node>[], e.items as Pair<Node, Node>[], 'map', o);
    if (isSeq(o) && isSeq(e) && !o.flow && !e.flow) return this.items(o.items as Node[], e.items as Node[], 'seq', o);
    // A flow collection or anything else: equal, or replaced in place on its own line span.
    if (JSON.stringify(o.toJSON()) === JSON.stringify(e.toJSON())) return;
    if ((isMap(e) || isSeq(e)) && e.flow) {
      this.edits.push({ at: o.range[0], end: o.range[1], text: this.print(e).replace(/\n$/, '') });
      return;
    }
    throw new Unpatchable('a block node changed shape');
  }

  /** Where the first item of a block collection starts: the dash of a sequence item, the key of a map entry. */
  private firstItemStart(o: Node): number {
    const first = (o as { items: unknown[] }).items[0];
    const at = isSeq(o) ? this.dash(first as Node) : start((first as Pair<Node>).key as Node);
    if (at === undefined) throw new Unpatchable('an empty collection');
    return at;
  }

  /** The offset of the `-` in front of a block sequence item. */
  private dash(item: Node): number {
    const at = start(item);
    if (at === undefined) throw new Unpatchable('an item without a source position');
    const d = this.src.lastIndexOf('-', at);
    if (d < lineStart(this.src, at) || this.src.slice(d + 1, at).trim() !== '') throw new Unpatchable('a sequence item not on its dash line');
    return d;
  }

  private itemStart(item: Node | Pair<Node, Node>, kind: 'map' | 'seq'): number {
    const at = kind === 'seq' ? this.dash(item as Node) : start((item as Pair<Node>).key as Node);
    if (at === undefined) throw new Unpatchable('an item without a source position');
    // A comment above an item belongs to it: insert above the comment, not between it and its item.
    const comment = kind === 'seq' ? (item as Node).commentBefore : ((item as Pair<Node>).key as Node).commentBefore;
    let line = lineStart(this.src, at);
    for (let n = comment ? comment.split('\n').length : 0; n > 0 && line > 0; n--) line = lineStart(this.src, line - 1);
    return line;
  }

  private itemEnd(item: Node | Pair<Node, Node>, kind: 'map' | 'seq'): number {
    const node = kind === 'seq' ? (item as Node) : (((item as Pair<Node, Node>).value ?? (item as Pair<Node>).key) as Node);
    if (!node?.range) throw new Unpatchable('an item without a source position');
    return afterLine(this.src, node.range[1]);
  }

  private items<T extends Node | Pair<Node, Node>>(o: T[], e: T[], kind: 'map' | 'seq', parent: Node): void {
    if (o.length === 0) throw new Unpatchable('an empty block collection');
    const key = (x: T) => (kind === 'seq' ? start(x as Node) : start((x as Pair<Node>).key as Node));
    const col = column(this.src, kind === 'seq' ? this.dash(o[0] as Node) : key(o[0])!);
    const kept = new Map(o.map((x) => [key(x), x]));
    const seen = new Set<number>();
    let prev: T | null = null;
    let pending: T[] = [];
    const flush = (next: T | null) => {
      if (!pending.length) return;
      const at = prev ? this.itemEnd(prev, kind) : next ? this.itemStart(next, kind) : lineStart(this.src, parent.range![0]);
      const body = this.print(Object.assign(kind === 'seq' ? new YAMLSeq() : new YAMLMap(), { items: pending }));
      this.edits.push({ at, end: at, text: indentLines(body, col) });
      pending = [];
    };
    for (const x of e) {
      const k = key(x);
      const orig = k === undefined ? undefined : kept.get(k);
      if (!orig) {
        pending.push(x);
        continue;
      }
      flush(orig);
      seen.add(k!);
      if (kind === 'seq') this.node(orig as Node, x as Node);
      else this.pair(orig as Pair<Node, Node>, x as Pair<Node, Node>);
      prev = orig;
    }
    flush(null);
    for (const x of o) {
      if (!seen.has(key(x)!)) this.edits.push({ at: this.itemStart(x, kind), end: this.itemEnd(x, kind), text: '' });
    }
  }

  private pair(o: Pair<Node, Node>, e: Pair<Node, Node>): void {
    if (o.value && e.value) return this.node(o.value, e.value);
    if (o.value !== e.value) throw new Unpatchable('a value appeared or vanished');
  }
}
