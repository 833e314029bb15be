// Ranking's part for an autoscaler flapping (analyzers/autoscaler-flapping.ts): the change to that autoscaler (its metric,
// stabilisation window, replica bounds) live shortly before the first reversal is named, even when no service tags it.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { Hypothesis } from './hypothesis.js';
import { minutes } from './analyzers/change-correlation.js';
import { settingOwner, type ChangeFinding, type ConditionFinding } from './change-settings.js';
import { showsInErrors } from './trigger-guards.js';
import { revertOf } from './setter-hypothesis.js';

/** The flap must be this clear before it stands over the other hypotheses. */
const FLAP_MIN = 0.5;
/** How long before the first reversal a change to the autoscaler may have gone live and still be what set it flapping
 * (an HPA acts on its next sync, seconds later; a metric that only swings under the day's load may take a while). */
const SET_BEFORE = 60 * 60_000;
/** A file that declares an autoscaler: an HPA's manifest, a KEDA ScaledObject, a chart's autoscaling values. */
const AUTOSCALER_FILE = /(?:^|[/_.-])(?:hpa|autoscal(?:er|ers|ing)|scaled-?objects?|keda)(?:[/_.-]|$)/i;
/** The settings of an autoscaler whose change can set it swinging: its bounds, target and window, wherever they are kept
 * (a chart's values). Not a bare periodSeconds or replicaCount, which probes and fixed-size Deployments have too. */
const AUTOSCALER_KEY = /stabilizationWindowSeconds|(?:^|[._-])(?:min|max)[_-]?replica|averageUtilization|averageValue|targetCPUUtilizationPercentage|targetAverage|cooldownPeriod|pollingInterval/i;

/**
 * Of a flapping workload: the latest change to its autoscaler live within SET_BEFORE before the first reversal, as a
 * configuration error above the flap (which stays as its mechanism); its callers' "the dependency fails" and releases
 * that did not touch the autoscaler rank below. Without such a change the flap itself leads.
 */
export function rankFlapping(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  const services = new Set([...ctx.services, ...conditions.flatMap((k) => (k.service ? [k.service] : []))]);
  for (const k of conditions) {
    if (k.condition !== 'autoscaler_flapping' || !k.flapping || !k.service || k.confidence < FLAP_MIN) continue;
    const service = k.service;
    if (!showsInErrors(ctx, service)) continue;
    const since = k.flapping.since;
    const own = hypotheses.find((h) => h.support.includes(k));
    const setter = changes
      .map((c) => ({ c, path: autoscalerPath(c, service, services), live: Date.parse(c.change.time) }))
      .filter((x) => x.path !== null && !x.c.inert && x.live <= since && since - x.live <= SET_BEFORE)
      .sort((a, b) => b.live - a.live)[0];
    let top = own;
    if (setter) {
      const { c, path, live } = setter;
      const same = hypotheses.findIndex((h) => h.suspect?.sha === c.change.sha);
      if (same >= 0) hypotheses.splice(same, 1);
      const score = Math.min(0.9, 0.6 + 0.35 * k.confidence);
      const ref = c.change.ref ? ` (${c.change.ref})` : '';
      const keys = [...new Set([...c.settings, ...(c.added ?? [])].filter((s) => s.path === path && AUTOSCALER_KEY.test(s.key)).map((s) => `${s.key}: ${s.to}`))].slice(0, 4);
      top = {
        summary:
          `${service}'s autoscaler has been flapping since commit ${c.change.sha.slice(0, 8)} "${c.change.message}"${ref} changed it in ${path}${keys.length ? ` (${keys.join(', ')})` : ''}: ` +
          `it went live ${minutes(Math.max(0, since - live))} before the replicas began to swing, and each swing down removes pods its callers are still sending to`,
        category: 'config_error',
        service,
        suspect: c.change,
        confidence: score,
        score,
        support: [...base, c, k],
        recommendations: [
          `Undo the change (${revertOf(c)}) or give ${service}'s autoscaler a scale-down stabilisation window, then confirm its replicas stop swinging`,
          k.recommendation,
          'Review an autoscaler change (metric, target, behavior) against a replay of a day of its metric before it goes live',
        ],
      };
      hypotheses.push(top);
    }
    if (!top) continue;
    // The flap is how the change broke it; its callers' failures and releases that left the autoscaler alone came after it.
    for (const h of hypotheses) {
      if (h === top) continue;
      const release = h.support.find((f): f is ChangeFinding => f.kind === 'change');
      if (h.suspect && release && autoscalerPath(release, service, services) !== null) continue;
      if (h !== own && !h.suspect && h.service !== service) continue;
      h.score = Math.min(h.score, top.score - 0.05);
      h.confidence = Math.min(h.confidence, h.score);
    }
  }
}

/** The file in which the change touched `service`'s autoscaler (or one no known service's name is in), or null. */
function autoscalerPath(c: ChangeFinding, service: string, services: ReadonlySet<string>): string | null {
  const keyed = [...c.settings, ...(c.added ?? [])].filter((s) => s.path !== null && AUTOSCALER_KEY.test(s.key)).map((s) => s.path!);
  const paths = [...new Set([...c.paths.filter((p) => AUTOSCALER_FILE.test(p)), ...keyed])];
  return paths.find((p) => {
    const owner = settingOwner(p, services);
    return owner === service || owner === null;
  }) ?? null;
}
