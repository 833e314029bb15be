// A workload held at its autoscaler's ceiling at the onset (kube-state-metrics' HPA series, or any autoscaler's
// *_max_replicas family): it wanted more replicas than it was allowed, so load past that ceiling fails as capacity.
import type { Analyzer, Finding } from '../analyzer.js';
import type { EvidenceBundle } from '../bundle.js';
import type { AnalysisContext } from '../context.js';
import { cite, refs } from '../quote.js';
import { valueAt } from '../series.js';
import { normalizeService } from '../service-names.js';
import { seriesName } from '../signals.js';
import type { SeriesSamples } from '../../core/evidence.js';
import { serviceFromLabels } from '../../core/series-labels.js';

const MIN = 60_000;
/** The roles of an autoscaler's series, by the end of their names (the family prefix before it names the autoscaler kind). */
const ROLES = {
  max: /(?:^|_)(?:spec_)?max_?replicas?(?:_?count)?$/i,
  current: /(?:^|_)(?:status_)?current_?replicas$/i,
  desired: /(?:^|_)(?:status_)?desired_?replicas$/i,
  condition: /(?:^|_)status_condition$/i,
  specTarget: /(?:^|_)spec_target_metric$/i,
  statusTarget: /(?:^|_)status_target_metric$/i,
  // kube-state-metrics' info series carries scaletargetref_name; its family is the other series' (the name before _info).
  info: /(?<=horizontalpodautoscaler)_info$/i,
} as const;
type Role = keyof typeof ROLES;
/** Labels naming the autoscaler itself (kube-state-metrics, KEDA, cloud autoscaling groups). */
const NAME_LABELS = ['horizontalpodautoscaler', 'hpa', 'scaledobject', 'scaledObject', 'autoscaler', 'autoscaling_group_name', 'auto_scaling_group_name'];
/** Labels naming what it scales (kube-state-metrics' info series, some exporters on every series). */
const TARGET_LABELS = ['scaletargetref_name', 'scale_target_ref_name', 'scaletargetref'];
/** Labels that split one autoscaler's series by what they report, not by autoscaler. */
const FACET_LABELS = new Set(['condition', 'status', 'metric_name', 'metric_target_type', 'unit']);
/** The HPA acts only when its metric is this far off target (Kubernetes' default tolerance of 10%). */
const TOLERANCE = 1.1;
/** One scrape or range step after the onset still shows the state the onset met. */
const SLACK = 2 * MIN;

/** A series with the call that sampled it (a backend answers one query per metric). */
type Sampled = SeriesSamples & { call: string };

export interface Autoscaler {
  name: string;
  service: string | null;
  series: Partial<Record<Role, Sampled[]>>;
}

export const autoscalerCeiling: Analyzer = {
  name: 'autoscaler-ceiling',
  description: 'Workloads held at their autoscaler maximum at the onset while they wanted more replicas',
  analyze(bundle, ctx): Finding[] {
    if (ctx.onset === null) return [];
    const out: Finding[] = [];
    for (const a of autoscalers(bundle)) {
      const f = atCeiling(a, bundle, ctx, ctx.onset);
      if (f) out.push(f);
    }
    return out;
  },
};

/** The autoscalers the series describe, each with its series by role. */
export function autoscalers(bundle: EvidenceBundle): Autoscaler[] {
  const byKey = new Map<string, Autoscaler>();
  for (const c of bundle.series) {
    for (const s of c.data) {
      const role = (Object.keys(ROLES) as Role[]).find((r) => ROLES[r].test(s.metric));
      if (!role) continue;
      const name = NAME_LABELS.map((k) => s.labels[k]).find((v) => !!v) ?? null;
      // Without a label naming the autoscaler, its other labels are its identity (a scraper's own labels included).
      const key = `${family(s.metric)}|${s.labels.namespace ?? ''}|${name ?? JSON.stringify(Object.entries(s.labels).filter(([k]) => !FACET_LABELS.has(k)).sort())}`;
      const a = byKey.get(key) ?? { name: name ?? serviceFromLabels(s.labels) ?? s.metric, service: null, series: {} };
      (a.series[role] ??= []).push({ ...s, call: c.call_id });
      const target = TARGET_LABELS.map((k) => s.labels[k]).find((v) => !!v);
      if (target) a.service = normalizeService(target);
      byKey.set(key, a);
    }
  }
  return [...byKey.values()].map((a) => ({ ...a, service: a.service ?? serviceOfAutoscaler(a.name) }));
}

/** The metric family an autoscaler's series share (`kube_horizontalpodautoscaler` of its spec_max_replicas...). */
function family(metric: string): string {
  for (const re of Object.values(ROLES)) if (re.test(metric)) return metric.replace(re, '');
  return metric;
}

