// Whether a signature is new when the baseline was only sampled: absence from the pieces read proves nothing for a
// rare message, so it is new only when, at its share of the window's pieces, the baseline's pieces would almost
// surely have held it. The unit is the piece (entries come in bursts, pieces are what was drawn).

/** What the sampled pieces of one file held: per window, how many pieces had entries of it. */
export interface PieceTally {
  window: number;
  baseline: number;
  /** Baseline entries read from pieces, and the entries they stand for (their weights): the share read. */
  baselineRead: number;
  baselineWeighted: number;
  /** Start of the last piece counted for each window (entries come in file order, piece by piece). */
  lastWindow: number;
  lastBaseline: number;
}

/** Per file index: its tally (units of a split file are added up). */
export type PieceTallies = Map<number, PieceTally>;

/** Per file index: how many sampled pieces held a message in the window (the last one to count each once). */
export type PieceHits = Map<number, { pieces: number; last: number }>;

/** Below this chance of missing a message the baseline had at its window share, its absence counts (a 5 % test). */
export const ALPHA = 0.05;

/** Counts the piece of an entry read from a sampled piece (`from`: the piece's start, unique in its file). */
export function tallyPiece(tallies: PieceTallies, fileIndex: number, from: number, inWindow: boolean, inBaseline: boolean, weight: number): void {
  let t = tallies.get(fileIndex);
  if (!t) tallies.set(fileIndex, (t = { window: 0, baseline: 0, baselineRead: 0, baselineWeighted: 0, lastWindow: -1, lastBaseline: -1 }));
  if (inWindow && t.lastWindow !== from) {
    t.window++;
    t.lastWindow = from;
  }
  if (inBaseline) {
    if (t.lastBaseline !== from) {
      t.baseline++;
      t.lastBaseline = from;
    }
    t.baselineRead++;
    t.baselineWeighted += weight;
  }
}

/** Counts a window entry of a message read from a sampled piece. */
export function hitPiece(hits: PieceHits, fileIndex: number, from: number): void {
  const h = hits.get(fileIndex);
  if (!h) hits.set(fileIndex, { pieces: 1, last: from });
  else if (h.last !== from) {
    h.pieces++;
    h.last = from;
  }
}

export function mergeTallies(into: PieceTallies, from: PieceTallies): void {
  for (const [f, t] of from) {
    const had = into.get(f);
    if (!had) into.set(f, { ...t });
    else {
      had.window += t.window;
      had.baseline += t.baseline;
      had.baselineRead += t.baselineRead;
      had.baselineWeighted += t.baselineWeighted;
    }
  }
}

export function mergeHits(into: PieceHits, from: PieceHits): void {
  for (const [f, h] of from) {
    const had = into.get(f);
    if (had) had.pieces += h.pieces;
    else into.set(f, { ...h });
  }
}

export interface Novelty {
  new: boolean;
  /** Set when the baseline of the message's files was sampled: what the judgement rests on, for the answer. */
  note?: string;
}

const pct = (x: number) => `${x >= 0.995 ? '>99' : x < 0.01 ? '<1' : Math.round(x * 100)} %`;

/**
 * A message seen in the window but not in the baseline read. Where its files' baselines were read in full, that
 * absence is a fact; where they were sampled, under "it ran in the baseline at its window rate" each baseline piece
 * holds it with the share p of the window's pieces that did, so all n baseline pieces miss it with chance (1-p)^n
 * (times over its files): it is new only when that chance is at most ALPHA.
 */
export function judgeAbsence(hits: PieceHits, tallies: PieceTallies): Novelty {
  let miss = 1;
  let read = 0;
  let weighted = 0;
  let sampled = false;
  for (const [f, h] of hits) {
    const t = tallies.get(f);
    if (!t || t.baseline === 0 || t.window === 0) continue; // baseline read in full (or not in this file): exact
    sampled = true;
    miss *= (1 - Math.min(1, h.pieces / t.window)) ** t.baseline;
    read += t.baselineRead;
    weighted += t.baselineWeighted;
  }
  if (!sampled) return { new: true };
  const share = `${pct(read / Math.max(1, weighted))} of the baseline read (sampled)`;
  const shown = pct(1 - miss);
  return miss <= ALPHA
    ? { new: true, note: `not in the ${share}; at its window rate it would have shown in ${shown} of such samples` }
    : { new: false, note: `not in the ${share}, but too rare in the window to call new: at its window rate it would have shown in only ${shown} of such samples` };
}
