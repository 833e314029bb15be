// A canary and its stable workload are one service: Flagger, Argo Rollouts and hand-made canaries name the second
// Deployment after the first with a track suffix (`checkout-canary`, `checkout-primary`, `reviews-v2`), same code.
import type { AnalysisContext } from './context.js';
import type { Hypothesis } from './hypothesis.js';
import { normalizeService } from './service-names.js';

/** The track suffixes progressive-delivery tools and people give the second copy of one workload. */
const TRACK = /^(.+?)-(?:canary|stable|primary|baseline|preview|blue|green|v\d{1,2})$/i;

/** The service a track workload is a copy of, when that service is known by its own name; null otherwise. */
export function trackOf(name: string, services: ReadonlySet<string>): string | null {
  const m = TRACK.exec(name);
  const base = m ? normalizeService(m[1]!) : null;
  return base && base.length >= 2 && services.has(base) ? base : null;
}

/** Names the service, not its canary or stable copy, in every hypothesis whose service is such a copy of a known one. */
export function nameTracks(hypotheses: Hypothesis[], ctx: AnalysisContext): void {
  for (const h of hypotheses) {
    const base = h.service ? trackOf(h.service, ctx.services) : null;
    if (base) h.service = base;
  }
}
