// The minute cache the byte shortcuts share reads a `YYYY-MM-DD?HH:MM` prefix as Date.parse does, and only when its
// twelve digits are digits: the JSON shortcut relies on that to know no quote or backslash hides inside a time.
import { describe, expect, it } from 'vitest';
import { MinuteCache } from '../../../src/core/logs/byte-time.js';

const minute = (c: MinuteCache, text: string) => c.minute(Buffer.from(text, 'latin1'), 0);

describe('MinuteCache', () => {
  it('reads minutes as Date.parse, from the cache while they repeat', () => {
    const c = new MinuteCache();
    expect(minute(c, '2025-03-04T10:15')).toBe(Date.parse('2025-03-04T10:15:00Z'));
    expect(minute(c, '2025-03-04T10:15')).toBe(Date.parse('2025-03-04T10:15:00Z'));
    expect(minute(c, '2025-03-04 10:16')).toBe(Date.parse('2025-03-04T10:16:00Z'));
    expect(minute(c, '2025-13-45T10:15')).toBeNaN();
  });

  it('refuses anything but a digit where the digits go, and non-ASCII bytes', () => {
    const c = new MinuteCache();
    for (const text of ['2025-03-04T1":00', '2025-0a-04T10:15', '2025-03-04T10:1\\', ' 025-03-04T10:15', '2025-03-04T10:1\u00e9', '2025-03-04T+1:15']) {
      expect({ text, m: minute(c, text) }).toEqual({ text, m: null });
    }
  });
});
