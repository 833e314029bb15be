// A credential an identity or secrets system ended just before the failures it breaks: a Vault lease revoked one TTL
// after a release left nothing renewing it, a Keycloak signing key rotated by a Terraform apply. The analyzer ties the
// event to the failures and to the change behind it; ranking names that change over another service's release.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/rca/analyzer.js';
import type { EvidenceBundle, RequestFlows } from '../../src/rca/bundle.js';
import { credentialLifecycle, failsFor } from '../../src/rca/analyzers/credential-lifecycle.js';
import { rank } from '../../src/rca/rank.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import { sig } from './audit-fixtures.js';
import { commit, deployment, handBundle, withFlows } from './helpers.js';
import { change, ctxFor, MIN, ONSET } from './rank-findings.js';

type Announced = NonNullable<RequestFlows['announcements']>[number];

// ---------------------------------------------------------------------------------------------- a Vault lease revoked
const DB_REFUSED = 'FATAL: password authentication failed for user "v-kubernetes-payouts-a-h7RwLp2c-1766238022"';
const leaseCtx = {
  ...ctxFor('payouts-api', ['payouts-api', 'payouts-db', 'ledger-api']),
  related: [sig('payouts-db', 'password authentication failed for user "<*>"', DB_REFUSED), sig('payouts-api', 'create payout failed: <*>', `create payout failed: failed SASL auth (${DB_REFUSED} (SQLSTATE 28P01))`)],
};
const revoked = (role: string, gapMin = 0.5): Announced => ({ time: ONSET - gapMin * MIN, service: 'vault', kind: 'credential', credential: 'lease', text: `vault revoked lease database/creds/${role}`, objects: [`database/creds/${role}`] });
// The manifest commit that made the Vault agent an init container only: its diff declares the revoked lease's path.
const AGENT_DIFF = [
  '--- a/deploy/payouts-api/deployment.yaml',
  '+++ b/deploy/payouts-api/deployment.yaml',
  '         vault.hashicorp.com/role: "payouts-api"',
  '+        vault.hashicorp.com/agent-pre-populate-only: "true"',
  '         vault.hashicorp.com/agent-inject-secret-db.json: "database/creds/payouts-api"',
].join('\n');
const agent = commit('f8991fbfccbd', 'payouts-api: vault agent as init container only (agent-pre-populate-only)', ONSET - 5 * 60 * MIN, ['deploy/payouts-api/deployment.yaml']);

function leaseBundle(announcements: Announced[]): EvidenceBundle {
  const b = handBundle('payouts-api: password authentication failed', { from: ONSET - 60 * MIN, to: ONSET + 20 * MIN }, {
    deployments: [deployment('payouts-api/v2.21.0', ONSET - 61 * MIN, [commit('6a1d6f8648', 'payouts-api 2.21.0', ONSET - 4 * 60 * MIN, ['payouts-api/VERSION'])])],
  });
  b.diffs.push({ call_id: 'diff-f899', tool: 'git__show_commit', data: { ...agent, diff: AGENT_DIFF, diff_truncated: false } });
  b.outputs['diff-f899'] = { tool: 'git__show_commit', text: AGENT_DIFF };
  return withFlows(b, { announcements });
}
// Another service's release 9 minutes before, whose words (authentication, password) are the errors'.
const ledger = change('a9b2d4ddd735', 'ledger-api: pgx v5.6.0, SCRAM-SHA-256 for database authentication', 9, {
  relevance: 0.9,
  matched: ['authentication', 'password', 'database'],
  paths: ['ledger-api/go.mod', 'ledger-api/internal/db/pool.go'],
  change: { sha: 'a9b2d4ddd735', ref: 'ledger-api/v4.8.0', message: 'ledger-api: pgx v5.6.0, SCRAM-SHA-256 for database authentication', author: 'Dev One', time: new Date(ONSET - 9 * MIN).toISOString() },
});
const errors: Finding = { kind: 'new_errors', analyzer: 'new-signatures', service: 'payouts-api', templates: ['create payout failed: <*>'], summary: 'payouts-api: new error', confidence: 0.8, evidence: [], timeline: [] };

describe('a lease revoked before database logins were refused', () => {
  it('is registered among the analyzers the engine runs', () => {
    expect(ANALYZERS).toContain(credentialLifecycle);
  });

  it('ties the revoked lease of the failing service to the commit whose diff declares it, live with its release', () => {
    const [f, ...rest] = credentialLifecycle.analyze(leaseBundle([revoked('payouts-api')]), leaseCtx);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ kind: 'runtime_change', change: 'credential', credential: 'lease', service: 'payouts-api', confidence: 0.85 });
    expect(f!.kind === 'runtime_change' && f!.by).toMatchObject({ sha: agent.sha, ref: 'payouts-api/v2.21.0', time: new Date(ONSET - 61 * MIN).toISOString() });
  });

  it('ignores a routine revocation of another role, and one with no refused logins after it', () => {
    expect(credentialLifecycle.analyze(leaseBundle([revoked('reporting-job')]), leaseCtx)).toEqual([]);
    const timeouts = { ...leaseCtx, related: [sig('payouts-api', 'create payout failed: <*>', 'create payout failed: context deadline exceeded')] };
    expect(credentialLifecycle.analyze(leaseBundle([revoked('payouts-api')]), timeouts)).toEqual([]);
  });

  it('names the commit over the other service\'s release that shares the errors\' words, and rules that release out', () => {
    expect(rank([errors, ledger], leaseCtx).best.suspect?.sha).toBe(ledger.change.sha);
    const v = rank([errors, ledger, ...credentialLifecycle.analyze(leaseBundle([revoked('payouts-api')]), leaseCtx)], leaseCtx);
    expect(v.best).toMatchObject({ service: 'payouts-api', category: 'certificate_or_auth', suspect: { sha: agent.sha } });
    expect(v.ruledOut.find((r) => r.what.includes('ledger-api/v4.8.0'))?.reason).toContain('payouts-api\'s credential');
  });
});

