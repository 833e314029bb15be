// Prometheus's extrapolated rate()/increase() (promql/functions.go, 2.x): counter resets add the value
// before the drop, and the result is extrapolated towards the range edges when samples come close to them.

/**
 * Samples times[lo..hi) (ms, ascending) inside the closed range [rangeStart, rangeEnd] (Prometheus 2.x); returns null with fewer
 * than two samples, as Prometheus drops the point then.
 */
export function extrapolatedRate(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  lo: number,
  hi: number,
  rangeStart: number,
  rangeEnd: number,
  isRate: boolean,
): number | null {
  const count = hi - lo;
  if (count < 2) return null;
  const firstT = times[lo]!;
  const lastT = times[hi - 1]!;
  const firstV = values[lo]!;
  let result = values[hi - 1]! - firstV;
  let prev = 0;
  for (let i = lo; i < hi; i++) {
    const v = values[i]!;
    if (v < prev) result += prev;
    prev = v;
  }
  let durationToStart = (firstT - rangeStart) / 1000;
  const durationToEnd = (rangeEnd - lastT) / 1000;
  const sampledInterval = (lastT - firstT) / 1000;
  const averageBetween = sampledInterval / (count - 1);
  if (result > 0 && firstV >= 0) {
    // Counters start at zero: never extrapolate below it.
    const durationToZero = sampledInterval * (firstV / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const threshold = averageBetween * 1.1;
  let extrapolateTo = sampledInterval;
  extrapolateTo += durationToStart < threshold ? durationToStart : averageBetween / 2;
  extrapolateTo += durationToEnd < threshold ? durationToEnd : averageBetween / 2;
  result *= extrapolateTo / sampledInterval;
  if (isRate) result /= (rangeEnd - rangeStart) / 1000;
  return result;
}
