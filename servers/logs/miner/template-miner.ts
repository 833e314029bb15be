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
function collapse(tokens: string[]): string {
  const out: string[] = [];
  for (const t of tokens) {
    const w = isWildcardLike(t) ? WILDCARD : t;
    if (!(w === WILDCARD && out[out.length - 1] === WILDCARD)) out.push(w);
  }
  return out.join(' ');
}
