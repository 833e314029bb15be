// What a mechanism rule checks before it stands over the other hypotheses: that its trigger came before the errors and
// that the errors are of the kind its mechanism produces. A trigger seen in a bystander must not take the incident.
import type { AnalysisContext } from './context.js';
import type { ConditionFinding } from './change-settings.js';
import type { RelatedSignature } from './related-signatures.js';
import { namesStore } from './analyzers/store-operation.js';
import { matching, SATURATION, textOf, UPSTREAM_FAILURE } from './signals.js';

/** How long after the onset a trigger may still be stamped and have caused it (a scrape interval, a 5-minute CloudWatch period). */
export const AFTER_ONSET_MS = 5 * 60_000;
/** The share of the onset's errors that must be of the mechanism's kind for it to explain them. */
const KIND_MIN = 0.1;

/** The condition was seen by the onset (its first timeline event no later than the slack after it); an untimed one passes. */
export function seenByOnset(k: ConditionFinding, onset: number | null): boolean {
  if (onset === null) return true;
  const times = k.timeline.map((t) => Date.parse(t.time)).filter((t) => Number.isFinite(t));
  return times.length === 0 || Math.min(...times) <= onset + AFTER_ONSET_MS;
}

/** A wait or a failed connection: how a slow, throttled or unreachable dependency shows in its callers' errors. */
const waits = (t: string): boolean => UPSTREAM_FAILURE.test(t) || SATURATION.test(t);

/**
 * The onset's errors include callers waiting on or failing to reach something (timeouts, refused or reset connections,
 * an exhausted pool): what a throttled instance, a full conntrack table or a NAT out of ports does to its clients. A
 * release's own exception (an unknown column, a KeyError) is not. With no error logs at all (metrics only) nothing
 * speaks against the mechanism.
 */
export function errorsWaitOrCannotConnect(ctx: AnalysisContext): boolean {
  return ctx.related.length === 0 || matching(ctx, waits).weight >= KIND_MIN;
}

/**
 * Some of the onset's waits may be on `service`: they name it, or they name no service they wait on (a bare
 * Net::ReadTimeout); waits that all name another service (`fraud-check: context deadline exceeded`) are on that one.
 */
export function errorsMayWaitOn(ctx: AnalysisContext, service: string): boolean {
  if (ctx.related.length === 0) return true;
  const others = [...ctx.services].filter((s) => s !== service && s.length >= 3);
  const on = (r: RelatedSignature) => {
    const text = textOf(r);
    if (namesStore(text, service.toLowerCase())) return true;
    return !others.some((s) => s !== r.service && namesStore(text, s.toLowerCase()));
  };
  return matching(ctx, waits).sigs.filter(on).reduce((a, r) => a + r.weight, 0) >= KIND_MIN;
}

/**
 * `service` shows in the incident: it is the affected service, logs some of the onset's errors or is named in them.
 * A workload held at a limit that nothing failing logs or names is a bystander. With no error logs, nothing speaks against it.
 */
export function showsInErrors(ctx: AnalysisContext, service: string): boolean {
  if (ctx.related.length === 0 || ctx.affectedService === service) return true;
  return ctx.related.some((r) => r.service === service || namesStore(textOf(r), service.toLowerCase()));
}
