// Reads the evenly spaced pieces of a sampled window inside the time budget: when the pace says the planned pieces
// would end past the deadline, the rest are thinned (every k-th kept, weighing for k) so the sample spans the window.

/** A stretch of the window one piece is taken from (a 1 MiB block, or a cell of an even grid). */
export interface Stratum {
  from: number;
  to: number;
  firstLine: number;
}

/** One piece to read: its bytes, how many entries of the window each entry read stands for, and its number. */
export interface Piece {
  from: number;
  to: number;
  firstLine: number;
  weight: number;
  /** 1, 2, ... in read order: a sampled signature is judged by how many pieces held it (signature-parts.ts). */
  index: number;
}

export interface PacedRead {
  /** Bytes of the strata the pieces stood for. */
  windowBytes: number;
  readBytes: number;
  pieces: number;
  /** Largest k used: 1 when every planned piece was read. */
  thinnedTo: number;
}

/** Smallest piece: a few dozen lines, so a piece holds whole entries despite its cut first line. */
export const MIN_PIECE = 4096;
/**
 * Pieces still read over the rest of the window once the deadline has passed (a call queued behind others starts
 * late): a sparse but even sample costs milliseconds, where nothing at all would silently drop the window's end.
 */
const PIECES_PAST_DEADLINE = 48;
/** Share of the time left that the projected rest may take (the merge and the answer need the rest). */
const HEADROOM = 0.8;
/** Pieces the pace is measured over. */
const PACE_PIECES = 16;

/**
 * Reads one piece from the start of every stratum (`share` of its bytes, at least MIN_PIECE), in file order. With
 * a deadline it measures the time per piece and, when the rest would overrun, keeps only every k-th stratum from
 * there on; a kept piece then weighs for the k strata it stands for, so every estimate stays unbiased and every
 * stretch of the window stays represented. `clock` is injectable for tests.
 */
export async function readPaced(
  strata: Stratum[],
  share: number,
  deadline: number | undefined,
  read: (piece: Piece) => Promise<void>,
  opts: { minPiece?: number; clock?: () => number } = {},
): Promise<PacedRead> {
  const clock = opts.clock ?? Date.now;
  const minPiece = opts.minPiece ?? MIN_PIECE;
  // When the current grid started and each piece of it ended.
  const recent: number[] = [clock()];
  let k = 1;
  let anchor = 0;
  let readBytes = 0;
  let pieces = 0;
  let thinnedTo = 1;
  let windowBytes = 0;
  for (let i = 0; i < strata.length; i++) {
    if (i < anchor || (i - anchor) % k !== 0) continue;
    const s = strata[i]!;
    const size = s.to - s.from;
    let stands = 0;
    for (let j = i; j < Math.min(strata.length, i + k); j++) stands += strata[j]!.to - strata[j]!.from;
    const length = share >= 1 ? size : Math.min(size, Math.max(minPiece, Math.floor(size * share)));
    if (length <= 0) continue;
    await read({ from: s.from, to: s.from + length, firstLine: s.firstLine, weight: stands / length, index: ++pieces });
    readBytes += length;
    windowBytes += stands;
    if (deadline === undefined) continue;
    const now = clock();
    recent.push(now);
    const left = (deadline - now) * HEADROOM;
    // Pace: time per piece over the pieces since the grid last changed (the first ones also pay for warming up, so
    // a grid is kept for PACE_PIECES pieces unless the deadline has passed).
    if (recent.length <= PACE_PIECES && left > 0) continue;
    const perPiece = Math.max(0.01, (now - recent[0]!) / (recent.length - 1));
    // Strata after the group just read, and the grid that fits them in the time left (k = 1: all of them).
    const after = strata.length - (i + k);
    if (after <= 0) break;
    const fits = left > perPiece ? Math.max(1, Math.ceil((after * perPiece) / left)) : Math.max(1, Math.ceil(after / PIECES_PAST_DEADLINE));
    // Thinner at once when needed; denser again only when the pace allows half the grid (no flapping), never once
    // past the deadline (the few pieces left would otherwise grow back as the rest shrinks).
    if (fits <= k && (fits > k / 2 || left <= 0)) continue;
    // The piece just read stands for its k strata: the new grid starts after them.
    anchor = i + k;
    k = fits;
    recent.splice(0, recent.length, now);
    thinnedTo = Math.max(thinnedTo, k);
  }
  return { windowBytes, readBytes, pieces, thinnedTo };
}
