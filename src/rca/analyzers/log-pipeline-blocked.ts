// A log pipeline blocking the services that write to it: a collector's buffer full (Fluentd's BufferOverflowError,
// Fluent Bit's input paused over its memory limit) as the services it collects from stop logging in the same minute.
import type { Analyzer, Finding } from '../analyzer.js';
import type { EvidenceBundle } from '../bundle.js';
import { cite, refs } from '../quote.js';
import { normalizeService } from '../service-names.js';
import { textOf } from '../signals.js';
import { msOf } from '../series.js';

const MIN = 60_000;
/**
 * A collector's own words for a full buffer: Fluentd's `BufferOverflowError` ("buffer space has too many data"), Fluent
 * Bit's "paused (mem buf overlimit)". With `overflow_action block` (or Docker's fluentd log driver in blocking mode) the
 * collector stops taking lines, the writers' stdout fills, and every process that logs blocks on its next write: the
 * services hang and fall silent at once, though none of them is at fault.
 */
export const LOG_BUFFER_FULL = /\bBufferOverflowError\b|\bbuffer space has too many data\b|\bmem buf overlimit\b/i;
/** The buffer must fill within this of the onset: one full long before or after it did not stall these requests. */
const NEAR_MS = 2 * MIN;
/** Minutes before the onset a writer must have logged in, each of them, to count as steady. */
const STEADY_MIN = 5;
/** Share of its steady rate a writer may still log after the onset and count as silent (a blocked write lets nothing out). */
const SILENT = 0.05;

/** Services that logged in each of the STEADY_MIN minutes before the onset and (nearly) nothing after its minute. */
export function silencedWriters(bundle: EvidenceBundle, onset: number, except: string): string[] {
  const minutes = bundle.flows?.data.statementMinutes ?? [];
  const at = minutes.findIndex((m) => m >= Math.floor(onset / MIN) * MIN);
  if (at < STEADY_MIN || at >= minutes.length - 2) return [];
  const perService = new Map<string, number[]>();
  for (const s of bundle.flows?.data.statements ?? []) {
    if (!s.service || normalizeService(s.service) === except) continue;
    const sum = perService.get(s.service) ?? minutes.map(() => 0);
    s.counts.forEach((n, i) => (sum[i]! += n));
    perService.set(s.service, sum);
  }
  const out: string[] = [];
  for (const [service, counts] of perService) {
    const before = counts.slice(at - STEADY_MIN, at);
    // After the onset's minute, without the last one (cut off by the window's end).
    const after = counts.slice(at + 1, -1);
    if (before.some((n) => n === 0) || after.length === 0) continue;
    const rate = before.reduce((a, n) => a + n, 0) / before.length;
    if (after.reduce((a, n) => a + n, 0) <= SILENT * rate * after.length) out.push(normalizeService(service));
  }
  return out.sort();
}

export const logPipelineBlocked: Analyzer = {
  name: 'log-pipeline-blocked',
  description: 'A log collector whose buffer is full while the services that log through it fall silent at once: the pipeline blocks them',
  analyze(bundle, ctx): Finding[] {
    if (ctx.onset === null) return [];
    const onset = ctx.onset;
    const full = ctx.related
      .filter((r) => r.service !== null && LOG_BUFFER_FULL.test(textOf(r)) && Math.abs(msOf(r.sig.first_seen) - onset) <= NEAR_MS)
      .sort((a, b) => b.post - a.post)[0];
    if (!full) return [];
    const collector = normalizeService(full.service!);
    // A collector dropping lines (overflow_action drop_oldest_chunk) leaves its writers running: that is no stall.
    const silent = silencedWriters(bundle, onset, collector);
    if (silent.length === 0) return [];
    const first = new Date(msOf(full.sig.first_seen)).toISOString();
    // The collector's own words (its first such line), not the mined template's placeholders.
    const line = (full.sig.example.split('\n')[0] ?? full.sig.template).trim().slice(0, 160);
    return [
      {
        kind: 'condition',
        condition: 'store_full',
        category: 'resource_exhaustion',
        service: collector,
        analyzer: this.name,
        summary:
          `${collector}'s buffer is full ("${line}", ${full.post}× from ${first}) and ${silent.join(', ')} stopped logging in the same minute: ` +
          'a log pipeline that blocks when full stalls every process on its next write, so the services hang though none of them failed',
        confidence: 0.8,
        evidence: bundle.signatures ? refs(cite(bundle, bundle.signatures.call_id, `${collector}'s buffer full: ${full.post} entries`, [full.sig.example.split('\n')[0] ?? '', full.sig.template])) : [],
        timeline: [{ time: first, source: 'logs' as const, event: `${collector}: ${line}` }],
        names: [collector],
        recommendation:
          `Unblock ${collector}: let its output drain (the destination refusing or throttling it), give it buffer room, or set its overflow action to drop rather than block ` +
          `(and the log driver to non-blocking mode) so that a stalled pipeline costs log lines, not requests`,
      },
    ];
  },
};
