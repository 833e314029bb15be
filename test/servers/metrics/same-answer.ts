// Test helper: two metrics answers (a real Prometheus's and the file source's) compared value by value, numbers
// (and numeric strings) equal up to the last bits of float arithmetic, object keys in any order.
import { expect } from 'vitest';

/** Deep equality where numbers (and numeric strings) may differ in the last bits of float arithmetic. */
export function expectSameAnswer(fromProm: unknown, fromFile: unknown, path = '$'): void {
  if (typeof fromFile === 'number' || (typeof fromFile === 'string' && /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(fromFile))) {
    const a = Number(fromProm);
    const b = Number(fromFile);
    expect(Math.abs(a - b), `${path}: ${String(fromProm)} vs ${String(fromFile)}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
    return;
  }
  if (Array.isArray(fromFile)) {
    expect(Array.isArray(fromProm), path).toBe(true);
    expect((fromProm as unknown[]).length, `${path}.length`).toBe(fromFile.length);
    fromFile.forEach((v, i) => expectSameAnswer((fromProm as unknown[])[i], v, `${path}[${i}]`));
    return;
  }
  if (fromFile && typeof fromFile === 'object') {
    expect(Object.keys(fromProm as object).sort(), path).toEqual(Object.keys(fromFile).sort());
    for (const [k, v] of Object.entries(fromFile)) expectSameAnswer((fromProm as Record<string, unknown>)[k], v, `${path}.${k}`);
    return;
  }
  expect(fromProm, path).toEqual(fromFile);
}