// --------------------------------------------------------------------------------------- a Keycloak signing key rotated
const KID = 'rejected bearer token kid=vK3pZ9sLq2WxYt6eNm1bRc8uHa4jDf0gTo5iEy7lUwA error="token is unverifiable: error while executing keyfunc: the given key ID was not found in the JWKS"';
const keyCtx = { ...ctxFor('orders-api', ['orders-api', 'cart-api', 'keycloak']), related: [sig('orders-api', 'rejected bearer token', KID)] };
const rotated = (realm = 'shop'): Announced => ({
  time: ONSET - 0.5 * MIN,
  service: 'keycloak',
  kind: 'credential',
  credential: 'signing_key',
  text: `keycloak CREATE COMPONENT realm/${realm}, components/5b0f4c1e by terraform`,
  objects: [`realm/${realm}`, 'components/5b0f4c1e'],
  actor: 'terraform',
});
const apply = commit('40d0688f66b3', 'keycloak: yearly signing key rotation for the shop realm', ONSET - 40 * MIN, ['platform/keycloak/realm-shop.tf']);
const keyBundle = (announcements: Announced[]) =>
  withFlows(handBundle('orders-api: 401 since 09:14', { from: ONSET - 60 * MIN, to: ONSET + 20 * MIN }, { deployments: [deployment('platform/keycloak-2026.12.29.1', ONSET - 0.5 * MIN - 45, [apply])] }), { announcements });
const orders = change('20d1f378a1b2', 'orders-api: golang-jwt v5 (token validation errors now wrapped)', 9, {
  relevance: 0.9,
  matched: ['token', 'keyfunc'],
  paths: ['orders-api/go.mod', 'orders-api/internal/auth/jwt.go'],
  change: { sha: '20d1f378a1b2', ref: 'orders-api/v7.3.0', message: 'orders-api: golang-jwt v5 (token validation errors now wrapped)', author: 'Dev One', time: new Date(ONSET - 9 * MIN).toISOString() },
});

describe('a signing key rotated before tokens were refused for an unknown key id', () => {
  it('reads an unknown key id as what a rotated key breaks, and a database login refused as not', () => {
    expect(failsFor('signing_key', KID)).toBe(true);
    expect(failsFor('signing_key', 'jwt: signature verification failed')).toBe(true);
    expect(failsFor('signing_key', DB_REFUSED)).toBe(false);
    expect(failsFor('lease', DB_REFUSED)).toBe(true);
  });

  it('ties the rotation to the identity system and to the release that applied it seconds before', () => {
    const [f] = credentialLifecycle.analyze(keyBundle([rotated()]), keyCtx);
    expect(f).toMatchObject({ service: 'keycloak', credential: 'signing_key', actor: 'terraform' });
    expect(f!.kind === 'runtime_change' && f!.by).toMatchObject({ sha: apply.sha, ref: 'platform/keycloak-2026.12.29.1' });
  });

  it('ignores a rotation with no refused tokens after it, and one in a realm the failing tokens do not come from', () => {
    const quiet = { ...keyCtx, related: [sig('orders-api', 'order <*> failed: upstream timed out')] };
    expect(credentialLifecycle.analyze(keyBundle([rotated()]), quiet)).toEqual([]);
    const issuer = { ...keyCtx, related: [sig('orders-api', 'rejected bearer token', `${KID} iss=https://sso.example.com/realms/shop/protocol/openid-connect`)] };
    expect(credentialLifecycle.analyze(keyBundle([rotated('internal')]), issuer)).toEqual([]);
    expect(credentialLifecycle.analyze(keyBundle([rotated('shop')]), issuer)).toHaveLength(1);
  });

  it('names the apply over the verifier\'s own release that shares the errors\' words', () => {
    const errs: Finding = { ...errors, service: 'orders-api', templates: ['rejected bearer token'] };
    expect(rank([errs, orders], keyCtx).best.suspect?.sha).toBe(orders.change.sha);
    const v = rank([errs, orders, ...credentialLifecycle.analyze(keyBundle([rotated()]), keyCtx)], keyCtx);
    expect(v.best).toMatchObject({ service: 'keycloak', suspect: { sha: apply.sha } });
    expect(v.ruledOut.map((r) => r.what).join('\n')).toContain('orders-api/v7.3.0');
  });
});
