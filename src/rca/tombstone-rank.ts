// Ranking's part for reads drowning in tombstones: a wide-column store (Cassandra, Scylla) that warns or aborts a query
// for the tombstones it scanned in one table got them from writes to that table, so the change that writes it is named.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { ChangeFinding } from './change-settings.js';
import { fromChange } from './change-hypothesis.js';
import type { Hypothesis } from './hypothesis.js';
import type { RelatedSignature } from './related-signatures.js';
import { textOf } from './signals.js';
import { minutes } from './analyzers/change-correlation.js';
import { sameTable, tableKey } from './table-writes.js';

/**
 * The store's own words for a read that met tombstones, and the table of its query: Cassandra's "Read 3 live rows
 * and 5117 tombstone cells for query SELECT * FROM ks.t …" (tombstone_warn_threshold) and "Scanned over 100001
 * tombstones during query 'SELECT * FROM ks.t …'; query aborted" (tombstone_failure_threshold).
 */
const TOMBSTONES = /\btombstones?\b/i;
const QUERIED = /\bFROM\s+("?[A-Za-z_]\w*"?(?:\."?[A-Za-z_]\w*"?)?)/i;
/** A named table is near proof of where the tombstones come from; it ranks over releases tied by words or time. */
const SCORE = 0.8;

const risen = (r: RelatedSignature) => r.isNew || r.post > 2 * r.pre + 2;

/** The table a tombstone line's query reads, or null for another line. */
export function tombstoneTable(text: string): string | null {
  if (!TOMBSTONES.test(text)) return null;
  const m = QUERIED.exec(text);
  return m ? tableKey(m[1]!) : null;
}

/**
 * With the store complaining at the onset of tombstones in one table, names the latest change before it whose added
 * statements write that table, however long before: tombstones pile up write by write (a whole-collection overwrite,
 * a null column, a delete) until reads pass the store's thresholds, so the reader that fails did not cause them.
 */
export function rankTombstoneWriter(hypotheses: Hypothesis[], changes: ChangeFinding[], base: Finding[], ctx: AnalysisContext): void {
  if (ctx.onset === null) return;
  const onset = ctx.onset;
  const byTable = new Map<string, RelatedSignature[]>();
  for (const r of ctx.related) {
    const t = risen(r) ? tombstoneTable(textOf(r)) : null;
    if (t) byTable.set(t, [...(byTable.get(t) ?? []), r]);
  }
  const tables = [...byTable].sort((a, b) => weight(b[1]) - weight(a[1]));
  for (const [table, sigs] of tables) {
    const writer = changes
      .filter((c) => !c.inert && Date.parse(c.change.time) <= onset && (c.writes ?? []).some((w) => sameTable(w, table)))
      // The latest is the one whose writes are in force.
      .sort((a, b) => Date.parse(b.change.time) - Date.parse(a.change.time))[0];
    if (!writer) continue;
    const same = hypotheses.findIndex((h) => h.suspect?.sha === writer.change.sha);
    if (same >= 0 && hypotheses[same]!.score >= SCORE) return;
    if (same >= 0) hypotheses.splice(same, 1);
    const h = fromChange(writer, [], base, ctx, 'relevance');
    h.category = 'code_regression';
    const gap = minutes(Math.max(0, onset - Date.parse(writer.change.time)));
    const ref = writer.change.ref ? ` (${writer.change.ref})` : '';
    h.summary =
      `${h.service ?? 'the service'} writes ${table} differently since commit ${writer.change.sha.slice(0, 8)} "${writer.change.message}"${ref}, ${gap} before the onset: ` +
      `the store now reads past tombstones in that very table ("${sigs[0]!.sig.template.slice(0, 90)}"), and tombstones are made by writes, not by the reads that fail on them`;
    h.score = h.confidence = SCORE;
    h.recommendations = [
      `Revert ${writer.change.sha.slice(0, 12)} "${writer.change.message}"${writer.change.ref ? ` (roll back ${writer.change.ref})` : ''}: write only what changed (append to or set elements of a collection rather than overwrite it, leave unset columns out rather than null)`,
      `Once writes stop adding tombstones, compact ${table} after gc_grace_seconds (or lower it with care) so reads stop scanning them`,
    ];
    hypotheses.push(h);
    return;
  }
}

const weight = (sigs: RelatedSignature[]) => sigs.reduce((a, r) => a + r.weight, 0);
