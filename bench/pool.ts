// Runs a bench's cases a few at a time (bench:accuracy, bench:real): at most n in flight, the results in the
// items' order whatever order they finish in.

/** `fn` over `items` with at most `n` running at once; the results keep the items' order. */
export async function pool<T, R>(items: T[], n: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }));
  return out;
}
