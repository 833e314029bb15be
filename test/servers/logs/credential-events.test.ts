// Credential lifecycle events as an identity or secrets system logs them: Vault's lease revocations (server log and
// audit log), Keycloak's admin events on a realm's key providers, audit records' secret calls; routine lines are not.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditCredential, credentialEvent, leasePath } from '../../../servers/logs/credential-events.js';
import { requestFlows } from '../../../servers/logs/flows.js';
import { inspectFile } from '../../../src/core/logs/file-info.js';
import { parseFlows } from '../../../src/core/sources/request-flows.js';
import { tempDir } from './helpers.js';

const at = (clock: string) => Date.parse(`2026-09-08T${clock}Z`);
// Vault's server log in JSON (log_format = "json"): the expiration manager's own line when a lease's TTL ran out.
const VAULT_REVOKED = { '@level': 'info', '@message': 'revoked lease', '@module': 'expiration', '@timestamp': '2026-09-08T14:19:56.358506Z', lease_id: 'database/creds/payouts-api/Kq4R1vUe8yT3mXz0Lp9w2sHa' };
// Keycloak's admin event as org.keycloak.events logs it when a realm's RSA key provider is created by Terraform.
const KEYCLOAK_COMPONENT =
  'operationType="CREATE", realmId="shop", realmName="shop", clientId="terraform", userId="0c1e7f52-7d3b-4e31-9a8a-2f6c1d9e0b44", ipAddress="10.0.1.42", resourceType="COMPONENT", resourcePath="components/5b0f4c1e-8a2d-4f7a-b3c9-6e1d2a7f9c08"';

describe('credential lifecycle events', () => {
  it('reads a lease Vault revoked, as its role path (the random lease id left out)', () => {
    const { '@message': msg, ...fields } = VAULT_REVOKED;
    expect(credentialEvent(msg, fields)).toEqual({ credential: 'lease', action: 'revoked lease', targets: ['database/creds/payouts-api'], actor: null, text: 'vault revoked lease database/creds/payouts-api' });
    // Vault's text log says the same in one line.
    expect(credentialEvent('expiration: revoked lease: lease_id=database/creds/app/9c3c1552798eaa1257bc1bb8', null)?.targets).toEqual(['database/creds/app']);
    expect(leasePath('aws/creds/deploy/AbC')).toBe('aws/creds/deploy');
  });

  it('reads a revoke-prefix and a database role rotation from Vault\'s audit log, but not a routine renewal', () => {
    const audit = (p: string, data: Record<string, unknown> = {}) => ({ type: 'response', auth: { display_name: 'token-ops' }, request: { operation: 'update', path: p, data } });
    expect(credentialEvent('', audit('sys/leases/revoke-prefix/database/creds/orders'))).toMatchObject({ credential: 'lease', targets: ['database/creds/orders'], actor: 'token-ops' });
    expect(credentialEvent('', audit('database/rotate-role/orders-static'))).toMatchObject({ credential: 'secret', targets: ['database/orders-static'] });
    expect(credentialEvent('', audit('transit/keys/jwt-signer/rotate'))).toMatchObject({ credential: 'signing_key', targets: ['transit/keys/jwt-signer'] });
    // Near misses: renewing a lease keeps the credential alive; an HMAC'd lease id names nothing; a request entry is no outcome.
    expect(credentialEvent('', audit('sys/leases/renew', { lease_id: 'database/creds/orders/AbC' }))).toBeNull();
    expect(credentialEvent('', audit('sys/leases/revoke', { lease_id: 'hmac-sha256:5d1cec6eabbb' }))).toBeNull();
    expect(credentialEvent('', { ...audit('sys/leases/revoke-prefix/database/creds/orders'), type: 'request' })).toBeNull();
  });

  it('reads a Keycloak admin event on a key provider, with its realm and actor, and not one on a user', () => {
    expect(credentialEvent(KEYCLOAK_COMPONENT, { logger: 'org.keycloak.events' })).toEqual({
      credential: 'signing_key',
      action: 'CREATE COMPONENT',
      targets: ['realm/shop', 'components/5b0f4c1e-8a2d-4f7a-b3c9-6e1d2a7f9c08'],
      actor: 'terraform',
      text: 'keycloak CREATE COMPONENT realm/shop, components/5b0f4c1e-8a2d-4f7a-b3c9-6e1d2a7f9c08 by terraform',
    });
    expect(credentialEvent(KEYCLOAK_COMPONENT.replace('COMPONENT', 'USER').replace('components/', 'users/'), null)).toBeNull();
    // A user's login event is no admin event at all.
    expect(credentialEvent('type="LOGIN", realmId="shop", clientId="shop-web", userId="f6548f16"', null)).toBeNull();
  });

  it('tells which audit calls end or replace a credential', () => {
    expect(auditCredential('RotateSecret (secretsmanager.amazonaws.com)')).toBe('secret');
    expect(auditCredential('DeleteAccessKey (iam.amazonaws.com)')).toBe('access_key');
    expect(auditCredential('AddSecretVersion')).toBe('secret');
    expect(auditCredential('patch secrets')).toBe('secret');
    expect(auditCredential('ImportCertificate (acm.amazonaws.com)')).toBeNull();
    expect(auditCredential('patch configmaps')).toBeNull();
    expect(auditCredential('create secrets')).toBeNull();
    expect(auditCredential('DisableKey (kms.amazonaws.com)')).toBe('signing_key');
    expect(auditCredential('DisableKey (cognito-idp.amazonaws.com)')).toBeNull();
  });

  it('reach the engine as credential announcements, kept apart from the other runtime changes', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'vault.log');
    const renew = { ...VAULT_REVOKED, '@message': 'lease renewed', '@timestamp': '2026-09-08T14:10:00Z' };
    writeFileSync(file, `${[renew, VAULT_REVOKED].map((r) => JSON.stringify(r)).join('\n')}\n`);
    const reference = at('15:00:00');
    const info = await inspectFile(file, reference);
    const out = await requestFlows([info], { window: { from: at('14:00:00'), to: at('15:00:00') }, maxTransitions: 800, scan: { reference, cacheDir: null, budgetBytes: 1e12 } });
    expect(out.announcements).toMatchObject([{ time: '2026-09-08T14:19:56.358Z', kind: 'credential', credential: 'lease', objects: ['database/creds/payouts-api'] }]);
    expect(parseFlows({ minutes: [], steps: [], transitions: [], announcements: out.announcements })?.announcements?.[0]).toMatchObject({ kind: 'credential', credential: 'lease' });
  });
});
