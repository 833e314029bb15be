// `npm run bench:failures`: rule classification and repair over the failure corpus (fixtures/failures),
// per split (dev / held-out) and per tool, next to the targets (>= 90 % types, >= 80 % correct repairs).
// Misses are listed for the dev split only; `--holdout-details` lists the held-out ones too.
import { join } from 'node:path';
import { loadCorpus } from './failures-corpus.js';
import { pct, scoreCorpus, summarize, type Scored } from './failures-score.js';

const TYPE_TARGET = 0.9;
const REPAIR_TARGET = 0.8;
const showHoldout = process.argv.includes('--holdout-details');

const entries = loadCorpus(join(import.meta.dirname, '..', 'fixtures', 'failures'));
const rows = await scoreCorpus(entries);

const line = (label: string, rs: Scored[]) => {
  const s = summarize(rs);
  return `${label.padEnd(14)} ${String(s.entries).padStart(4)}  types ${pct(s.typeCorrect, s.entries).padStart(6)} (${s.typeCorrect}/${s.entries})  repairs ${pct(s.repairCorrect, s.repairJudged).padStart(6)} (${s.repairCorrect}/${s.repairJudged})`;
};

console.log('Failure corpus: rule classification and deterministic repair');
console.log(line('all', rows));
// The reference: always answering the most frequent type of the dev split, scored on the whole corpus.
const counts = new Map<string, number>();
for (const r of rows.filter((x) => x.entry.split === 'dev')) counts.set(r.entry.expect.failure_type, (counts.get(r.entry.expect.failure_type) ?? 0) + 1);
const majority = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
const hits = rows.filter((r) => r.entry.expect.failure_type === majority).length;
console.log(`${'baseline'.padEnd(14)} ${String(rows.length).padStart(4)}  types ${pct(hits, rows.length).padStart(6)} (always ${majority})`);
for (const split of ['dev', 'holdout'] as const) console.log(line(split, rows.filter((r) => r.entry.split === split)));
console.log('\nper tool (all splits)');
for (const tool of [...new Set(rows.map((r) => r.entry.tool))].sort()) console.log(line(`  ${tool}`, rows.filter((r) => r.entry.tool === tool)));

const misses = rows.filter((r) => (showHoldout || r.entry.split === 'dev') && (!r.typeOk || r.repairOk === false));
if (misses.length) {
  console.log(`\nmisses${showHoldout ? '' : ' (dev split)'}`);
  for (const r of misses) {
    const type = r.typeOk ? '' : `type ${r.got.failure_type} (rule ${r.got.rule}), expected ${r.entry.expect.failure_type}`;
    const repair = r.repairOk === false ? `repair: ${r.repair.why}` : '';
    console.log(`  ${r.entry.id} [${r.entry.split}]: ${[type, repair].filter(Boolean).join('; ')}`);
  }
}

const all = summarize(rows);
const typeRate = all.typeCorrect / all.entries;
const repairRate = all.repairJudged ? all.repairCorrect / all.repairJudged : 1;
console.log(`\ntargets: types ${pct(all.typeCorrect, all.entries)} vs >= ${TYPE_TARGET * 100}%, repairs ${pct(all.repairCorrect, all.repairJudged)} vs >= ${REPAIR_TARGET * 100}%`);
process.exitCode = typeRate >= TYPE_TARGET && repairRate >= REPAIR_TARGET ? 0 : 1;
