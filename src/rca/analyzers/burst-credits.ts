// Burstable instances that ran out of credits (CloudWatch CPUCreditBalance of a T-class EC2 or RDS instance, EBS
// BurstBalance): from then on the provider holds the instance at its baseline, so it is at its limit with no change of ours.
import type { Analyzer, Finding } from '../analyzer.js';
import type { EvidenceBundle } from '../bundle.js';
import type { AnalysisContext } from '../context.js';
import { cite, refs } from '../quote.js';
import { quantile } from '../series.js';
import { seriesName } from '../signals.js';
import { normalizeService } from '../service-names.js';
import { serviceFromLabels } from '../../core/series-labels.js';
import type { SeriesSamples } from '../../core/evidence.js';

/**
 * Credit balances as exporters name them: CloudWatch's CPUCreditBalance (YACE `aws_ec2_cpucredit_balance_average`,
 * `aws_rds_cpucredit_balance_*`), Azure's B-series "CPU Credits Remaining", EBS's BurstBalance (I/O credits, percent).
 */
const BALANCE = /cpu_?credit_?balance|cpu_?credits_?remaining|burst_?balance/i;
/** The instance's CPU (CloudWatch CPUUtilization, Azure "Percentage CPU"): held flat at the baseline once credits are gone. */
const CPU = /cpu_?utili[sz]ation|percentage_cpu/i;
/** How far from the onset the balance may have reached zero (CloudWatch reports every 5 minutes, scrapes lag). */
const NEAR_MS = 15 * 60_000;
/** A balance at or under this share of its earlier level is spent (a few credits trickle in and are used at once). */
const SPENT = 0.02;

export interface SpentCredits {
  instance: string;
  series: SeriesSamples;
  callId: string;
  /** When the balance first reached (about) zero. */
  time: number;
  /** Its level at the start of the window. */
  from: number;
  /** The instance's CPU before and after, when its series shows it pinned flat at a lower level (the baseline). */
  cpu?: { before: number; after: number; series: string; metric: string; callId: string };
}

/** The instance a cloud series is about: an app label, else the dimension an exporter copied from CloudWatch or Azure. */
function instanceOf(labels: Record<string, string>): string | null {
  const app = serviceFromLabels(labels);
  if (app) return app;
  // YACE writes each CloudWatch dimension as `dimension_<Name>` (DBInstanceIdentifier, InstanceId, VolumeId).
  const dim = Object.keys(labels).sort().find((k) => /^dimension_\w*(?:identifier|instanceid|volumeid|name)$/i.test(k));
  return dim ? labels[dim]! : (labels.resource_name ?? labels.instance ?? null);
}

const sameDimensions = (a: Record<string, string>, b: Record<string, string>) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/** Balances that drained to about zero near the onset from well above it, with the instance's CPU when it then went flat. */
export function spentCredits(bundle: EvidenceBundle, onset: number): SpentCredits[] {
  const all = bundle.series.flatMap((c) => c.data.map((s) => ({ s, callId: c.call_id })));
  const out: SpentCredits[] = [];
  for (const { s, callId } of all) {
    if (!BALANCE.test(s.metric) || s.points.length < 4) continue;
    const early = s.points.filter(([t]) => t < onset - NEAR_MS).map(([, v]) => v);
    if (early.length < 2) continue;
    const from = quantile(early.slice(0, Math.ceil(early.length / 4)), 0.5);
    if (!(from > 0)) continue;
    const hit = s.points.find(([t, v]) => t >= onset - NEAR_MS && t <= onset + NEAR_MS && v <= SPENT * from);
    // A balance that sat near zero all along is a standing state (an instance sized to its baseline), not this incident.
    if (!hit || quantile(early, 0.5) <= 5 * SPENT * from) continue;
    const instance = instanceOf(s.labels);
    if (!instance) continue;
    out.push({ instance: normalizeService(instance), series: s, callId, time: hit[0], from, cpu: flatCpu(all, s, hit[0]) });
  }
  return out.sort((a, b) => a.time - b.time);
}

/** The same instance's CPU series (same dimensions), when it fell from its earlier level and then held flat: the baseline. */
function flatCpu(all: Array<{ s: SeriesSamples; callId: string }>, balance: SeriesSamples, at: number): SpentCredits['cpu'] {
  for (const { s, callId } of all) {
    if (!CPU.test(s.metric) || !sameDimensions(s.labels, balance.labels)) continue;
    const before = s.points.filter(([t]) => t < at - 5 * 60_000).map(([, v]) => v);
    const after = s.points.filter(([t]) => t >= at).map(([, v]) => v);
    if (before.length < 3 || after.length < 3) continue;
    const b = quantile(before, 0.5);
    const a = quantile(after, 0.5);
    // Held: the spread after is a few percent of its level, and lower than before (the provider caps it, demand did not fall).
    if (a > 0 && a < 0.8 * b && quantile(after, 0.9) - quantile(after, 0.1) <= 0.1 * a) return { before: b, after: a, series: seriesName(s), metric: s.metric, callId };
  }
  return undefined;
}

export const burstCredits: Analyzer = {
  name: 'burst-credits',
  description: 'Burstable instances (T-class EC2 or RDS, EBS volumes) that spent their credits: held at the baseline from then on',
  analyze(bundle: EvidenceBundle, ctx: AnalysisContext): Finding[] {
    if (ctx.onset === null) return [];
    const spent = spentCredits(bundle, ctx.onset)[0];
    if (!spent) return [];
    const at = new Date(spent.time).toISOString();
    const cpu = spent.cpu;
    const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(3));
    return [
      {
        kind: 'condition',
        condition: 'credits_exhausted',
        category: 'resource_exhaustion',
        service: spent.instance,
        analyzer: this.name,
        summary:
          `${spent.instance} ran out of burst credits: ${seriesName(spent.series)} fell from ${fmt(spent.from)} to about 0 at ${at}` +
          (cpu ? `, and its CPU has been held flat at ${fmt(cpu.after)} (the baseline) against ${fmt(cpu.before)} before` : '') +
          ': the instance is throttled to its baseline, so its clients queue and time out',
        // The CPU pinned at a lower flat level is the throttling itself, seen: certain then.
        confidence: cpu ? 0.85 : 0.65,
        evidence: refs(
          cite(bundle, spent.callId, `${spent.instance}'s credit balance reached zero`, [spent.series.metric]),
          cpu ? cite(bundle, cpu.callId, `${spent.instance}'s CPU held flat at ${fmt(cpu.after)}`, [cpu.metric]) : null,
        ),
        timeline: [{ time: at, source: 'metrics', event: `${spent.instance}'s burst credit balance reached zero` }],
        names: [spent.instance],
        recommendation: `Move ${spent.instance} off burstable credits now (unlimited mode, or a fixed-performance class), then size it for its sustained CPU and alert on the credit balance`,
      },
    ];
  },
};
