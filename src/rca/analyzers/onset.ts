// Onset: when the incident started, from the error-rate change point and the first new error entry
// (the context computes it once; this analyzer reports it with its evidence and timeline).
import type { Analyzer, Finding } from '../analyzer.js';
import { cite, refs } from '../quote.js';

export const onset: Analyzer = {
  name: 'onset',
  description: 'When it started: error-rate and error-log change points',
  analyze(bundle, ctx): Finding[] {
    if (ctx.onset === null) return [];
    const at = new Date(ctx.onset).toISOString();
    return [
      {
        kind: 'onset',
        analyzer: this.name,
        onset: at,
        summary: `errors began at ${at}`,
        confidence: ctx.onsetBasis.length >= 2 ? 0.9 : 0.6,
        evidence: refs(...ctx.onsetBasis.map((b) => cite(bundle, b.call_id, b.what, [b.quote]))),
        timeline: ctx.onsetBasis.map((b) => ({ time: new Date(b.time).toISOString(), source: b.source, event: b.what })),
      },
    ];
  },
};
