// Reads the evenly spaced pieces of a sampled window inside the time budget: when the pace says the planned pieces
// would end past the deadline, the rest are thinned (every k-th kept, weighing for k) so the sample spans the window.

/** A planned piece of a sampled read: its bytes and how many entries of the window each entry read stands for. */
export interface Planned {
  from: number;
  to: number;
  weight: number;
}

export interface PacedRead {
  /** Bytes of the window the pieces read stood for. */
  windowBytes: number;
  readBytes: number;
  pieces: number;
  /** Largest k used: 1 when every planned piece was read. */
  thinnedTo: number;
}

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
 * Reads the planned pieces (evenly spread over the window, in file order). With a deadline it measures the time per
 * piece and, when the rest would overrun, keeps only every k-th piece from there on; a kept piece then weighs for
 * the k it stands for, so every estimate stays unbiased and every stretch of the window stays represented. `read`
 * gets the piece with its weight so adjusted. `clock` is injectable for tests.
 */
export async function readPaced<P extends Planned>(planned: P[], deadline: number | undefined, read: (piece: P) => Promise<void>, clock: () => number = Date.now): Promise<PacedRead> {
  // When the current grid started and each piece of it ended.
  const recent: number[] = [clock()];
  let k = 1;
  let anchor = 0;
  let readBytes = 0;
  let pieces = 0;
  let thinnedTo = 1;
  let windowBytes = 0;
  for (let i = 0; i < planned.length; i++) {
    if (i < anchor || (i - anchor) % k !== 0) continue;
    const p = planned[i]!;
    const length = p.to - p.from;
    if (length <= 0) continue;
    let stands = 0;
    for (let j = i; j < Math.min(planned.length, i + k); j++) stands += (planned[j]!.to - planned[j]!.from) * planned[j]!.weight;
    await read(k === 1 ? p : { ...p, weight: stands / length });
    pieces++;
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
    // Pieces after the group just read, and the grid that fits them in the time left (k = 1: all of them).
    const after = planned.length - (i + k);
    if (after <= 0) break;
    const fits = left > perPiece ? Math.max(1, Math.ceil((after * perPiece) / left)) : Math.max(1, Math.ceil(after / PIECES_PAST_DEADLINE));
    // Thinner at once when needed; denser again only when the pace allows half the grid (no flapping), never once
    // past the deadline (the few pieces left would otherwise grow back as the rest shrinks).
    if (fits <= k && (fits > k / 2 || left <= 0)) continue;
    // The piece just read stands for its k: the new grid starts after them.
    anchor = i + k;
    k = fits;
    recent.splice(0, recent.length, now);
    thinnedTo = Math.max(thinnedTo, k);
  }
  return { windowBytes, readBytes, pieces, thinnedTo };
}
