// Runtime changes the services announced in their logs (request_flows' announcements): a feature flag switched or
// configuration reloaded with changes in the minutes before the onset, which no commit or release shows.
import type { Analyzer, Finding } from '../analyzer.js';
import type { EvidenceBundle } from '../bundle.js';
import { cite, refs } from '../quote.js';
import { normalizeService } from '../service-names.js';
import { minutes } from './change-correlation.js';

/** How long before the onset an announced change may have set it off (and after it: clocks and the onset's minute). */
const BEFORE_MS = 10 * 60_000;
const AFTER_MS = 60_000;
/** A change this long before the onset is as prompt as one can be (the errors' first minute). */
const PROMPT_MS = 2 * 60_000;

/** What was announced and how long before the first errors, as the analyzer's finding and the ranking say it. */
export function announcedChange(kind: keyof typeof KIND_SAID, gapMs: number, text: string): string {
  return `a ${KIND_SAID[kind]} ${gapMs < 60_000 ? 'less than a minute' : minutes(gapMs)} before the first errors: "${text}"`;
}

const KIND_SAID = { flag: 'feature flag change', config: 'configuration change', schema: 'schema change', lifecycle: 'workload change', audit: 'control-plane change', credential: 'credential lifecycle event' } as const;

/**
 * The commit whose diff or files name an object a schema change names (the index it dropped, the migration's file):
 * the migration that ran. The longest object first: a long index or file name is unlikely to appear by chance.
 */
export function commitBehind(bundle: EvidenceBundle, objects: string[]): string | null {
  for (const o of objects) {
    const low = o.toLowerCase();
    const byDiff = bundle.diffs.find((d) => d.data.diff.toLowerCase().includes(low));
    if (byDiff) return byDiff.data.sha;
    const byFile = (bundle.commits?.data ?? []).find((c) => c.files.some((f) => f.path.toLowerCase().endsWith(low)));
    if (byFile) return byFile.sha;
  }
  return null;
}

export const runtimeChange: Analyzer = {
  name: 'runtime-change',
  description: 'Feature flags switched, configuration reloaded or the schema changed at runtime just before the onset, as the services logged it',
  analyze(bundle, ctx): Finding[] {
    const onset = ctx.onset;
    const flows = bundle.flows;
    if (onset === null || !flows) return [];
    // Lifecycle events (pods created, JVMs started) are routine in any window: they are not blamed on their own.
    // A clock jump or a failover is a node's or a store's condition (clock-skew.ts, failover.ts), no change a service made.
    const near = (flows.data.announcements ?? []).filter(
      (a): a is typeof a & { kind: 'flag' | 'config' | 'schema' } => (a.kind === 'flag' || a.kind === 'config' || a.kind === 'schema') && a.time >= onset - BEFORE_MS && a.time <= onset + AFTER_MS,
    );
    return near.map((a) => {
      const gap = Math.max(0, onset - a.time);
      const service = a.service ? normalizeService(a.service) : null;
      const commit = a.kind === 'schema' ? commitBehind(bundle, a.objects ?? []) : null;
      return {
        kind: 'runtime_change',
        analyzer: this.name,
        service,
        time: new Date(a.time).toISOString(),
        change: a.kind,
        text: a.text,
        ...(commit ? { commit } : {}),
        summary: `${service ?? 'a service'} logged ${announcedChange(a.kind, gap, a.text)}`,
        // Full strength within the errors' first minutes, fading over the ten minutes before.
        confidence: gap <= PROMPT_MS ? 0.65 : 0.65 * Math.exp(-(gap - PROMPT_MS) / (5 * 60_000)),
        evidence: refs(cite(bundle, flows.call_id, `${service ?? 'a service'} announced a runtime change`, [a.text])),
        timeline: [{ time: new Date(a.time).toISOString(), source: 'logs', event: `${KIND_SAID[a.kind]}: ${a.text}` }],
      };
    });
  },
};
