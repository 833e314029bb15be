// Detects a model stuck in a loop while it streams (the same phrase, token or call over and over), so the
// request stops early instead of running to num_predict or the timeout on a slow CPU.

/** Shortest tail that counts as a loop, and how many times a unit must repeat back to back. */
const MIN_LOOP_CHARS = 120;
const MIN_REPEATS = 6;
const MAX_UNIT = 200;

/**
 * Where the repeating tail of `text` starts (after its first occurrence of the unit, so one copy is kept),
 * or null when the text does not end in a loop. Checked on the last few KB only: cheap per chunk.
 */
export function repetitionStart(text: string): number | null {
  const tail = text.length > 4096 ? text.slice(-4096) : text;
  const offset = text.length - tail.length;
  for (let unit = 1; unit <= MAX_UNIT && unit * MIN_REPEATS <= tail.length; unit++) {
    const piece = tail.slice(tail.length - unit);
    let repeats = 1;
    let pos = tail.length - unit;
    while (pos - unit >= 0 && tail.slice(pos - unit, pos) === piece) {
      repeats += 1;
      pos -= unit;
    }
    if (repeats >= MIN_REPEATS && repeats * unit >= MIN_LOOP_CHARS) return offset + pos + unit;
  }
  return null;
}

/** Streaming helper: feed chunks, ask whether the text has started looping (checked every few chunks). */
export function repetitionWatch(every = 8): { push(chunk: string): boolean; text(): string; cut(): string } {
  let text = '';
  let n = 0;
  let at: number | null = null;
  return {
    push(chunk) {
      text += chunk;
      n += 1;
      if (n % every === 0 || chunk.length > 64) at = repetitionStart(text);
      return at !== null;
    },
    text: () => text,
    cut: () => (at === null ? text : text.slice(0, at)),
  };
}
