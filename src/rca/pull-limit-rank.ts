// Ranking's part for image pulls refused by the registry's rate limit (analyzers/pull-rate-limit.ts): the workload could
// not start the pods it needed, so its failures are the registry's limit (infrastructure), not the release it runs.
import type { ConditionFinding } from './change-settings.js';
import type { Hypothesis } from './hypothesis.js';
import { PULL_RATE_LIMIT } from './analyzers/pull-rate-limit.js';

/**
 * The registry counts pulls per account or address, whatever the tag: a release of the workload only changed which
 * tag is pulled, and its words shared with the pull errors (the image's name) tie it to nothing. So the limit leads
 * every hypothesis about that workload (its release, the queue or CPU it saturates waiting for pods that never come);
 * other services' hypotheses are left as they are.
 */
export function rankPullLimit(hypotheses: Hypothesis[], conditions: ConditionFinding[]): void {
  for (const pull of conditions.filter((k) => k.analyzer === PULL_RATE_LIMIT && k.service)) {
    const lead = hypotheses.find((h) => h.support.includes(pull));
    if (!lead) continue;
    const own = hypotheses.filter((h) => h !== lead && h.service === pull.service);
    const top = own.reduce((m, o) => Math.max(m, o.score), 0);
    lead.score = lead.confidence = Math.min(0.9, Math.max(pull.confidence, top + 0.02));
    for (const o of own) o.score = o.confidence = Math.min(o.score, lead.score - 0.05);
  }
}
