// Finds a byte string in chunks the way memchr-based searchers (ripgrep) do: jump with a one-byte indexOf (memchr,
// vectorised) to the needle's byte that is rarest in the text at hand, then compare the rest in place.
// Needles whose every byte is common fall back to Buffer.indexOf (Boyer-Moore-Horspool), which wins there.

/** Bytes of the first chunk counted to rank the needle's bytes (the text decides, not a table of English). */
const SAMPLE_BYTES = 64 * 1024;
/**
 * A one-byte jump costs about as much as Buffer.indexOf's skip loop on ~128 bytes, so the anchor byte must be
 * rarer than that; otherwise, or when the text changes and candidates turn out that common, use Buffer.indexOf.
 */
const MIN_GAP = 128;
/** Candidates rejected before the strategy is looked at again. */
const RECHECK_MISSES = 4096;

export class NeedleFinder {
  /** Offset in the needle of the byte jumped to; -1 while Buffer.indexOf is used. */
  private anchor = -1;
  /** A second rare offset, checked before the full compare. */
  private second = 0;
  private misses = 0;
  private scanned = 0;
  private tuned = false;

  constructor(readonly needle: Buffer) {}

  /** The first offset of the needle in buf at or after `from`, or -1. The first call ranks bytes on its buffer. */
  indexOf(buf: Buffer, from = 0): number {
    if (!this.tuned) this.tune(buf);
    const k = this.anchor;
    if (k < 0) return buf.indexOf(this.needle, from);
    const needle = this.needle;
    const n = needle.length;
    const byte = needle[k]!;
    const s2 = this.second;
    const b2 = needle[s2]!;
    const lastAnchor = buf.length - n + k; // the anchor of a whole needle lies at or before this
    for (let i = buf.indexOf(byte, from + k); i >= 0 && i <= lastAnchor; i = buf.indexOf(byte, i + 1)) {
      const start = i - k;
      if (buf[start + s2] === b2) {
        let j = 0;
        while (j < n && buf[start + j] === needle[j]) j++;
        if (j === n) {
          this.scanned += start - from;
          return start;
        }
      }
      if (++this.misses >= RECHECK_MISSES) this.recheck(i - from);
    }
    this.scanned += buf.length - from;
    return -1;
  }

  /** Ranks the needle's bytes by how often they occur in `sample`; a one-byte needle is memchr already. */
  private tune(sample: Buffer): void {
    this.tuned = true;
    const n = this.needle.length;
    if (n < 2) return;
    const counts = new Uint32Array(256);
    const end = Math.min(sample.length, SAMPLE_BYTES);
    for (let i = 0; i < end; i++) counts[sample[i]!]!++;
    let best = 0;
    for (let j = 1; j < n; j++) if (counts[this.needle[j]!]! < counts[this.needle[best]!]!) best = j;
    let second = best === 0 ? 1 : 0;
    for (let j = 0; j < n; j++) if (j !== best && counts[this.needle[j]!]! < counts[this.needle[second]!]!) second = j;
    // A sample too small to tell (a short file) proves nothing: its rarest byte is tried and watched.
    if (end >= 4096 && counts[this.needle[best]!]! * MIN_GAP > end) return;
    // Buffer.indexOf itself jumps to the first byte with memchr while that byte stays rare.
    if (best === 0) return;
    this.anchor = best;
    this.second = second;
  }

  /** Many rejected candidates: when they come more often than one per MIN_GAP bytes, use Buffer.indexOf. */
  private recheck(scannedNow: number): void {
    if (this.misses * MIN_GAP > this.scanned + scannedNow) this.anchor = -1;
    this.misses = 0;
    this.scanned = 0;
  }
}
