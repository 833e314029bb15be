// search_logs counts entries, not occurrences: lines holding the text many times (and traces repeating it) must
// count once each, on the byte path that runs once the page is full as on the decoded path that fills the page.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFile } from '../../../src/core/logs/file-info.js';
import { compilePattern, type CompiledPattern } from '../../../servers/logs/pattern.js';
import { searchFile, type SearchState } from '../../../servers/logs/search.js';
import { AT, tempDir } from './helpers.js';

/** ~1 MB of ISO lines (many read slices): 0 to 5 hits per line, and traces whose frames repeat the text. */
function manyHits(): string {
  const out: string[] = [];
  for (let i = 0; i < 12_000; i++) {
    const t = new Date(Date.parse('2025-03-04T09:00:00Z') + i * 250).toISOString();
    const hits = (i * 7) % 6; // 0..5 occurrences
    out.push(`${t} INFO [api] ${Array.from({ length: hits }, (_, k) => `GET /api/cart?k=${k}`).join(' ')} done ${i}`);
    // Traces only near both ends: the slices between hold hits in entry-start lines alone (the byte count path).
    if (i % 50 === 0 && (i < 1000 || i > 11_000)) out.push('    at cart (GET /api/cart GET /api/cart)', '    at next (x.js:1:1)');
  }
  return `${out.join('\n')}\n`;
}

async function search(file: string, pattern: CompiledPattern, limit: number): Promise<SearchState> {
  const state: SearchState = { total: 0, matches: [] };
  await searchFile(await inspectFile(file, AT), { pattern, window: { from: null, to: null }, limit, reference: AT }, state);
  return state;
}

describe('search_logs on lines with many hits', () => {
  it('counts each entry once, identically with and without the byte prefilter', async () => {
    const text = manyHits();
    expect(text.length).toBeGreaterThan(800_000);
    const file = path.join(tempDir({ 'app.log': text }), 'app.log');
    // The expected count, read line by line here: an entry is a stamped line and the trace lines under it.
    const hit = new Set<number>();
    let entry = 0;
    text.split('\n').forEach((l, i) => {
      if (/^\d{4}-/.test(l)) entry = i;
      if (l.includes('GET /api/cart')) hit.add(entry);
    });
    const occurrences = text.split('GET /api/cart').length - 1;
    expect(occurrences).toBeGreaterThan(hit.size * 2); // the file really has many hits per entry
    const literal = compilePattern('GET /api/cart', true);
    const regexOnly: CompiledPattern = { ...literal, literal: null, required: null, singleLine: false };
    for (const limit of [1, 40, 5000]) {
      const fast = await search(file, literal, limit);
      expect(fast.total).toBe(hit.size);
      expect(fast.matches.length).toBe(Math.min(limit, hit.size));
      expect(fast).toEqual(await search(file, regexOnly, limit));
    }
  });
});
