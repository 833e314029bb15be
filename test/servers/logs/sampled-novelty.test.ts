// error_signatures on a sampled file: a rare message the baseline's pieces happened to miss is not called new (the
// answer says the baseline was sampled and why), while a message frequent enough that the sample would have seen it
// in the baseline still is; read in full, the same file gives the exact counts.
import { describe, expect, it } from 'vitest';
import { judgeAbsence } from '../../../servers/logs/sampled-novelty.js';
import { connect, tempDir } from './helpers.js';

const T0 = Date.parse('2025-03-04T00:00:00Z');
const HOUR = 3_600_000;
const LINE = 256; // fixed length: a 64 KiB stratum is 256 lines, a 4 KiB piece its first 16
const STRATUM = 256;

/** Two hours, a line every 300 ms; `message(i)` picks a line's level and text by its number. */
function file(message: (i: number) => [string, string] | null): string {
  const out: string[] = [];
  for (let i = 0; i < 24_000; i++) {
    const [level, text] = message(i) ?? ['INFO', `request ${i} handled`];
    const line = `${new Date(T0 + i * 300).toISOString()} ${level} [api] ${text} `;
    out.push(line.padEnd(LINE - 1, 'x'));
  }
  return `${out.join('\n')}\n`;
}

const at = (i: number) => i % STRATUM;
const hour = (i: number) => (i * 300) / HOUR;

const text = file((i) => {
  // Rare: twice in the baseline hour, mid-stratum (never in a piece), twice in the window at a piece's start.
  if ((i === 3 * STRATUM + 128 || i === 20 * STRATUM + 128) || (i === 60 * STRATUM + 5 || i === 80 * STRATUM + 5)) return ['WARN', `disk quota near limit on volume ${i}`];
  // Frequent and new: the last half hour of the window, in every stratum's piece.
  if (hour(i) >= 1.5 && (at(i) === 3 || at(i) === 9)) return ['ERROR', `payment gateway timed out after ${i} ms`];
  return null;
});

interface Sig {
  template: string;
  count: number;
  baseline_count: number;
  new: boolean;
  baseline_sampled?: boolean;
  new_note?: string;
}

async function signatures(readBudget?: number): Promise<{ sampling?: string; signatures: Sig[] }> {
  const dir = tempDir({ 'app.log': text });
  const { call } = await connect({ sources: [dir], at: T0 + 2 * HOUR, cacheDir: tempDir(), ...(readBudget ? { readBudget } : {}) });
  const r = await call('error_signatures', { since: new Date(T0 + HOUR).toISOString(), until: new Date(T0 + 2 * HOUR).toISOString() });
  expect(r.isError, r.text).toBe(false);
  return r.json();
}

const find = (sigs: Sig[], word: string) => sigs.find((s) => s.template.includes(word));

describe('error_signatures when the baseline is sampled', () => {
  it('read in full: exact baseline counts, new only for the message the baseline never had', async () => {
    const r = await signatures();
    expect(r.sampling).toBeUndefined();
    expect(find(r.signatures, 'disk quota')).toMatchObject({ count: 2, baseline_count: 2, new: false });
    expect(find(r.signatures, 'payment gateway')).toMatchObject({ baseline_count: 0, new: true });
    expect(find(r.signatures, 'payment gateway')!.baseline_sampled).toBeUndefined();
  });

  it('sampled: a rare message missed by the baseline pieces is not new, a frequent one still is, and both say why', async () => {
    const r = await signatures(256 * 1024);
    expect(r.sampling).toMatch(/^read \d+ % of app\.log \(.+ of .+\), sampled evenly over the window/);
    const rare = find(r.signatures, 'disk quota')!;
    expect(rare.baseline_count).toBe(0); // the pieces missed both baseline entries ...
    expect(rare.new).toBe(false); // ... which proves nothing for a message this rare
    expect(rare.baseline_sampled).toBe(true);
    expect(rare.new_note).toMatch(/not in the \S+ % of the baseline read \(sampled\), but too rare in the window to call new/);
    const frequent = find(r.signatures, 'payment gateway')!;
    expect(frequent.new).toBe(true);
    expect(frequent.baseline_sampled).toBe(true);
    expect(frequent.new_note).toMatch(/would have shown in >?\d+ % of such samples/);
  });
});

describe('judgeAbsence', () => {
  const tally = (window: number, baseline: number) => ({ window, baseline, baselineRead: baseline * 10, baselineWeighted: baseline * 100, lastWindow: -1, lastBaseline: -1 });

  it('takes absence as a fact where the baseline was read in full (no sampled baseline pieces)', () => {
    expect(judgeAbsence(new Map([[0, { pieces: 1, last: 0 }]]), new Map([[0, tally(50, 0)]]))).toEqual({ new: true });
  });

  it('tests the share of pieces: (1 - p)^n against 5 %, over all the files that hold the message', () => {
    // p = 5/50, n = 40: missed with chance 0.9^40 = 1.5 % -> new
    expect(judgeAbsence(new Map([[0, { pieces: 5, last: 0 }]]), new Map([[0, tally(50, 40)]])).new).toBe(true);
    // p = 1/50, n = 40: missed with chance 45 % -> not new
    const rare = judgeAbsence(new Map([[0, { pieces: 1, last: 0 }]]), new Map([[0, tally(50, 40)]]));
    expect(rare.new).toBe(false);
    expect(rare.note).toContain('10 % of the baseline read');
    // Two files each missing it with chance 0.8^10 = 11 %: together 1.2 % -> new
    const two = new Map([[0, tally(10, 10)], [1, tally(10, 10)]]);
    expect(judgeAbsence(new Map([[0, { pieces: 2, last: 0 }], [1, { pieces: 2, last: 0 }]]), two).new).toBe(true);
  });
});
