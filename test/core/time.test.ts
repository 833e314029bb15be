// Tests for the shared since/until parsing: ISO instants, relative spans and their reference point.
import { describe, expect, it } from 'vitest';
import { parseDuration, parseIsoInstant, resolveTimeSpec, resolveWindow, TimeSpecError } from '../../src/core/time.js';

const NOW = Date.parse('2025-03-04T12:00:00Z');

describe('time specs', () => {
  it('parses durations in every unit', () => {
    expect(parseDuration('30m')).toBe(30 * 60_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('15s')).toBe(15_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('abc')).toBeNull();
    expect(parseDuration('-5m')).toBeNull();
  });

  it('adds up compound durations as people write them', () => {
    expect(parseDuration('1h30m')).toBe(90 * 60_000);
    expect(parseDuration('2d12h')).toBe(60 * 3_600_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('1s500ms')).toBe(1500);
    expect(parseDuration('1h 30m')).toBeNull();
    expect(parseDuration('h30m')).toBeNull();
  });

  it('reads "30m ago", "now-2h" and "now - 1h30m" as relative instants', () => {
    expect(resolveTimeSpec('30m ago', NOW)).toBe(NOW - 30 * 60_000);
    expect(resolveTimeSpec('now-2h', NOW)).toBe(NOW - 7_200_000);
    expect(resolveTimeSpec('now - 1h30m', NOW)).toBe(NOW - 90 * 60_000);
    expect(resolveTimeSpec('NOW', NOW)).toBe(NOW);
    expect(() => resolveTimeSpec('now+2h', NOW)).toThrow(TimeSpecError);
    expect(() => resolveTimeSpec('ago', NOW)).toThrow(TimeSpecError);
  });

  it('reads ISO instants, with or without a zone, date only, and space separated', () => {
    expect(parseIsoInstant('2025-03-04T10:15:02.123Z')).toBe(Date.parse('2025-03-04T10:15:02.123Z'));
    expect(parseIsoInstant('2025-03-04T10:15:02+02:00')).toBe(Date.parse('2025-03-04T08:15:02Z'));
    expect(parseIsoInstant('2025-03-04 10:15:02')).toBe(Date.parse('2025-03-04T10:15:02Z'));
    expect(parseIsoInstant('2025-03-04')).toBe(Date.parse('2025-03-04T00:00:00Z'));
    expect(parseIsoInstant('yesterday')).toBeNull();
  });

  it('resolves relative specs against the reference', () => {
    expect(resolveTimeSpec('30m', NOW)).toBe(NOW - 30 * 60_000);
    expect(resolveTimeSpec('now', NOW)).toBe(NOW);
    expect(resolveTimeSpec('1741089600', NOW)).toBe(1741089600_000);
  });

  it('rejects nonsense with a message that says what to write', () => {
    expect(() => resolveTimeSpec('last tuesday', NOW, 'since')).toThrow(TimeSpecError);
    expect(() => resolveTimeSpec('last tuesday', NOW, 'since')).toThrow(/ISO-8601.*30m/);
  });

  it('counts a relative since back from an explicit until', () => {
    const w = resolveWindow('1h', '2025-03-04T10:00:00Z', NOW);
    expect(w.to).toBe(Date.parse('2025-03-04T10:00:00Z'));
    expect(w.from).toBe(Date.parse('2025-03-04T09:00:00Z'));
    expect(resolveWindow(undefined, undefined, NOW)).toEqual({ from: null, to: null });
    expect(() => resolveWindow('2025-03-05T00:00:00Z', '2025-03-04T00:00:00Z', NOW)).toThrow(/since is after until/);
  });
});
