// Scores the learning loop on the failure corpus: the rule classification of every entry, and the
// candidate improveAfterFailure queues for it (kind, what it names, lint, no baked-in case details).
import { classifyByRules, hostsIn } from '../src/learn/classify-rules.js';
import { failureFacts } from '../src/learn/failure-facts.js';
import { IMPROVABLE, improveAfterFailure } from '../src/learn/improve.js';
import { addedText } from '../src/learn/line-diff.js';
import { splitArgs } from '../src/learn/improve-rules.js';
import { loadRunbookText } from '../src/runbook/loader.js';
import { addVersion, openStore, type Db } from '../src/store/index.js';
import { corpusExecution, corpusRunbookYaml, type CorpusEntry, type Expectation } from './failures-corpus.js';

/** The deterministic repairs' names, in the corpus's vocabulary. */
const KIND: Record<string, string> = {
  'start-missing-dependency': 'start-dependency',
  'environment-precondition': 'precondition',
  'alternative-command': 'alternative',
  'wait-and-retry': 'wait-retry',
};

export interface Scored {
  entry: CorpusEntry;
  got: { failure_type: string; rule: string; evidence: string[] };
  typeOk: boolean;
  /** null: the entry does not count for repairs (not improvable and nothing was proposed). */
  repairOk: boolean | null;
  repair: { kind: string | null; outcome: string; why: string };
}

/** Which entries' repairs are judged: every improvable one, and any other the engine proposed a repair for. */
function judgeRepair(e: CorpusEntry, outcome: string, kind: string | null, added: string): { ok: boolean | null; why: string } {
  const expected = e.expect;
  const proposed = outcome === 'queued';
  if (!IMPROVABLE.has(expected.failure_type)) return proposed ? { ok: false, why: `proposed ${kind} for a ${expected.failure_type} failure` } : { ok: null, why: '' };
  if (expected.repair === null) return proposed ? { ok: false, why: `proposed ${kind}; none expected` } : { ok: true, why: 'no repair, as expected' };
  if (!proposed) return { ok: false, why: `expected ${expected.repair}, got ${outcome}` };
  if (kind !== expected.repair) return { ok: false, why: `expected ${expected.repair}, got ${kind}` };
  if (expected.names && !added.includes(expected.names)) return { ok: false, why: `the repair does not name ${expected.names}` };
  return { ok: true, why: `${kind}${expected.names ? ` naming ${expected.names}` : ''}` };
}

export async function scoreEntry(db: Db, e: CorpusEntry, n: number): Promise<Scored> {
  const argv = splitArgs(e.command);
  const runbookId = `RB-CORPUS-${n}`;
  const yaml = corpusRunbookYaml(e, argv, runbookId);
  const loaded = loadRunbookText(yaml, `${runbookId}.yaml`);
  if (!loaded.runbook) throw new Error(`${e.id}: the replay runbook does not lint: ${loaded.problems.map((p) => p.message).join('; ')}`);
  const rb = loaded.runbook;
  const result = corpusExecution(e, argv, runbookId);
  const v = classifyByRules(failureFacts(result, rb));
  const parent = addVersion(db, { runbookId, yaml, status: 'active', generatedBy: 'file' });
  const out = await improveAfterFailure(db, { result, parent, runbook: rb, classification: { failure_type: v.failure_type } });
  const added = out.outcome === 'queued' && out.candidate ? addedText(yaml, out.candidate.yaml) : '';
  const name = out.outcome === 'queued' && out.repair ? (KIND[out.repair] ?? out.repair) : null;
  const judged = judgeRepair(e, out.outcome, name, added);
  // Hosts the failure printed must never reach the candidate (they are the case, not the procedure).
  const leaked = hostsIn(e.stderr + '\n' + e.stdout).filter((h) => h.length > 3 && added.includes(h));
  const repairOk = leaked.length ? false : judged.ok;
  const why = leaked.length ? `the candidate names ${leaked.join(', ')} from the failure` : judged.why;
  return {
    entry: e, got: { failure_type: v.failure_type, rule: v.rule, evidence: v.evidence }, typeOk: v.failure_type === e.expect.failure_type,
    repairOk, repair: { kind: name, outcome: out.outcome, why },
  };
}

export interface Summary {
  entries: number;
  typeCorrect: number;
  repairJudged: number;
  repairCorrect: number;
}

export function summarize(rows: Scored[]): Summary {
  const judged = rows.filter((r) => r.repairOk !== null);
  return { entries: rows.length, typeCorrect: rows.filter((r) => r.typeOk).length, repairJudged: judged.length, repairCorrect: judged.filter((r) => r.repairOk).length };
}

export async function scoreCorpus(entries: CorpusEntry[]): Promise<Scored[]> {
  const db = openStore(':memory:');
  try {
    const out: Scored[] = [];
    for (const [i, e] of entries.entries()) out.push(await scoreEntry(db, e, i));
    return out;
  } finally {
    db.close();
  }
}

export const pct = (a: number, b: number) => (b === 0 ? '  n/a' : `${((100 * a) / b).toFixed(1)}%`);
