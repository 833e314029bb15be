// search_logs totals over files of many chunks: once the page of matches is full, entries are counted on the
// bytes; the total must equal a plain count of entries holding the text, stack-trace matches included.
import { describe, expect, it } from 'vitest';
import type { SearchLogsResult } from '../../../src/core/evidence.js';
import { AT, connect, tempDir } from './helpers.js';

/** About 470 KB of ISO lines (several 96 KB chunks); some entries have a trace whose frame names the text. */
function bigLog(): { text: string; entriesWithNeedle: number } {
  const lines: string[] = [];
  let entriesWithNeedle = 0;
  for (let i = 0; i < 6000; i++) {
    const t = new Date(Date.parse('2025-03-04T09:00:00Z') + i * 500).toISOString();
    const hit = i % 3 === 0;
    // Traces only at both ends: the chunks between hold matches in entry-start lines alone (the byte count path).
    const trace = i % 7 === 0 && (i < 1500 || i > 5000);
    lines.push(`${t} ${hit ? 'ERROR' : 'INFO'} [orders] request ${i} ${hit ? 'failed: pool exhausted' : 'ok'} after ${i % 90}ms`);
    if (trace) lines.push('Traceback (most recent call last):', `  File "app/db.py", line ${i % 50}, in acquire`, '    raise PoolError("pool exhausted")');
    if (hit || trace) entriesWithNeedle++;
  }
  return { text: `${lines.join('\n')}\n`, entriesWithNeedle };
}

describe('search_logs totals across chunks', () => {
  it('counts every entry holding the text once, whether the match is in its first line or its trace', async () => {
    const { text, entriesWithNeedle } = bigLog();
    expect(text.length).toBeGreaterThan(400_000);
    const dir = tempDir({ 'orders.log': text });
    const { call } = await connect({ sources: [dir], at: AT });
    for (const limit of [1, 5, 500]) {
      const r = (await call('search_logs', { pattern: 'pool exhausted', case_sensitive: true, limit })).json<SearchLogsResult>();
      expect(r.total).toBe(entriesWithNeedle);
      expect(r.returned).toBe(Math.min(limit, entriesWithNeedle));
    }
    const insensitive = (await call('search_logs', { pattern: 'POOL EXHAUSTED', limit: 3 })).json<SearchLogsResult>();
    expect(insensitive.total).toBe(entriesWithNeedle);
  });
});
