// Benchmark: the redactor over every line of the repository's log fixtures (ordinary text, the case that matters
// for speed) and over the secrets corpus, next to a reference measured in the same run: secretlint's recommended
// preset run on each line as-is (every rule, no keyword pre-check), which is what we build on. Medians of --runs.
// Run: npm run bench:redact [-- --runs 5]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { rules } from '@secretlint/secretlint-rule-preset-recommend';
import { redact } from '../src/core/redact.js';

const args = process.argv.slice(2);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 5;
const ROOT = path.resolve(import.meta.dirname, '..');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function* logFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) yield* logFiles(p);
    else if (/\.(log|txt|jsonl)$/.test(name)) yield p;
  }
}

const lines = [...logFiles(path.join(ROOT, 'fixtures'))].flatMap((f) => readFileSync(f, 'utf8').split('\n')).filter((l) => l.length > 0);
const corpus = (JSON.parse(readFileSync(path.join(ROOT, 'fixtures', 'secrets', 'credentials.json'), 'utf8')) as Array<{ line: string }>).map((e) => e.line);

type Rule = { meta: { id: string }; create(ctx: unknown, opts: unknown): { file?: (s: unknown) => void } };
const handlers = (rules as unknown as Rule[])
  .filter((r) => !/gcp|filter-comments/.test(r.meta.id))
  .map((r) => r.create({ createTranslator: () => (id: string, props: unknown) => ({ id, props }), report: () => undefined, ignore: () => undefined }, {}));
const presetAsIs = (text: string) => {
  for (const h of handlers) h.file?.({ content: text, filePath: 'input.txt', ext: '.txt', contentType: 'text' });
};

function usPerLine(input: string[], fn: (l: string) => unknown): number {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (const l of input) fn(l);
    times.push(((performance.now() - t0) * 1000) / input.length);
  }
  return median(times);
}

const changed = lines.filter((l) => redact(l) !== l).length;
const rows: Array<[string, number, number]> = [
  [`fixture log lines (${lines.length}; ${changed} changed)`, usPerLine(lines, redact), usPerLine(lines, presetAsIs)],
  [`secrets corpus lines (${corpus.length})`, usPerLine(corpus, redact), usPerLine(corpus, presetAsIs)],
];
console.log(`redact: median of ${runs} runs, microseconds per line`);
console.log('input'.padEnd(52), 'redact()'.padStart(10), 'preset as-is'.padStart(14), 'ratio'.padStart(8));
for (const [name, ours, ref] of rows) console.log(name.padEnd(52), ours.toFixed(1).padStart(10), ref.toFixed(1).padStart(14), `${(ours / ref).toFixed(2)}x`.padStart(8));
