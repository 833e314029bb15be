// A process's open-file limit that fell under it (process_max_fds 1048576 → 1024) where it now fails with EMFILE: the
// descriptor limit the node or runtime gives the container was lowered, with no change of the service's own behind it.
import type { Analyzer, Finding } from '../analyzer.js';
import type { EvidenceBundle } from '../bundle.js';
import type { AnalysisContext } from '../context.js';
import { cite, refs } from '../quote.js';
import { quantile } from '../series.js';
import { matching, seriesName } from '../signals.js';
import { normalizeService } from '../service-names.js';
import { serviceFromLabels } from '../../core/series-labels.js';

/**
 * The soft RLIMIT_NOFILE as exporters publish it: the Prometheus clients' `process_max_fds` (read from
 * /proc/self/limits), JMX's `MaxFileDescriptorCount`, and `*_open_files_limit` / `*_fd_limit` gauges of other exporters.
 */
const FD_LIMIT = /max_?fds|max_?file_?descriptor|open_?files_?limit|fds?_limit|nofile/i;
/** What the kernel answers when the limit is reached: EMFILE, errno 24, "Too many open files" (Python, Java, Go, Node). */
export const FD_EXHAUSTED = /\btoo many open files\b|\bEMFILE\b|\b(?:errno|error) 24\b/i;
/** A fall to a quarter or less: a limit set again (a node image's containerd default, a new ulimit), not a jitter. */
const FALL = 4;
/** How long before the onset the first pod's limit may have fallen (pods replaced one by one, scrapes lag). */
const BEFORE_MS = 15 * 60_000;
const AFTER_MS = 2 * 60_000;

export interface LoweredLimit {
  service: string;
  series: string;
  metric: string;
  callId: string;
  time: number;
  from: number;
  to: number;
}

/** Descriptor-limit series that fell FALL times or more and stayed down, the first of them near the onset. */
export function loweredFdLimits(bundle: EvidenceBundle, onset: number): LoweredLimit[] {
  const out: LoweredLimit[] = [];
  for (const c of bundle.series) {
    for (const s of c.data) {
      const service = serviceFromLabels(s.labels);
      if (!FD_LIMIT.test(s.metric) || !service || s.points.length < 4) continue;
      const first = s.points.findIndex(([, v], i) => i >= 2 && v > 0 && v * FALL <= quantile(s.points.slice(0, i).map((p) => p[1]), 0.5));
      if (first < 0) continue;
      const from = quantile(s.points.slice(0, first).map((p) => p[1]), 0.5);
      const after = s.points.slice(first).map((p) => p[1]);
      // Stayed down: a limit now in force, not one odd scrape.
      if (quantile(after, 0.9) * FALL > from) continue;
      out.push({ service: normalizeService(service), series: seriesName(s), metric: s.metric, callId: c.call_id, time: s.points[first]![0], from, to: quantile(after, 0.5) });
    }
  }
  const lead = Math.min(...out.map((l) => l.time));
  return lead >= onset - BEFORE_MS && lead <= onset + AFTER_MS ? out.sort((a, b) => a.time - b.time) : [];
}

export const descriptorLimit: Analyzer = {
  name: 'descriptor-limit',
  description: "A process's open-file limit lowered under it while it fails with too many open files",
  analyze(bundle, ctx): Finding[] {
    if (ctx.onset === null) return [];
    const words = matching(ctx, FD_EXHAUSTED);
    if (words.sigs.length === 0) return [];
    // The limit fell in the service that says it ran out of descriptors (its pods, as they were replaced).
    const fell = loweredFdLimits(bundle, ctx.onset).filter((l) => words.sigs.some((r) => r.service === null || normalizeService(r.service) === l.service));
    if (fell.length === 0) return [];
    const l = fell[0]!;
    const text = `${l.series} fell from ${l.from} to ${l.to} at ${new Date(l.time).toISOString()}${fell.length > 1 ? ` (${fell.length} series, one by one)` : ''}`;
    // Quoted: an error whose own words say it (an exception's head may only carry them in its traceback).
    const sig = words.sigs.find((r) => FD_EXHAUSTED.test(r.sig.template)) ?? words.sigs[0]!;
    return [
      {
        kind: 'condition',
        condition: 'fd_limit_lowered',
        category: 'resource_exhaustion',
        service: l.service,
        analyzer: this.name,
        summary: `the open-file limit of ${l.service} was lowered under it: ${text}, and it now fails with "${sig.sig.template}" (${sig.post}×)`,
        confidence: Math.min(0.9, 0.6 + 0.3 * Math.min(1, words.weight * 2)),
        evidence: refs(
          cite(bundle, l.callId, text, [l.metric]),
          bundle.signatures ? cite(bundle, bundle.signatures.call_id, `too many open files: ${sig.post} entries`, [sig.sig.example.split('\n')[0] ?? '', sig.sig.template]) : null,
        ),
        timeline: fell.slice(0, 3).map((f) => ({ time: new Date(f.time).toISOString(), source: 'metrics' as const, event: `${f.series} fell from ${f.from} to ${f.to}` })),
        leads: true,
        metric: l.metric,
        recommendation:
          'Restore the open-file limit (LimitNOFILE of the container runtime on the new nodes, the node image or the pod\'s ulimit) and roll the pods; pin the node image or set the limit explicitly so a node replacement cannot lower it again',
      },
    ];
  },
};
