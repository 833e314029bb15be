// The template miner's one entry point: mask, tokenize and mine messages into templates with ONE default
// configuration, used alike by error_signatures, `rca patterns` and the loghub benchmark.
import { DEFAULT_MINER_CONFIG, DrainTree, type Cluster, type MinerConfig } from './drain.js';
import { isWildcardLike, tokenize, WILDCARD } from './mask.js';

export interface Template {
  id: number;
  template: string;
  count: number;
}

export class TemplateMiner {
  private readonly tree: DrainTree;

  constructor(config: MinerConfig = DEFAULT_MINER_CONFIG) {
    this.tree = new DrainTree(config);
  }

  /** Mines one message; returns the cluster id (stable for the life of the miner). */
  add(message: string): number {
    return this.tree.add(tokenize(message)).id;
  }

  /** Mines a message already tokenized by `tokenize` (scans that mask in one thread and mine in another). */
  addTokens(tokens: string[]): number {
    return this.tree.add(tokens).id;
  }

  get size(): number {
    return this.tree.clusters.length;
  }

  /** The current template text of a cluster. */
  template(id: number): string {
    return render(this.tree.clusters[id]!);
  }

  /**
   * Final grouping: clusters whose templates read the same once runs of values are collapsed are one
   * event logged with a variable number of value tokens. Returns a map cluster id -> group id (a cluster id).
   */
  groups(): Map<number, number> {
    const byKey = new Map<string, number>();
    const out = new Map<number, number>();
    for (const c of this.tree.clusters) {
      const key = collapse(c.tokens);
      const g = byKey.get(key);
      if (g === undefined) {
        byKey.set(key, c.id);
        out.set(c.id, c.id);
      } else out.set(c.id, g);
    }
    return out;
  }

  templates(): Template[] {
    return this.tree.clusters.map((c) => ({ id: c.id, template: render(c), count: c.count }));
  }
}

function render(c: Cluster): string {
  return c.tokens.join(' ');
}

/** A template with each run of values as one wildcard: templates equal on it differ only in how many values they hold. */
// A unit right after a value belongs to it (`<1 sec`, `(18.4 KB)`), so `lifetime 00:01` and `lifetime <1 sec` agree.
const UNIT = /^(?:ms|us|ns|s|secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|[KMGT]i?B)[),.;:]*$/i;

function collapse(tokens: string[]): string {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    // A parenthesised value aside, `(18.4 KB)`, is optional detail: leave it out of the comparison.
    if (t.startsWith('(') && isWildcardLike(t)) {
      let j = i;
      while (j < tokens.length - 1 && j - i < 2 && !tokens[j]!.endsWith(')') && (isWildcardLike(tokens[j + 1]!) || UNIT.test(tokens[j + 1]!))) j++;
      // (Drain may have turned `KB)` / `MB)` into a bare wildcard, losing the parenthesis.)
      if (tokens[j]!.endsWith(')') || (j === i + 1 && tokens[j] === WILDCARD)) {
        i = j;
        continue;
      }
    }
    if (out[out.length - 1] === WILDCARD && UNIT.test(t)) continue;
    const w = isWildcardLike(t) ? WILDCARD : t;
    if (!(w === WILDCARD && out[out.length - 1] === WILDCARD)) out.push(w);
  }
  return out.join(' ');
}
