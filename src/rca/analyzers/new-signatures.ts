// New error signatures: templates that never occurred before the onset (or surged far above their
// usual rate), with their counts, first entry, root exception and pods; the words the change correlation matches on.
import type { Analyzer, Finding } from '../analyzer.js';
import { exampleLine } from '../related-signatures.js';
import { podsOf, rootCause } from '../signature-words.js';
import { cite, refs } from '../quote.js';
export const newSignatures: Analyzer = {
  name: 'new-signatures',
  description: 'Error signatures that are new or surged at the onset, against the baseline',
  analyze(bundle, ctx): Finding[] {
    if (!bundle.signatures || ctx.related.length === 0) return [];
    const callId = bundle.signatures.call_id;
    return ctx.related.slice(0, 5).map((r) => {
      const what = r.isNew ? 'new' : `surged (${r.pre} before the onset)`;
      const pods = podsOf(r.sig);
      const where = `${r.service ?? 'logs'}${pods ? `, ${pods}` : ''}`;
      const detail = `${what} error signature in ${where}: ${r.post} entries from the onset on`;
      // The innermost exception is what failed; the outer ones are the layers that passed it on.
      const root = rootCause(r.sig);
      const chain = r.sig.exception_chain ?? [];
      const rootDetail = root
        ? `its root cause${chain.length > 1 ? ` (the innermost of ${chain.length} chained exceptions)` : ''}: ${root}`
        : null;
      return {
        kind: 'new_errors' as const,
        analyzer: this.name,
        service: r.service,
        templates: [r.sig.template],
        summary: `${r.post}× "${r.sig.template}" (${what})${root ? `; root cause ${root}` : ''}`,
        confidence: Math.min(0.95, 0.4 + r.weight * 0.6),
        evidence: refs(
          cite(bundle, callId, detail, [r.sig.example.split('\n')[0] ?? '', r.sig.template]),
          rootDetail ? cite(bundle, callId, `${rootDetail}; in ${where}`, [r.sig.root_cause!]) : null,
        ),
        timeline: r.isNew && r.sig.first_seen
          ? [{ time: r.sig.first_seen, source: 'logs' as const, event: `first ${exampleLine(r.sig, 90)} (${where}${root ? `; root cause ${root}` : ''})` }]
          : [],
      };
    });
  },
};
