// Near misses of the control-plane-change rule: a mutating call recorded just before the onset that is not tied to the
// failure (another resource, another service, a certificate while nothing refuses certificates, long before) must not
// take the answer from the guilty release; and a read is never a change at all.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/rca/analyzer.js';
import { controlPlaneChange } from '../../src/rca/analyzers/control-plane-change.js';
import { auditChanges } from '../../servers/logs/audit-records.js';
import { rank } from '../../src/rca/rank.js';
import { audit, auditBundle, errors, refused, release, sig, tlsCtx } from './audit-fixtures.js';
import { change, ctxFor } from './rank-findings.js';

const verdict = (announced: ReturnType<typeof audit>[], ctx = tlsCtx, findings: Finding[] = [errors, release, refused]) =>
  rank([...findings, ...controlPlaneChange.analyze(auditBundle(announced), ctx)], ctx);

describe('a control-plane change not tied to the failure', () => {
  it('leaves the release its answer when the call changed an unrelated resource (a bucket policy) at the onset', () => {
    const v = verdict([audit(1, { text: 'cloudtrail PutBucketPolicy (s3.amazonaws.com) by ops-admin on marketing-assets-prod', objects: ['marketing-assets-prod'] })]);
    expect(v.best.suspect?.sha).toBe(release.change.sha);
  });

  it("leaves it when the call patched a bystander's configmap", () => {
    const ctx = { ...ctxFor('pricing', ['pricing', 'recommendation']), related: [sig('pricing', 'quote failed for cart <*>')] };
    const guilty = change('bbbb2222cccc3333', 'pricing: quote bundle discounts per cart', 8, { relevance: 0.9, matched: ['quote', 'cart'], paths: ['pricing/api.py'] });
    const pricingErrors: Finding = { ...errors, service: 'pricing', templates: ['quote failed for cart <*>'] };
    const patch = audit(1, { text: 'kubernetes patch configmaps by alice on configmaps/shop/recommendation-config', objects: ['configmaps/shop/recommendation-config'] });
    expect(verdict([patch], ctx, [pricingErrors, guilty]).best.suspect?.sha).toBe(guilty.change.sha);
  });

  it('leaves it when a certificate was imported but the errors are no certificate refusals', () => {
    const ctx = { ...tlsCtx, related: [sig('invoice-worker', 'Delivery of invoice <*> failed: read timed out after 10s')] };
    const slow = change('cccc3333dddd4444', 'invoice-worker: deliver invoices in batches of 500', 13, { relevance: 0.9, matched: ['delivery', 'invoice'], paths: ['invoice-worker/tasks.py'] });
    expect(verdict([audit(4)], ctx, [errors, slow]).best.suspect?.sha).toBe(slow.change.sha);
  });

  it('leaves it when the certificate was imported half an hour before the errors', () => {
    expect(verdict([audit(30)]).best.suspect?.sha).toBe(release.change.sha);
  });

  it('never reads a read-only call at the onset as a change', () => {
    const describe = { eventTime: '2026-12-05T14:00:00Z', eventSource: 'acm.amazonaws.com', eventName: 'DescribeCertificate', readOnly: true, userIdentity: { principalId: 'X:ops-admin' }, requestParameters: { certificateArn: 'arn:aws:acm:eu-west-1:1:certificate/6b1e' } };
    expect(auditChanges(describe)).toEqual([]);
  });
});
