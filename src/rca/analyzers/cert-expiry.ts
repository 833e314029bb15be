// Certificate and credential expiry: new errors about expired or untrusted certificates, rejected
// tokens, keys or passwords; the fault lies with whoever's certificate or credential it names.
import type { Analyzer, Finding } from '../analyzer.js';
import { canonicalEntity, mentionedEntities } from '../entities.js';
import { cite, refs } from '../quote.js';
import { matching, rejectsCertificate, rejectsCredentials } from '../signals.js';

export const certExpiry: Analyzer = {
  name: 'cert-expiry',
  description: 'Expired or untrusted certificates and rejected credentials',
  analyze(bundle, ctx): Finding[] {
    const cert = matching(ctx, rejectsCertificate);
    const auth = matching(ctx, rejectsCredentials);
    const sigs = [...new Set([...cert.sigs, ...auth.sigs])];
    const weight = sigs.reduce((a, r) => a + r.weight, 0);
    if (sigs.length === 0 || weight < 0.1) return [];
    const top = sigs.sort((a, b) => b.weight - a.weight)[0]!;
    const text = `${top.sig.template}\n${top.sig.example}`;
    const self = [top.service, ctx.affectedService].filter((s): s is string => !!s);
    const mention = mentionedEntities(text, ctx.entities, self)[0];
    const named = mention ? canonicalEntity(mention.name, ctx.services, ctx.entities) : null;
    const isCert = cert.sigs.length > 0 && cert.weight >= auth.weight;
    const what = isCert ? 'a TLS certificate expired or is not trusted' : 'credentials were rejected (expired or revoked)';
    return [
      {
        kind: 'condition',
        condition: 'cert_auth',
        category: 'certificate_or_auth',
        service: named ?? top.service ?? ctx.affectedService,
        analyzer: this.name,
        summary: `${what}${named ? ` for ${named}` : ''}: "${top.sig.template}" (${top.post}×)`,
        confidence: Math.min(0.95, 0.45 + 0.45 * Math.min(1, weight * 1.5)),
        evidence: bundle.signatures
          ? refs(...sigs.slice(0, 2).map((r) => cite(bundle, bundle.signatures!.call_id, `${r.post} entries: ${what}`, [r.sig.example.split('\n')[0] ?? '', r.sig.template])))
          : [],
        timeline: [],
        certificate: isCert,
        recommendation: isCert
          ? `Renew and deploy the certificate${named ? ` of ${named}` : ''} (check its chain and the clocks), then monitor expiry dates ahead of time`
          : `Rotate or renew the rejected credential${named ? ` for ${named}` : ''} and redeploy it; add an alert before tokens and keys expire`,
      },
    ];
  },
};
