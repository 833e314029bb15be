// TCPDBench v3 scoring (van den Burg & Williams 2020): F1 with a margin and segment cover, both against
// several annotators; used by bench/tcpd.ts. Predictions and annotations are 0-based change point indices.

/** Drops 0, n-1, out-of-range and duplicate predictions, as the protocol says. */
export function cleanPredictions(pred: number[], n: number): number[] {
  return [...new Set(pred.filter((p) => p > 0 && p < n - 1))].sort((a, b) => a - b);
}

/** Number of true points matched by distinct predictions within `margin` (closest unused first). */
function truePositives(truth: number[], pred: number[], margin: number): number {
  const used = new Set<number>();
  let tp = 0;
  for (const tau of truth) {
    let bestIdx = -1;
    let bestDist = Infinity;
    pred.forEach((p, i) => {
      const d = Math.abs(p - tau);
      if (d <= margin && !used.has(i) && d < bestDist) {
        bestDist = d;
        bestIdx = i;
      }
    });
    if (bestIdx >= 0) {
      used.add(bestIdx);
      tp++;
    }
  }
  return tp;
}

export function f1Score(annotations: Record<string, number[]>, predictions: number[], margin = 5): number {
  const withZero = (xs: number[]) => [...new Set([0, ...xs])].sort((a, b) => a - b);
  const pred = withZero(predictions);
  const users = Object.values(annotations).map(withZero);
  const union = [...new Set(users.flat())].sort((a, b) => a - b);
  const precision = truePositives(union, pred, margin) / pred.length;
  const recall = users.reduce((acc, u) => acc + truePositives(u, pred, margin) / u.length, 0) / users.length;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

function segments(points: number[], n: number): Array<[number, number]> {
  const cps = [...new Set([0, ...points.filter((p) => p > 0 && p < n), n])].sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  for (let i = 0; i + 1 < cps.length; i++) out.push([cps[i]!, cps[i + 1]!]);
  return out;
}

function jaccard(a: [number, number], b: [number, number]): number {
  const inter = Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
  const union = Math.max(a[1], b[1]) - Math.min(a[0], b[0]);
  return union === 0 ? 0 : inter / union;
}

export function coverScore(annotations: Record<string, number[]>, predictions: number[], n: number): number {
  const predSegs = segments(predictions, n);
  const users = Object.values(annotations);
  let total = 0;
  for (const u of users) {
    let c = 0;
    for (const r of segments(u, n)) {
      let best = 0;
      for (const p of predSegs) best = Math.max(best, jaccard(r, p));
      c += (r[1] - r[0]) * best;
    }
    total += c / n;
  }
  return total / users.length;
}
