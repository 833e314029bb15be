// Shared evidence of the control-plane-change tests: invoice-worker's requests refused by certificate verification, the
// ALB's TLS handshake errors stepping up, a client release 13 minutes before, and audit announcements to place.
import type { Finding } from '../../src/rca/analyzer.js';
import type { EvidenceBundle, RequestFlows } from '../../src/rca/bundle.js';
import type { ErrorSignature } from '../../src/core/evidence.js';
import type { RelatedSignature } from '../../src/rca/related-signatures.js';
import { handBundle, minuteSeries, signature, span, withFlows } from './helpers.js';
import { change, condition, ctxFor, MIN, ONSET } from './rank-findings.js';

type Announced = NonNullable<RequestFlows['announcements']>[number];

export const CERT = 'arn:aws:acm:eu-west-1:412375089216:certificate/6b1e2c3d-9f4a-4c7e-8a2b-0d5e7f9a1c3b';
const SSL_ERROR = "requests.exceptions.SSLError: HTTPSConnectionPool(host='shop.example.com', port=443): Max retries exceeded with url: /api/v1/invoices/712345/deliveries (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1000)')))";

export function sig(service: string, template: string, example = template): RelatedSignature {
  const s: ErrorSignature = { ...signature({ template, example, service, base: ONSET, minutes: span(0, 20) }), new: true };
  return { sig: s, service, pre: 0, post: 20, isNew: true, weight: 0.9 };
}

export const tlsCtx = { ...ctxFor('invoice-worker', ['invoice-worker', 'shop-alb', 'cloudtrail']), related: [sig('invoice-worker', 'Delivery of invoice <*> failed, retry in <*>', SSL_ERROR)] };
export const audit = (gap: number, over: Partial<Announced> = {}): Announced => ({
  time: ONSET - gap * MIN,
  service: 'cloudtrail',
  kind: 'audit',
  text: `cloudtrail ImportCertificate (acm.amazonaws.com) by ops-admin on ${CERT}`,
  objects: [CERT],
  actor: 'ops-admin',
  ...over,
});

/** The ALB's refused TLS handshakes a minute apart: 3 before the onset, 46 after (CloudWatch's dimension names it). */
const HANDSHAKES = minuteSeries('aws_applicationelb_client_tlsnegotiation_error_count_sum', { dimension_LoadBalancer: 'app/shop-alb/50dc6c495c0c9188', region: 'eu-west-1' }, ONSET - 40 * MIN, 60, (m) => (m >= 40 ? 46 : 3));

export function auditBundle(announcements: Announced[], withHandshakes = true): EvidenceBundle {
  const b = handBundle('invoice-worker: SSLError CERTIFICATE_VERIFY_FAILED since 14:00', { from: ONSET - 60 * MIN, to: ONSET + 30 * MIN }, withHandshakes ? { series: [HANDSHAKES] } : {});
  return withFlows(b, { announcements });
}

export const errors: Extract<Finding, { kind: 'new_errors' }> = { kind: 'new_errors', analyzer: 'new-signatures', service: 'invoice-worker', templates: ['Delivery of invoice <*> failed, retry in <*>'], summary: 'invoice-worker: new error', confidence: 0.8, evidence: [], timeline: [] };
// The client's release 13 minutes before: its words (verification, verify) are the errors', and it touched trust.
export const release = change('f8982ea4547da6fb', 'invoice-worker: requests 2.32.3, urllib3 2.2.2, certifi 2024.8.30 (TLS verification fixes)', 13, {
  relevance: 0.9,
  matched: ['verification', 'verify'],
  security: true,
  paths: ['invoice-worker/requirements.txt', 'invoice-worker/invoice_worker/shop_client.py'],
  change: { sha: 'f8982ea4547da6fb', ref: 'invoice-worker/v4.3.0', message: 'invoice-worker: requests 2.32.3, urllib3 2.2.2, certifi 2024.8.30 (TLS verification fixes)', author: 'Dev One <dev@example.com>', time: new Date(ONSET - 13 * MIN).toISOString() },
});
export const refused = condition({ condition: 'cert_auth', category: 'certificate_or_auth', service: 'invoice-worker', confidence: 0.86, certificate: true });

