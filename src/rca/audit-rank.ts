// Ranking's part for a control-plane change (a mutating call in CloudTrail, a Kubernetes or GCP audit log) on a resource
// the failing component uses, minutes before the onset: it, over releases live long before that only share words.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { Hypothesis } from './hypothesis.js';
import { belowRuntime } from './runtime-trigger.js';
import { announcedChange } from './analyzers/runtime-change.js';

type RuntimeFinding = Extract<Finding, { kind: 'runtime_change' }>;

/** Strong enough to be named: within about twelve minutes of the onset (control-plane-change.ts' fading strength). */
const NAMED_CONFIDENCE = 0.6;

/**
 * The strongest tied control-plane change becomes a hypothesis with no commit. Releases that went live well before it
 * ran without the errors until it (belowRuntime); a certificate refused is what a replaced certificate does, so the bare
 * "certificates are rejected" condition ranks below it as its symptom. A rule later in the table (a change that set the
 * very limit crossed, however old) still stands over it.
 */
export function rankAuditChange(hypotheses: Hypothesis[], runtime: RuntimeFinding[], base: Finding[], ctx: AnalysisContext): void {
  const call = runtime
    .filter((f) => f.change === 'audit' && f.link !== undefined && f.confidence >= NAMED_CONFIDENCE)
    .sort((a, b) => b.confidence - a.confidence || Date.parse(b.time) - Date.parse(a.time))[0];
  if (!call) return;
  const gap = Math.max(0, (ctx.onset ?? 0) - Date.parse(call.time));
  const who = call.service ?? 'the failing component';
  const h: Hypothesis = {
    summary: `${who} started failing right after ${announcedChange('audit', gap, call.text)}${call.link === 'certificate' ? ', which replaced a certificate it serves while clients began refusing certificates' : ', on a resource it uses'}; no release shows it`,
    category: call.link === 'certificate' ? 'certificate_or_auth' : 'config_error',
    service: call.service,
    suspect: null,
    confidence: call.confidence,
    score: call.confidence,
    support: [...base, call],
    recommendations: [
      `Check the call "${call.text.slice(0, 160)}"${call.actor ? ` made by ${call.actor}` : ''} and undo it (or redo it right) if it is what changed ${who}`,
      call.link === 'certificate'
        ? 'Compare the certificate served now with the one before (openssl s_client -showcerts): a re-imported certificate needs its full chain'
        : 'Record changes made through the console or CLI where releases are recorded, or make them through the pipeline',
    ],
  };
  belowRuntime(hypotheses, h);
  if (call.link === 'certificate') {
    for (const o of hypotheses) {
      if (o.suspect || o.category !== 'certificate_or_auth') continue;
      o.score = Math.min(o.score, h.score - 0.05);
      o.confidence = Math.min(o.confidence, o.score);
    }
  }
  hypotheses.push(h);
}
