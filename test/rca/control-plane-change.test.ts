// A control-plane change in an audit log (a certificate re-imported into ACM, a configmap patched) minutes before the
// errors, on a resource the failing component uses: the analyzer ties it to the failure and ranking names it over a
// client release that went live long before and only shares words with the errors.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/rca/analyzer.js';
import { controlPlaneChange, handshakeStep, namedService } from '../../src/rca/analyzers/control-plane-change.js';
import { rank } from '../../src/rca/rank.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import { audit, auditBundle, errors, refused, release, sig, tlsCtx } from './audit-fixtures.js';
import { change, ctxFor, MIN, ONSET } from './rank-findings.js';

describe('the control-plane-change analyzer', () => {
  it('is registered among the analyzers the engine runs', () => {
    expect(ANALYZERS).toContain(controlPlaneChange);
  });

  it('ties a certificate re-imported 4 minutes before clients began refusing certificates to the TLS terminator serving it', () => {
    const [f, ...rest] = controlPlaneChange.analyze(auditBundle([audit(4)]), tlsCtx);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'runtime_change', change: 'audit', link: 'certificate', service: 'shop-alb', actor: 'ops-admin', confidence: 0.85 });
    expect(f!.evidence[0]!.quote).toContain('ImportCertificate');
  });

  it('names the failing service when no handshake series says which component serves the certificate', () => {
    expect(controlPlaneChange.analyze(auditBundle([audit(4)], false), tlsCtx)[0]).toMatchObject({ service: 'invoice-worker', link: 'certificate' });
  });

  it('reads the service a resource names, and the load balancer a CloudWatch dimension names', () => {
    expect(namedService(['configmaps/shop/checkout-config'], ['checkout', 'cart'])).toBe('checkout');
    expect(namedService(['arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/shop-alb/50dc'], ['shop', 'shop-alb'])).toBe('shop-alb');
    expect(namedService(['configmaps/shop/cartography'], ['cart'])).toBeNull();
    expect(handshakeStep(auditBundle([]), ONSET)).toBe('shop-alb');
    expect(handshakeStep(auditBundle([]), ONSET - 30 * MIN)).toBeNull();
  });

  it('fades after five minutes and finds nothing twenty minutes before, or without an onset', () => {
    const [ten] = controlPlaneChange.analyze(auditBundle([audit(10)]), tlsCtx);
    expect(ten!.confidence).toBeLessThan(0.85);
    expect(ten!.confidence).toBeGreaterThan(0.6);
    expect(controlPlaneChange.analyze(auditBundle([audit(20)]), tlsCtx)).toEqual([]);
    expect(controlPlaneChange.analyze(auditBundle([audit(4)]), { ...tlsCtx, onset: null })).toEqual([]);
  });
});

describe('ranking a control-plane change against an older client release', () => {
  it('names the release when the audit log recorded no change', () => {
    const v = rank([errors, release, refused], tlsCtx);
    expect(v.best.suspect?.sha).toBe(release.change.sha);
  });

  it('names the certificate re-imported 4 minutes before, served by the ALB, and rules out the release that ran 9 minutes before it', () => {
    const v = rank([errors, release, refused, ...controlPlaneChange.analyze(auditBundle([audit(4)]), tlsCtx)], tlsCtx);
    expect(v.best).toMatchObject({ suspect: null, service: 'shop-alb', category: 'certificate_or_auth' });
    expect(v.best.summary).toContain('ImportCertificate');
    expect(v.others.every((h) => h.score < v.best.score)).toBe(true);
    expect(v.ruledOut.map((r) => r.what).join('\n')).toContain('invoice-worker/v4.3.0');
  });

  it('names a configmap patched 2 minutes before in the failing service as its configuration error', () => {
    const ctx = { ...ctxFor('checkout', ['checkout', 'cart']), related: [sig('checkout', 'order <*> failed: payment provider URL not configured')] };
    const patch = audit(2, { text: 'kubernetes patch configmaps by alice@example.com on configmaps/shop/checkout-config', objects: ['configmaps/shop/checkout-config'], actor: 'alice@example.com' });
    const old = change('aaaa1111bbbb2222', 'checkout: order payment provider retries', 30, { relevance: 0.9, matched: ['order', 'payment', 'provider'], paths: ['checkout/pay.go'] });
    const checkoutErrors: Finding = { ...errors, service: 'checkout' };
    const v = rank([checkoutErrors, old, ...controlPlaneChange.analyze(auditBundle([patch], false), ctx)], ctx);
    expect(v.best).toMatchObject({ suspect: null, service: 'checkout', category: 'config_error' });
  });
});
