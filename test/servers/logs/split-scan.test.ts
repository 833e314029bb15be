// A large indexed file is read in units by several worker threads: error_signatures and log_stats must answer
// exactly as on one thread, and as when the whole file is one unit (first call, which builds the index). The files are
// below the size scanned in the server's thread (scan-place.ts): inlineScanBytes 0 sends them to workers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectFile } from '../../../src/core/logs/file-info.js';
import { planUnits } from '../../../servers/logs/scan-units.js';
import { connect, tempDir } from './helpers.js';

const T0 = Date.parse('2025-03-04T00:00:00Z');
const HOUR = 3_600_000;
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima'];

/** About `bytes` of ISO lines over 12 h: requests, warnings with words that vary (Drain must merge them), errors
 * with Java traces, and a new error in the last two hours. Seeded, so every run writes the same file. */
function log(bytes: number): string {
  let seed = 11;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const out: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const t = new Date(T0 + Math.floor((n / bytes) * 12 * HOUR)).toISOString();
    const svc = pick(['api', 'billing', 'search', 'auth']);
    const r = rand();
    let l: string;
    if (r < 0.85) l = `${t} INFO [${svc}] GET /api/${pick(WORDS)} 200 ${Math.floor(rand() * 90)}ms`;
    else if (r < 0.93) l = `${t} WARN [${svc}] cache ${pick(WORDS)} miss for tenant ${pick(WORDS)} after ${Math.floor(rand() * 900)}ms`;
    else if (r < 0.98) l = `${t} ERROR [${svc}] upstream ${pick(WORDS)} refused connection to ${pick(WORDS)}.internal:${8000 + Math.floor(rand() * 9)}`;
    else l = `${t} ERROR [${svc}] request failed: java.lang.IllegalStateException: pool ${pick(WORDS)} closed\n\tat com.acme.Pool.take(Pool.java:${Math.floor(rand() * 300)})\n\tat com.acme.Api.handle(Api.java:42)`;
    if (n / bytes > 10 / 12 && r > 0.995) l = `${t} ERROR [billing] ledger ${pick(WORDS)} rejected write: quota exceeded`;
    out.push(l);
    n += l.length + 1;
  }
  return `${out.join('\n')}\n`;
}

const MB = 1 << 20;