/** The workload an autoscaler scales, from its name: KEDA names its HPA keda-hpa-<name>, people add -hpa. */
export function serviceOfAutoscaler(name: string): string {
  return normalizeService(name.replace(/^keda-hpa-/i, '').replace(/[-_](hpa|autoscaler|scaledobject)$/i, ''));
}

function atCeiling(a: Autoscaler, bundle: EvidenceBundle, ctx: AnalysisContext, onset: number): Finding | null {
  const max = a.series.max?.[0];
  const current = a.series.current?.[0];
  if (!max || !current) return null;
  const t = onset + SLACK;
  const ceiling = valueAt(max.points, t);
  const held = valueAt(current.points, t);
  if (ceiling === null || held === null || !(ceiling > 0) || held < ceiling) return null;
  // Since when it has stood at the ceiling: the start of its run at the maximum up to the onset.
  const upto = current.points.filter(([pt]) => pt <= t);
  let reached = upto[upto.length - 1]![0];
  for (let i = upto.length - 1; i >= 0; i--) {
    const [pt, v] = upto[i]!;
    if (v < (valueAt(max.points, pt) ?? ceiling)) break;
    reached = pt;
  }
  const movedUp = reached > upto[0]![0];
  // It wanted more: more replicas desired than it has, the autoscaler saying it is limited, or its metric over target.
  const desired = a.series.desired?.[0] ? valueAt(a.series.desired[0].points, t) : null;
  const wantsMore = desired !== null && desired > held;
  const limited = (a.series.condition ?? []).find((s) => /scalinglimited/i.test(s.labels.condition ?? '') && /^true$/i.test(s.labels.status ?? '') && valueAt(s.points, t) === 1);
  const over = overTarget(a, t);
  if (!wantsMore && !limited && !over) return null;
  const service = a.service;
  const failing = service !== null && (service === ctx.affectedService || ctx.related.some((r) => r.service !== null && normalizeService(r.service) === service));
  const confidence = Math.min(
    0.9,
    0.45 + (wantsMore ? 0.25 : 0) + (limited ? 0.2 : 0) + (over ? 0.1 : 0) + (movedUp ? 0.05 : -0.1) - (failing ? 0 : 0.15),
  );
  const when = new Date(reached).toISOString();
  const wants = [
    wantsMore ? `wanting ${desired}` : null,
    limited ? 'the autoscaler reporting ScalingLimited' : null,
    over ? `its ${over.metric} at ${fmt(over.value)} against a target of ${fmt(over.target)}` : null,
  ].filter((x): x is string => x !== null);
  const text = `${seriesName(current)} reached ${seriesName(max)} = ${fmt(ceiling)} ${movedUp ? `at ${when}` : 'from the start of the window'} and held it at the onset, ${wants.join(', ')}`;
  const who = service ?? a.name;
  return {
    kind: 'condition',
    condition: 'capacity',
    category: 'capacity',
    service,
    analyzer: 'autoscaler-ceiling',
    summary: `${who} was held at its autoscaler's ceiling of ${fmt(ceiling)} replicas (max replicas) when the errors began: ${wants.join(', ')}`,
    confidence,
    ceiling,
    evidence: refs(
      cite(bundle, current.call, text, [current.metric]),
      cite(bundle, max.call, `${seriesName(max)} = ${fmt(ceiling)}`, [max.metric]),
      limited ? cite(bundle, limited.call, `${seriesName(limited)} = 1 at the onset`, [limited.metric]) : null,
    ),
    timeline: [{ time: when, source: 'metrics', event: `${who}: ${fmt(held)} replicas, its autoscaler's maximum of ${fmt(ceiling)}` }],
    recommendation: `Raise the maximum replicas of ${who}'s autoscaler (or give it more room per pod) so it can follow the load, then size that ceiling against the peak and alert when the autoscaler reports ScalingLimited`,
  };
}

/** Its scaling metric past its target by more than the autoscaler's tolerance at `t`, matched by metric name and type. */
function overTarget(a: Autoscaler, t: number): { metric: string; value: number; target: number } | null {
  for (const status of a.series.statusTarget ?? []) {
    const spec = (a.series.specTarget ?? []).find((s) => s.labels.metric_name === status.labels.metric_name && s.labels.metric_target_type === status.labels.metric_target_type);
    const value = valueAt(status.points, t);
    const target = spec ? valueAt(spec.points, t) : null;
    if (value !== null && target !== null && target > 0 && value > target * TOLERANCE) return { metric: status.labels.metric_name ?? 'metric', value, target };
  }
  return null;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(3);
}
