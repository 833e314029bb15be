// Runs the analyzers over one bundle: each in isolation, so one that throws is reported as
// analyzer_failed and the others go on; every finding is announced on the event stream.
import type { EventSink } from '../core/events.js';
import { errorMessage } from '../core/errors.js';
import type { Analyzer, Finding } from './analyzer.js';
import type { EvidenceBundle } from './bundle.js';
import { deriveContext, type AnalysisContext } from './context.js';
import { releaseAliases, withAppNames } from './release-names.js';

export interface AnalysisResult {
  context: AnalysisContext;
  findings: Finding[];
  failed: Array<{ analyzer: string; error: string }>;
}

export function runAnalyzers(bundle: EvidenceBundle, analyzers: readonly Analyzer[], events: EventSink): AnalysisResult {
  const failed: AnalysisResult['failed'] = [];
  let context: AnalysisContext;
  try {
    context = deriveContext(bundle);
  } catch (err) {
    failed.push({ analyzer: 'context', error: errorMessage(err) });
    events({ type: 'analyzer_failed', analyzer: 'context', error: errorMessage(err) });
    const from = Date.parse(bundle.window.from);
    const to = Date.parse(bundle.window.to);
    context = { from, to, onset: null, onsetBasis: [], rate: null, affectedService: null, related: [], services: new Set(), entities: new Set(), growth: null };
  }
  const findings: Finding[] = [];
  for (const a of analyzers) {
    try {
      for (const f of a.analyze(bundle, context)) {
        findings.push(f);
        if (f.kind !== 'change' || f.relevance > 0.2) {
          events({ type: 'finding', analyzer: a.name, summary: f.summary, confidence: round2(f.confidence) });
        }
      }
    } catch (err) {
      failed.push({ analyzer: a.name, error: errorMessage(err) });
      events({ type: 'analyzer_failed', analyzer: a.name, error: errorMessage(err) });
    }
  }
  // One service, one name: a Helm release's workload is read as the app its containers run, whichever evidence named it.
  const releases = releaseAliases(bundle);
  if (context.affectedService) context.affectedService = releases.get(context.affectedService) ?? context.affectedService;
  return { context, findings: withAppNames(findings, releases), failed };
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}
