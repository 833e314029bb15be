// Certificate orders an ACME issuer refused for its rate limit around the onset (Let's Encrypt's `rateLimited`): the
// instances of the client without a certificate cannot serve TLS for that name until the limit lifts. Read by acme-limit-rank.ts.
import type { Analyzer, Finding } from '../analyzer.js';
import { cite, refs } from '../quote.js';
import { acmeRateLimited } from '../acme-orders.js';
import { refusedAtOnset } from './refused-pods.js';
import { normalizeService } from '../service-names.js';

export const ACME_RATE_LIMIT = 'acme-rate-limit';
/** One refusal may be a client's single probe; a client that needs the certificate retries and is refused again. */
const MIN_REFUSALS = 2;
/**
 * Weak on its own: the refusal says why TLS fails, not what made the client order so many certificates. Below the
 * level at which a condition caps changes as an outside cause (0.4); acme-limit-rank.ts names the change behind it.
 */
const CONFIDENCE = 0.35;

export const acmeRateLimit: Analyzer = {
  name: ACME_RATE_LIMIT,
  description: "Services whose certificate orders an ACME issuer refused for its rate limit around the onset",
  analyze(bundle, ctx): Finding[] {
    const onset = ctx.onset;
    if (onset === null || !bundle.signatures) return [];
    const first = new Map<string, { at: number; count: number; template: string; example: string }>();
    for (const s of bundle.signatures.data) {
      if (s.count < MIN_REFUSALS || !acmeRateLimited(`${s.template} ${s.example}`)) continue;
      const at = refusedAtOnset(s, onset);
      if (at === null) continue;
      for (const svc of s.services) {
        const service = normalizeService(svc);
        const seen = first.get(service);
        if (!seen || at < seen.at || (at === seen.at && s.count > seen.count)) first.set(service, { at, count: s.count, template: s.template, example: s.example });
      }
    }
    return [...first].map(([service, r]) => {
      const at = new Date(r.at).toISOString();
      const quote = r.example || r.template;
      return {
        kind: 'condition',
        condition: 'issuance_limited',
        category: 'certificate_or_auth',
        service,
        analyzer: ACME_RATE_LIMIT,
        summary: `the ACME issuer refused ${service}'s certificate orders for its rate limit ${r.count} times from ${at} on ("${quote.slice(0, 200)}"), so its instances without a certificate cannot serve TLS`,
        confidence: CONFIDENCE,
        evidence: refs(cite(bundle, bundle.signatures!.call_id, `${r.count} certificate orders of ${service} refused for the issuer's rate limit`, [r.template, quote])),
        timeline: [{ time: at, source: 'logs', event: `${service}: certificate order refused for the ACME issuer's rate limit` }],
        recommendation: `Give ${service}'s instances one shared, persistent certificate storage (a volume that outlives the pod, or a shared storage module) so each does not order its own, and alert on ACME rateLimited refusals`,
      } satisfies Finding;
    });
  },
};

