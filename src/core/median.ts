// The median of a list of numbers, for the servers' per-minute summaries (the logs server's request waits, the metrics
// server's error rates), which had each written it; 0 for an empty list.
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const a = [...xs].sort((x, y) => x - y);
  const m = a.length >> 1;
  return a.length % 2 ? a[m]! : (a[m - 1]! + a[m]!) / 2;
}
