// Ranking's part for load one client put on a shared server (analyzers/database-load.ts): with the server saturated,
// that client is the cause, and releases elsewhere that share words with the waiting callers' errors are not.
import type { ConditionFinding } from './change-settings.js';
import type { Hypothesis } from './hypothesis.js';

/** Raises the load's hypothesis by the server's saturation and ranks releases of other services below it. */
export function rankLoadSource(hypotheses: Hypothesis[], conditions: ConditionFinding[]): void {
  const load = conditions.find((k) => k.condition === 'capacity' && k.loads && k.confidence >= 0.5);
  if (!load) return;
  // Without the server at a limit, a client's slow statements are no incident of their own.
  const saturated = conditions.find((k) => k.condition === 'saturation' && k.confidence >= 0.4 && !!k.service && servesLoad(k.service, load));
  const own = hypotheses.find((h) => h.support.includes(load));
  if (!own) return;
  if (!saturated) {
    own.score = own.confidence = Math.min(own.score, 0.25);
    return;
  }
  own.score = own.confidence = Math.min(0.9, load.confidence + 0.5 * saturated.confidence);
  own.support.push(saturated);
  for (const h of hypotheses) {
    if (h === own || !h.suspect || h.service === load.service) continue;
    h.score = Math.min(h.score, own.score - 0.05);
    h.confidence = Math.min(h.confidence, h.score);
  }
}

/**
 * The saturated service is the loaded server: the same name, or (a database log that names no service) a name the
 * load's evidence gives it as a whole word (`shop` in `shop-pg`).
 */
function servesLoad(service: string, load: ConditionFinding): boolean {
  if (service === load.loads) return true;
  const words = service.toLowerCase().split(/[^a-z0-9]+/);
  return (load.names ?? []).some((n) => n.length >= 3 && words.includes(n.toLowerCase()));
}
