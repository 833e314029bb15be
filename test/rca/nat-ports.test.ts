// A NAT gateway out of source ports at the evening peak, a day's hours after an infrastructure change merged the
// gateways: that change, at the gateway, is the cause; the payment provider every connection times out to is its victim.
import { describe, expect, it } from 'vitest';
import { analyze, BASE, bundleOf, conditions, MIN, ONSET, samples } from './general-rules-kit.js';
import { commit, deployment, signature, span } from './helpers.js';

const INFRA = '7d41c2e9a0b84f5c9e3d2a1b0c9f8e7d6a5b4c3d';
const LEDGER = 'e2f4a6c8b0d1e3f5a7c9b1d3f5e7a9c0b2d4f6a8';
// The infrastructure change goes live 70 minutes before the onset at low traffic; ledger-sync's release 15 minutes
// before raises its Stripe timeout (its words are the errors' words).
const releases = (infraDiff: string, message = 'platform: share one egress gateway across the zones (cost review)', file = 'terraform/vpc/egress.tf') => {
  const infra = commit(INFRA, message, BASE + (ONSET - 70) * MIN, [file]);
  const ledger = commit(LEDGER, 'stripe: 15 s timeout and one retry for charges', BASE + (ONSET - 15) * MIN, ['ledger-sync/internal/stripe/client.go']);
  return {
    deployments: [deployment('platform/vpc-2026.01.10-1', BASE + (ONSET - 70) * MIN, [infra]), deployment('ledger-sync/v3.4.0', BASE + (ONSET - 15) * MIN, [ledger])],
    diffs: {
      [INFRA]: `--- a/${file}\n+++ b/${file}\n${infraDiff}`,
      [LEDGER]: '--- a/ledger-sync/internal/stripe/client.go\n+++ b/ledger-sync/internal/stripe/client.go\n-\tTimeout: 5 * time.Second,\n+\tTimeout: 15 * time.Second, // stripe charges retry once\n',
    },
  };
};
const errors = () => [
  signature({ template: 'charge failed: Post "https://api.stripe.com/v1/charges": dial tcp <*>:443: i/o timeout', service: 'ledger-sync', base: BASE, minutes: span(ONSET, 120, 8) }),
];
const traffic = [samples('http_requests', { service: 'ledger-sync' }, (m) => 30 * m)];
/** CloudWatch's ErrorPortAllocation through YACE: none before the onset, hundreds per sample from it on. */
const portErrors = (from: number) => [
  samples('aws_natgateway_error_port_allocation_sum', { dimension_NatGatewayId: 'nat-04f1c2a9e7b3d5c61' }, (m) => (m >= from ? 300 + (m % 5) * 40 : 0)),
  samples('aws_natgateway_active_connection_count_maximum', { dimension_NatGatewayId: 'nat-04f1c2a9e7b3d5c61' }, (m) => (m >= from ? 55_000 : 20_000 + m * 200)),
];
const MERGE = '-  single_nat_gateway     = false\n+  single_nat_gateway     = true\n';

describe('a NAT gateway out of source ports', () => {
  it('names the change that merged the gateways, at the NAT gateway, over the provider and the caller release', () => {
    const { findings, verdict } = analyze(bundleOf({ signatures: errors(), series: [...portErrors(ONSET), ...traffic], ...releases(MERGE) }));
    expect(conditions(findings, 'nat_ports')).toHaveLength(1);
    expect(verdict.best.suspect?.sha).toBe(INFRA);
    expect(verdict.best.service).toBe('nat-gateway');
    expect(verdict.best.category).toBe('infrastructure');
    expect(verdict.best.summary).toContain('nat-04f1c2a9e7b3d5c61');
    expect(verdict.ruledOut.map((r) => r.what).join(' ')).toContain('ledger-sync/v3.4.0');
  });

  it('without a change to the egress path, the gateway itself leads over the remote host', () => {
    const { verdict } = analyze(bundleOf({ signatures: errors(), series: [...portErrors(ONSET), ...traffic], ...releases('-  tags = { team = "net" }\n+  tags = { team = "platform" }\n', 'platform: move the VPC to the platform team', 'terraform/vpc/tags.tf') }));
    expect(verdict.best.suspect).toBeNull();
    expect(verdict.best.service).toBe('nat-gateway');
    expect(verdict.best.category).toBe('infrastructure');
  });

  it("reads Azure's failed SNAT connections as the same condition", () => {
    const azure = samples('azure_natgateway_snat_connection_count', { connection_state: 'Failed', resource: 'natgw-prod-weu' }, (m) => (m >= ONSET ? 120 : 0));
    const { findings } = analyze(bundleOf({ signatures: errors(), series: [azure, ...traffic], ...releases(MERGE) }));
    expect(conditions(findings, 'nat_ports')).toHaveLength(1);
  });

  it('finds nothing when the gateway reported port errors all along', () => {
    const { findings, verdict } = analyze(bundleOf({ signatures: errors(), series: [...portErrors(0), ...traffic], ...releases(MERGE) }));
    expect(conditions(findings, 'nat_ports')).toHaveLength(0);
    expect(verdict.best.service).not.toBe('nat-gateway');
  });
});
