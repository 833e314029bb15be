// Ranking's part for a resource infrastructure as code destroyed to replace it (analyzers/destroyed-resource.ts): the
// change that declares it is blamed at that resource, as infrastructure, not in the service whose errors showed it.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { ChangeFinding, ConditionFinding } from './change-settings.js';
import { fromChange } from './change-hypothesis.js';
import type { Hypothesis } from './hypothesis.js';
import { DESTROYED_RESOURCE } from './analyzers/destroyed-resource.js';

/**
 * A changed argument that the provider cannot update in place (an ElastiCache cluster's transit encryption, an RDS
 * instance's storage encryption, a subnet's CIDR) makes Terraform destroy the resource and create a new one: its users
 * fail for as long as it takes, whatever they run. The commit is the cause and the resource is where it is: the blamed
 * change is named there. A change blamed that does not declare the destroyed resource is left as it is.
 */
export function rankDestroyedResource(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  for (const k of conditions.filter((c) => c.analyzer === DESTROYED_RESOURCE && c.destroyedBy && c.service)) {
    let h = hypotheses.find((o) => o.suspect?.sha === k.destroyedBy);
    if (!h) {
      const c = changes.find((o) => o.change.sha === k.destroyedBy);
      if (!c) continue;
      h = fromChange(c, conditions, base, ctx, 'onset');
      // Named by the apply's own log, not by words: above a condition stated as strongly as this one alone.
      h.score = h.confidence = Math.max(h.score, k.confidence + 0.1);
      hypotheses.push(h);
    }
    // Its summary said where the errors were seen ("web-app broke after commit …"): it says where the cause is now.
    if (h.service && h.summary.startsWith(`${h.service} broke`)) h.summary = `${k.service}${h.summary.slice(h.service.length)}`;
    h.service = k.service;
    h.category = 'infrastructure';
    h.summary += `; ${k.summary}`;
    h.support.push(k);
    h.recommendations = [...h.recommendations, k.recommendation];
    // The destroy is how the change broke things, not a rival answer.
    const own = hypotheses.find((o) => o !== h && o.support.includes(k));
    if (own) own.score = own.confidence = Math.min(own.score, h.score - 0.05);
  }
}