describe('a scan split over threads', () => {
  it('gives the same signatures and stats on one thread, on several, and as one unit', async () => {
    const dir = tempDir({ 'app.log': log(7 * MB) });
    const cacheDir = tempDir(); // outside the sources, or its index files would be read as logs
    // The comparison is of whole reads: a loaded machine (CI) must not run one of them past the default time budget,
    // which samples instead (call-budget.test.ts and time-index.test.ts cover that).
    const base = { sources: [dir], at: T0 + 12 * HOUR, cacheDir, inlineScanBytes: 0, timeBudgetMs: 10 * 60_000 };
    const calls = [
      ['error_signatures', { since: new Date(T0 + 6 * HOUR).toISOString(), until: new Date(T0 + 12 * HOUR).toISOString(), top: 50 }],
      ['error_signatures', { since: new Date(T0).toISOString(), until: new Date(T0 + 12 * HOUR).toISOString(), top: 50, baseline: '1m' }],
      ['log_stats', { since: new Date(T0 + 2 * HOUR).toISOString(), until: new Date(T0 + 11 * HOUR).toISOString(), bucket: '30m' }],
    ] as const;
    const answers = async (options: Parameters<typeof connect>[0]) => {
      const { call } = await connect(options);
      const out: unknown[] = [];
      for (const [tool, args] of calls) {
        const r = await call(tool, args);
        expect(r.isError, r.text).toBe(false);
        out.push(r.json());
      }
      return out;
    };
    // First calls: no index yet, each file one unit (this read builds the index).
    const first = await answers({ ...base, unitBytes: MB, scanThreads: 1 });
    // The index now exists: the same file is cut into units of 1 MiB.
    const info = await inspectFile(path.join(dir, 'app.log'), T0);
    const units = await planUnits([info], [{ from: T0, to: T0 + 12 * HOUR }], { reference: T0, cacheDir, budgetBytes: 1 << 30 }, MB);
    expect(units.length).toBeGreaterThanOrEqual(6);
    const oneThread = await answers({ ...base, unitBytes: MB, scanThreads: 1 });
    const threeThreads = await answers({ ...base, unitBytes: MB, scanThreads: 3 });
    const oneUnit = await answers({ ...base, unitBytes: 1 << 30, scanThreads: 3 });
    // The same units in the server's own thread, as small sources are scanned.
    const inline = await answers({ ...base, unitBytes: MB, scanThreads: 3, inlineScanBytes: Infinity });
    expect(threeThreads).toEqual(oneThread);
    expect(oneUnit).toEqual(oneThread);
    expect(inline).toEqual(oneThread);
    expect(first).toEqual(oneThread);
    // The answers hold what the file holds (not three equal empty answers).
    const sigs = oneThread[0] as { signatures: Array<{ template: string; new: boolean; count: number }> };
    expect(sigs.signatures.find((s) => s.template.includes('ledger'))?.new).toBe(true);
    expect(sigs.signatures.length).toBeGreaterThan(3);
  });

  it('samples the same blocks, with the same estimates, whatever the number of threads', async () => {
    const dir = tempDir({ 'app.log': log(6 * MB) });
    const cacheDir = tempDir(); // outside the sources, or its index files would be read as logs
    const base = { sources: [dir], at: T0 + 12 * HOUR, cacheDir, unitBytes: MB, readBudget: 2 * MB, inlineScanBytes: 0, timeBudgetMs: 10 * 60_000 };
    const args = { since: new Date(T0).toISOString(), until: new Date(T0 + 12 * HOUR).toISOString(), bucket: '1h' };
    const { call: build } = await connect({ ...base, readBudget: 1 << 30 });
    expect((await build('log_stats', args)).isError).toBe(false);
    const one = (await (await connect({ ...base, scanThreads: 1 })).call('log_stats', args)).json<{ sampling?: string }>();
    const several = (await (await connect({ ...base, scanThreads: 4 })).call('log_stats', args)).json();
    const again = (await (await connect({ ...base, scanThreads: 1 })).call('log_stats', args)).json();
    expect(again).toEqual(one);
    expect(one.sampling).toMatch(/sampled evenly over the window/);
    expect(several).toEqual(one);
  });

  it('finds the same matches, with the same line numbers, when a search is split over threads', async () => {
    const dir = tempDir({ 'app.log': log(5 * MB) });
    const fileLines = readFileSync(path.join(dir, 'app.log'), 'utf8').split('\n');
    const base = { sources: [dir], at: T0 + 12 * HOUR, unitBytes: MB, timeBudgetMs: 10 * 60_000 };
    const searches = [
      { pattern: 'quota exceeded', case_sensitive: true, limit: 500 },
      { pattern: 'GET /api/kilo', case_sensitive: true, limit: 20 },
      { pattern: 'Pool.java', limit: 300 },
      { pattern: 'TENANT LIMA', limit: 400 },
      { pattern: '/refused connection to (echo|golf)\\.internal:800[0-3]/', limit: 500 },
      { pattern: 'closed', since: new Date(T0 + 3 * HOUR).toISOString(), until: new Date(T0 + 9 * HOUR).toISOString(), level: 'error', limit: 500 },
    ];
    const run = async (scanThreads: number) => {
      const { call } = await connect({ ...base, scanThreads });
      const out: Array<{ total: number; matches: Array<{ line: number; message: string }> }> = [];
      for (const a of searches) {
        const r = await call('search_logs', a);
        expect(r.isError, r.text).toBe(false);
        out.push(r.json());
      }
      return out;
    };
    const one = await run(1);
    const three = await run(3);
    expect(three).toEqual(one);
    // Matches from every part, each at the line of the file where its entry starts.
    const last = one[0]!.matches.at(-1)!;
    expect(last.line).toBeGreaterThan(fileLines.length * 0.8);
    for (const r of one) for (const m of r.matches) expect(fileLines[m.line - 1]!.length > 0 && m.message.startsWith(fileLines[m.line - 1]!.replace(/^\S+ \w+ \[\w+\] /, ''))).toBe(true);
    expect(one.map((r) => r.total).every((t) => t > 0)).toBe(true);
  });
});
