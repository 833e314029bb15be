// error_signatures' answer from its units (signature-parts.ts): the distinct masked messages of every unit, in
// order of first appearance, are mined with one miner, so a signature is `new` exactly when the baseline never
// produced its template, and the answer does not depend on how many threads read the file.
import { createHash } from 'node:crypto';
import type { ErrorSignature, ErrorSignaturesResult } from '../../src/core/evidence.js';
import { redact, redactValue } from '../../src/core/redact.js';
import { toIso } from '../../src/core/time.js';
import { TemplateMiner } from '../../src/core/logs/miner/template-miner.js';
import { foldStats, newStats, type SignaturePartial, type SignatureQuery, type Stats } from './signature-parts.js';
import { mergeCoverage, samplingNote } from './coverage.js';
import { judgeAbsence, mergeTallies, type PieceTallies } from './sampled-novelty.js';

/** error_signatures' signature with the optional additions this server makes to the shared shape. */
export type SignatureOut = ErrorSignature & { example_fields?: Record<string, string>; per_minute_note?: string; new_note?: string };

/** Per-minute pairs across all returned signatures (about 30 bytes each) so the JSON fits in 16 KB. */
const PER_MINUTE_BUDGET = 240;
const MAX_NAMES = 20;

const names = (xs: Set<string>) => [...xs].sort().slice(0, MAX_NAMES);

/**
 * `lineAt(file, from)`: the number of the line at a span start once known (NaN otherwise), for examples whose lines
 * were counted from the start of a stretch found by binary search.
 */
export function finishSignatures(partials: SignaturePartial[], q: SignatureQuery, lineAt: (file: string, from: number) => number = () => NaN): ErrorSignaturesResult & { sampling?: string } {
  // Units come in file order: a message's first unit holds its first appearance.
  const messages = new Map<string, Stats>();
  let scanned = 0;
  let matched = 0;
  const tallies: PieceTallies = new Map();
  for (const p of partials) {
    mergeTallies(tallies, p.tallies);
    scanned += p.scanned;
    matched += p.matched;
    for (const [key, s] of p.messages) {
      const into = messages.get(key);
      if (into) foldStats(into, s);
      else messages.set(key, s);
    }
  }
  const miner = new TemplateMiner();
  const stats = new Map<number, Stats>();
  for (const [key, s] of messages) {
    const id = miner.addTokens(key === '' ? [] : key.split(' '));
    let into = stats.get(id);
    if (!into) stats.set(id, (into = newStats()));
    foldStats(into, s);
  }
  const merged = mergeGroups(miner, stats);
  const signatures: SignatureOut[] = [];
  for (const [id, s] of merged) {
    if (s.count === 0) continue;
    // Absent from a sampled baseline is new only when the sample would have caught it (sampled-novelty.ts).
    const novelty = q.baseline !== null && s.baseline === 0 ? judgeAbsence(s.hits, tallies) : { new: false };
    const template = redact(miner.template(id));
    signatures.push({
      id: createHash('sha1').update(template).digest('hex').slice(0, 10),
      template,
      level: s.level,
      services: names(s.services),
      count: Math.round(s.count),
      first_seen: s.first === null ? null : toIso(s.first),
      last_seen: s.last === null ? null : toIso(s.last),
      example: redact(s.example),
      example_source: sourceOf(s, lineAt),
      ...(s.exampleFields ? { example_fields: redactValue(s.exampleFields) } : {}),
      ...(s.cause ? { root_cause: redact(s.cause.root), ...(s.cause.chain.length > 1 ? { exception_chain: s.cause.chain.map(redact) } : {}) } : {}),
      ...(s.pods.size ? { pods: names(s.pods), namespaces: names(s.namespaces) } : {}),
      per_minute: [...s.perMinute.entries()].sort((a, b) => a[0] - b[0]).map(([m, c]) => [toIso(m), Math.round(c)]),
      baseline_count: Math.round(s.baseline),
      new: novelty.new,
      ...(novelty.note ? { baseline_sampled: true, new_note: novelty.note } : {}),
    });
  }
  // New signatures first: a fresh error matters more than a chronic one, then by volume.
  signatures.sort((a, b) => Number(b.new) - Number(a.new) || b.count - a.count || a.template.localeCompare(b.template));
  const shown = signatures.slice(0, q.top);
  // Keep the answer inside the output cap: long windows keep each signature's busiest minutes.
  const perSignature = Math.max(10, Math.floor(PER_MINUTE_BUDGET / Math.max(1, shown.length)));
  for (const sig of shown) {
    if (sig.per_minute.length <= perSignature) continue;
    const busiest = [...sig.per_minute].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, perSignature);
    sig.per_minute = busiest.sort((a, b) => a[0].localeCompare(b[0]));
    sig.per_minute_note = `busiest ${perSignature} minutes shown; narrow since/until for all`;
  }
  const sampling = samplingNote(mergeCoverage(partials.flatMap((p) => p.coverage)));
  return {
    window: { from: q.window.from === null ? null : toIso(q.window.from), to: q.window.to === null ? null : toIso(q.window.to) },
    baseline: q.baseline ? { from: toIso(q.baseline.from!), to: toIso(q.baseline.to!) } : null,
    entries_scanned: scanned,
    entries_matched: Math.round(matched),
    signatures: shown,
    ...(sampling ? { sampling } : {}),
  };
}

function sourceOf(s: Stats, lineAt: (file: string, from: number) => number): string {
  if (!s.exampleRel) return s.exampleSource;
  const first = lineAt(s.exampleRel.file, s.exampleRel.from);
  return Number.isFinite(first) ? `${s.exampleRel.file}:${first + s.exampleRel.line - 1}` : s.exampleSource;
}

/** Folds clusters the miner groups together (same template up to wildcard runs) into one signature. */
function mergeGroups(miner: TemplateMiner, stats: Map<number, Stats>): Map<number, Stats> {
  const groups = miner.groups();
  const out = new Map<number, Stats>();
  for (const [id, s] of stats) {
    const g = groups.get(id) ?? id;
    const into = out.get(g);
    if (into) foldStats(into, s);
    else out.set(g, s);
  }
  return out;
}
