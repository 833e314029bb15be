// Reusable work arrays for per-series hot paths: get_anomalies analyses thousands of series per call, and
// a fresh typed array per step is off-heap memory V8 frees only at its next GC, which is what peak RSS sees.

/** One growable Float64Array handed out as views; a view's contents are stale until the caller writes them. */
export class Scratch {
  private buf = new Float64Array(0);

  /** A view of n items, valid until the next get() on this scratch. */
  get(n: number): Float64Array {
    if (this.buf.length < n) this.buf = new Float64Array(Math.max(n, this.buf.length * 2, 64));
    return this.buf.subarray(0, n);
  }
}

/** The same for bytes (presence masks). */
export class ByteScratch {
  private buf = new Uint8Array(0);

  get(n: number): Uint8Array {
    if (this.buf.length < n) this.buf = new Uint8Array(Math.max(n, this.buf.length * 2, 64));
    return this.buf.subarray(0, n);
  }
}
