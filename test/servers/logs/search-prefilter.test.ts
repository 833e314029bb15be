// search_logs' prefilter (the literal a regex requires, searched as bytes, the regex run only on lines holding it)
// must not change an answer: each pattern is searched with and without it over a file of many chunks, and
// single-line patterns are also checked against a count made line by line here.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFile } from '../../../src/core/logs/file-info.js';
import { compilePattern, type CompiledPattern } from '../../../servers/logs/pattern.js';
import { searchFile, type SearchState } from '../../../servers/logs/search.js';
import { AT, tempDir } from './helpers.js';

const T0 = Date.parse('2025-03-04T09:00:00Z');

/** ~600 KB of ISO lines (several read chunks): timeouts in several spellings, traces that repeat the text, CRLF
 * lines, non-ASCII text and lines that a match could only reach across a newline. Seeded: the same every run. */
function lines(): string[] {
  let seed = 5;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const out: string[] = [];
  for (let i = 0; out.length < 7000; i++) {
    const t = new Date(T0 + i * 1000).toISOString();
    const r = rand();
    const ms = Math.floor(rand() * 5000);
    if (r < 0.6) out.push(`${t} INFO [api] GET /api/cart 200 ${ms % 90}ms req=${ms.toString(16)}`);
    else if (r < 0.7) out.push(`${t} ERROR [api] upstream payments timed out after ${ms}ms`);
    else if (r < 0.75) out.push(`${t} ERROR [api] upstream payments Timed Out After ${ms}s\r`);
    // Traces only near both ends: the chunks between hold candidates in entry-start lines alone, which are
    // counted on the bytes (the regex run per line) once the page of matches is full.
    else if (r < 0.8 && (i < 1000 || i > 6000)) out.push(`${t} WARN [db] pool exhausted (size=${ms % 40}) timed out after`, `    at Pool.acquire (pool.js:${ms % 99}:7) timed out after ${ms}ms`);
    else if (r < 0.8) out.push(`${t} WARN [db] pool exhausted (size=${ms % 40}) retry timed out after ms, straßen`);
    else if (r < 0.85) out.push(`${t} INFO [web] café au lait, straße, ſtraße, K\u212a, ${ms}ms`);
    else if (r < 0.9 && (i < 1000 || i > 6000)) out.push(`${t} ERROR [web] request failed after`, `    at handler (/app/x.js:${ms % 70}:2)`, '');
    else if (r < 0.9) out.push(`${t} ERROR [web] request failed after ${ms}ms, colour code x`);
    else out.push(`${t} DEBUG [job] colour code ${ms % 10} color code ${ms % 7}`);
  }
  return out;
}

const PATTERNS = [
  '/timed out after \\d+ms/',
  '/timed out after (\\d+ms|\\d+s)/',
  '/(timed|Timed) [oO]ut [aA]fter \\d+/',
  '/timed out after \\d+ms$/',
  '/^\\S+ ERROR .*payments/',
  '/pool exhausted \\(size=\\d+\\)/',
  '/caf[eé] au lait/',
  '/straße/',
  '/(?<=\\[api\\] )upstream/',
  '/colou?r code [0-6]/',
  '/after\\s+at handler/',
  '/failed after\\n {4}at/',
  '/timed out after \\d+ms/i',
  '/pool exhausted|Timed Out/',
  '/(\\w+) payments \\w+ out after/',
  'timed out after',
  'straße',
];

async function search(file: string, pattern: CompiledPattern, limit: number, window: boolean): Promise<SearchState> {
  const state: SearchState = { total: 0, matches: [] };
  const info = await inspectFile(file, AT);
  const w = window ? { from: T0 + 1_000_000, to: T0 + 5_000_000 } : { from: null, to: null };
  await searchFile(info, { pattern, window: w, limit, reference: AT, needsParse: window }, state);
  return state;
}

/** The same pattern with the analysis' findings taken away: the regex alone over whole chunks, as before. */
function unfiltered(p: CompiledPattern): CompiledPattern {
  return { ...p, required: null, singleLine: false };
}

describe('search_logs with the required-literal prefilter', () => {
  const text = `${lines().join('\n')}\n`;
  it('reads a file of several chunks', () => expect(text.length).toBeGreaterThan(400_000));

  it.each(PATTERNS)('%s: the same total, matches and line numbers as the regex alone', async (p) => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, text);
    const compiled = compilePattern(p, true);
    for (const [limit, window] of [[1, false], [500, false], [3, true]] as const) {
      const fast = await search(file, compiled, limit, window);
      expect(fast).toEqual(await search(file, unfiltered(compiled), limit, window));
      if (!window) expect(fast.total).toBeGreaterThan(0); // the file exercises the pattern
    }
  });

  it.each(PATTERNS.filter((p) => compilePattern(p, true).singleLine))('%s: entries counted as a line-by-line reading counts them', async (p) => {
    const dir = tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, text);
    const compiled = compilePattern(p, true);
    const re = new RegExp(compiled.regex.source, compiled.regex.flags.replace('g', ''));
    // An entry starts at a stamped line; its trace lines belong to it. Count entries with a matching line.
    const hit = new Set<number>();
    let entry = 0;
    text.split('\n').forEach((l, i) => {
      if (/^\d{4}-/.test(l)) entry = i;
      if (re.test(l)) hit.add(entry);
    });
    expect((await search(file, compiled, 1, false)).total).toBe(hit.size);
  });

  it('finds the text prefilters need in the analysis of these patterns', () => {
    // The comparison above only proves something if the prefilter is really used for most of them.
    const used = PATTERNS.filter((p) => compilePattern(p, true).required !== null);
    expect(used.length).toBeGreaterThanOrEqual(12);
    expect(compilePattern('/pool exhausted|Timed Out/', true).required).toBeNull();
    expect(compilePattern('/timed out after \\d+ms/i', true).required).toBeNull();
  });
});
