// Reading a .gz file within a time budget: the stream cannot seek, so past the budget it is sampled as it is
// inflated (every Nth piece parsed) instead of timing out or reading only its beginning.
import type { Coverage } from './coverage.js';
import { BLOCK_BYTES } from './time-index.js';

/**
 * Paces the read of a .gz file against the deadline. A gzip stream cannot seek, so once its pace says the whole
 * stream would end past the deadline, the rest is still inflated but only every `stride`-th piece is parsed: a
 * sample spread evenly over the rest of the file, each entry weighted `stride`. Inflating alone is taken to cost a
 * quarter of inflating and parsing; past the deadline itself the read stops (and the coverage says how much it saw).
 */
export class GzipPacer {
  stride = 1;
  sampled = false;
  private switchedAt = 0;
  private last = 0;
  private source = 0;
  private k = 0;
  private readonly started: number;

  /** `compressed`: bytes of the gzip file the read will consume; `clock` is injectable for tests. */
  constructor(
    private readonly compressed: number,
    private readonly deadline: number | undefined,
    private readonly clock: () => number = Date.now,
  ) {
    this.started = clock();
  }

  readonly skip = (): boolean => this.stride > 1 && this.k++ % this.stride !== 0;

  /** The piece being parsed once sampling: the unit a sampled signature's absence is judged by (0 before). */
  get piece(): number {
    return this.k;
  }

  readonly onChunk = (_line: number, offset: number, source?: number): boolean => {
    if (offset >= 0) this.last = offset;
    if (source !== undefined) this.source = source;
    if (this.deadline === undefined || this.source === 0) return true;
    const now = this.clock();
    if (now > this.deadline) {
      this.sampled = true;
      return false;
    }
    if (this.stride > 1 || this.last < 8 * BLOCK_BYTES) return true;
    const elapsed = now - this.started;
    const need = (elapsed * this.compressed) / this.source - elapsed;
    if (now + need <= this.deadline) return true;
    const left = (this.deadline - now) * 0.8;
    const inflate = need / 4;
    this.stride = left > inflate * 1.25 ? Math.max(2, Math.ceil((need - inflate) / (left - inflate))) : 64;
    this.switchedAt = this.last;
    this.sampled = true;
    return true;
  };

  /** What was read of the stream: all of it up to the switch, then one piece in `stride`; the rest estimated. */
  coverage(file: string, end?: number): Coverage {
    const total = end ?? Math.max(this.last, Math.round((this.last * this.compressed) / Math.max(1, this.source)));
    const readBytes = this.sampled ? this.switchedAt + Math.round((this.last - this.switchedAt) / this.stride) : this.last;
    return { file, windowBytes: total, readBytes, fraction: total ? Math.min(1, readBytes / total) : 1, index: 'none', ...(this.sampled ? { stride: this.stride } : {}) };
  }
}
