// Which stamps name their own year (lastDatedStamp) and how a source set's stamps past the mtimes stand for them.
// The server-level behaviour (search_logs dating syslog lines) is in test/servers/logs/set-dating.test.ts.
import { describe, expect, it } from 'vitest';
import { lastDatedStamp, lastWritten, sourceSetDating } from '../../../src/core/logs/dated-stamps.js';

const REF = Date.parse('2026-12-22T12:00:00Z');

describe('lastDatedStamp', () => {
  it('reads the last ISO stamp of a sample, skipping continuation lines', () => {
    const lines = ['2026-12-22T10:00:00Z ERROR boom', '2026-12-22T10:00:05Z ERROR again', '  at Foo.bar(Foo.java:1)', ''];
    expect(lastDatedStamp(lines, 'iso', REF)).toBe(Date.parse('2026-12-22T10:00:05Z'));
  });

  it('finds none in syslog\'s yearless stamps nor in a time-of-day file', () => {
    expect(lastDatedStamp(['Dec 22 10:01:02 host app[1]: ERROR x'], 'syslog', REF)).toBeNull();
    expect(lastDatedStamp(['10:01:02.123 [main] ERROR c.e.App - x'], 'stamped', REF)).toBeNull();
  });
});

describe('sourceSetDating', () => {
  const mtime = Date.parse('2026-12-06T00:00:00Z');

  it('gives every file of the set the latest dated stamp that runs past its mtime', () => {
    const set = sourceSetDating([{ mtimeMs: mtime, datedPast: Date.parse('2026-12-22T10:00:00Z') }, { mtimeMs: mtime }]);
    expect(set.map((f) => lastWritten(f))).toEqual([Date.parse('2026-12-22T10:00:00Z'), Date.parse('2026-12-22T10:00:00Z')]);
  });

  it('leaves a set without such stamps on its mtimes', () => {
    const set = [{ mtimeMs: mtime }, { mtimeMs: 0 }];
    expect(sourceSetDating(set)).toBe(set);
    expect(set.map((f) => lastWritten(f))).toEqual([mtime, null]);
  });
});
