// A memo of a pure function of a string that starts over when full: a scan meets the same keys again and again
// (logger names, statement keys, field names, step texts), and the bound keeps endless distinct keys from growing it.

/** `compute` remembered per key, at most `max` keys at a time (all forgotten at once when full: cheaper than LRU). */
export function boundedMemo<T>(compute: (key: string) => T, max: number): (key: string) => T {
  const memo = new Map<string, T>();
  return (key) => {
    let value = memo.get(key);
    if (value === undefined) {
      if (memo.size >= max) memo.clear();
      memo.set(key, (value = compute(key)));
    }
    return value;
  };
}
