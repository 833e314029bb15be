// A Drain-style online template miner (He et al. 2017): a fixed-depth parse tree keyed by token count and
// the first tokens, then the most similar template in the leaf; differing positions become wildcards.
import { WILDCARD } from './mask.js';

export interface MinerConfig {
  /** Leading tokens used as tree levels below the length level. */
  prefixDepth: number;
  /** Share of equal positions needed to join a template. */
  similarity: number;
  /** Children per tree node before new tokens share the wildcard child. */
  maxChildren: number;
  /** Upper bound on templates kept, so memory stays bounded on any input. */
  maxClusters: number;
}

export const DEFAULT_MINER_CONFIG: MinerConfig = { prefixDepth: 2, similarity: 0.7, maxChildren: 100, maxClusters: 10_000 };

export interface Cluster {
  id: number;
  tokens: string[];
  count: number;
}

interface Node {
  children: Map<string, Node>;
  clusters: Cluster[];
}

// Hosts, bundle ids and class names (`com.apple.x.y:`) vary where an event's words do not: they do not
// pick the tree branch.
const DOTTED_NAME = /^[A-Za-z_][\w-]*(?:\.[\w-]+){2,}:?$/;

const newNode = (): Node => ({ children: new Map(), clusters: [] });

export class DrainTree {
  private readonly root = newNode();
  readonly clusters: Cluster[] = [];

  constructor(private readonly config: MinerConfig = DEFAULT_MINER_CONFIG) {}

  /** Adds one tokenized message and returns the cluster it joined or founded. */
  add(tokens: string[]): Cluster {
    const leaf = this.leafFor(tokens);
    const hit = this.bestMatch(leaf.clusters, tokens, this.config.similarity);
    if (hit) {
      hit.count++;
      for (let i = 0; i < tokens.length; i++) if (hit.tokens[i] !== tokens[i]) hit.tokens[i] = WILDCARD;
      return hit;
    }
    if (this.clusters.length >= this.config.maxClusters) {
      // Saturated: attach to the nearest template of this shape, or to a catch-all per length.
      const near = leaf.clusters[0];
      if (near) {
        near.count++;
        return near;
      }
    }
    const cluster: Cluster = { id: this.clusters.length, tokens: tokens.slice(), count: 1 };
    this.clusters.push(cluster);
    leaf.clusters.push(cluster);
    return cluster;
  }

  private leafFor(tokens: string[]): Node {
    let node = this.child(this.root, String(tokens.length));
    const depth = Math.min(this.config.prefixDepth, tokens.length);
    for (let i = 0; i < depth; i++) {
      const t = tokens[i]!;
      const key = t.includes(WILDCARD) || DOTTED_NAME.test(t) ? WILDCARD : node.children.has(t) || node.children.size < this.config.maxChildren ? t : WILDCARD;
      node = this.child(node, key);
    }
    return node;
  }

  private child(node: Node, key: string): Node {
    let c = node.children.get(key);
    if (!c) {
      c = newNode();
      node.children.set(key, c);
    }
    return c;
  }

  private bestMatch(clusters: Cluster[], tokens: string[], threshold: number): Cluster | null {
    let best: Cluster | null = null;
    let bestSim = -1;
    let bestParams = -1;
    for (const c of clusters) {
      // Positions already known to vary (or masked in the message) say nothing about the match, so the
      // share is taken over the remaining constant positions only.
      let same = 0;
      let params = 0;
      for (let i = 0; i < tokens.length; i++) {
        const t = c.tokens[i]!;
        if (t === WILDCARD || tokens[i] === WILDCARD) params++;
        else if (t === tokens[i]) same++;
      }
      const constant = tokens.length - params;
      // Nothing constant to compare (all values): only an identical shape joins.
      const sim = constant === 0 ? (c.tokens.every((t, i) => t === tokens[i]) ? 1 : 0) : same / constant;
      if (sim > bestSim || (sim === bestSim && params > bestParams)) {
        best = c;
        bestSim = sim;
        bestParams = params;
      }
    }
    return best && bestSim >= threshold ? best : null;
  }
}

