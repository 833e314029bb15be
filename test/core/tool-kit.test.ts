// Tests for the bounded JSON output every tool returns: within the cap, and saying how to narrow.
import { describe, expect, it } from 'vitest';
import { boundedJson } from '../../src/core/tool-kit.js';

describe('boundedJson', () => {
  it('returns small data unchanged', () => {
    expect(JSON.parse(boundedJson({ a: [1, 2, 3] }, 1000))).toEqual({ a: [1, 2, 3] });
  });

  it('cuts the longest array to fit and tells the model how to narrow', () => {
    const data = { total: 5000, matches: Array.from({ length: 5000 }, (_, i) => ({ line: i, message: `entry number ${i}` })) };
    const text = boundedJson(data, 4096, 'add a level or service filter');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4096);
    const parsed = JSON.parse(text) as { total: number; matches: unknown[]; truncated: string };
    expect(parsed.total).toBe(5000);
    expect(parsed.matches.length).toBeGreaterThan(10);
    expect(parsed.matches.length).toBeLessThan(5000);
    expect(parsed.truncated).toMatch(/add a level or service filter/);
  });

  it('falls back to a plain cut for one huge string, still within the cap', () => {
    const text = boundedJson({ diff: 'x'.repeat(50_000) }, 2048, 'pass max_bytes');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(2048);
    expect(text).toMatch(/pass max_bytes/);
  });
});
