// Credential lifecycle events an identity or secrets system records about itself: Vault revoking a lease or rotating a
// key, Keycloak's admin events on a realm's key providers or a client's secret, cloud audit calls that rotate a secret.
import { redact } from '../../src/core/redact.js';

/** What went: a dynamic credential's lease, a token-signing key, a stored secret's value, an access key. */
export type CredentialKind = 'lease' | 'signing_key' | 'secret' | 'access_key';

export interface CredentialEvent {
  credential: CredentialKind;
  /** What was done, in the system's own words (`revoked lease`, `UPDATE COMPONENT`). */
  action: string;
  /** Identifiers only, redacted: a lease's path without its random id, `realm/<name>`, a component's path. At most 4. */
  targets: string[];
  actor: string | null;
  /** One line for the report. */
  text: string;
}

type Obj = Record<string, unknown>;
const str = (v: unknown, max = 300): string | null => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : null);
const ID = /^[\w:/.@+=,-]{1,300}$/;

// A cheap first look: every form below has one of these words.
const MAYBE = /revok|lease|operationType|rotate/i;
// Vault's expiration manager, JSON (`"@message":"revoked lease"` with a lease_id field) or text
// (`expiration: revoked lease: lease_id=database/creds/app/AbC…`). A revocation is the end of the credential: the
// database secrets engine drops the role it created, so every login with it fails from then on. Renewals are not read.
const VAULT_REVOKED = /^(?:expiration: )?revoked lease(?::|$)/;
const LEASE_IN_TEXT = /\blease_id=([\w:/.@+=,-]{1,300})/;
// Vault's audit log (type request/response, request.path): a revoke by hand or by prefix, a database role's or root's
// password rotated, a transit key rotated. `sys/leases/renew` is routine and not among them.
const VAULT_PATH = /^(?:sys\/(?:leases\/)?revoke(?:-prefix|-force)?(?:\/(.+))?|([\w-]+)\/rotate-(?:role|root)\/(.+)|([\w-]+)\/keys\/([\w.-]+)\/rotate)$/;
// Keycloak's admin events, logged by org.keycloak.events as key="value" pairs or stored as JSON. A realm's signing keys
// are COMPONENT resources (the rsa-generated, java-keystore providers): creating, updating or deleting one changes the
// key the realm signs tokens with. A client's secret regenerated is `clients/<id>/client-secret`.
const KEYCLOAK_PAIR = (k: string, line: string): string | null => new RegExp(`\\b${k}="([^"]{1,300})"`).exec(line)?.[1] ?? null;
const ADMIN_WRITE = /^(?:CREATE|UPDATE|DELETE)$/;

/** The credential lifecycle event a log entry records, or null. Lines and fields are untrusted: identifiers only leave. */
export function credentialEvent(line: string, fields: Obj | null | undefined): CredentialEvent | null {
  if (line.length > 4000 || !mayBeCredential(line, fields)) return null;
  return vaultRevoked(line, fields) ?? vaultAudit(fields) ?? keycloakAdmin(line, fields);
}

/**
 * MAYBE on the line's first 400 characters, the record's keys, or its request's path: each looked at alone, as MAYBE's
 * words hold no space, so the test builds no string per entry (it runs on every line request_flows reads).
 */
function mayBeCredential(line: string, fields: Obj | null | undefined): boolean {
  if (MAYBE.test(line.length > 400 ? line.slice(0, 400) : line)) return true;
  if (!fields) return false;
  for (const k in fields) if (Object.hasOwn(fields, k) && MAYBE.test(k)) return true;
  const req = fields.request;
  const path = typeof req === 'object' && req !== null ? str((req as Obj).path) : null;
  return path !== null && MAYBE.test(path);
}

/** A lease id without its random last part (`database/creds/payouts-api/Kq4R…` → `database/creds/payouts-api`): the role. */
export function leasePath(id: string): string {
  const parts = id.split('/');
  return parts.length > 2 ? parts.slice(0, -1).join('/') : id;
}

function event(credential: CredentialKind, action: string, targets: string[], actor: string | null, source: string): CredentialEvent {
  const kept = [...new Set(targets.filter((t) => ID.test(t)).map((t) => redact(t).slice(0, 200)))].slice(0, 4);
  const who = actor && ID.test(actor) ? redact(actor).slice(0, 120) : null;
  const text = redact(`${source} ${action}${kept.length ? ` ${kept.join(', ')}` : ''}${who ? ` by ${who}` : ''}`).slice(0, 300);
  return { credential, action, targets: kept, actor: who, text };
}

function vaultRevoked(line: string, fields: Obj | null | undefined): CredentialEvent | null {
  if (!VAULT_REVOKED.test(line.trim())) return null;
  const id = str(fields?.lease_id) ?? LEASE_IN_TEXT.exec(line)?.[1] ?? null;
  // Vault's audit log HMACs lease ids by default: such an id names nothing.
  if (!id || id.startsWith('hmac-')) return null;
  return event('lease', 'revoked lease', [leasePath(id)], null, 'vault');
}

function vaultAudit(fields: Obj | null | undefined): CredentialEvent | null {
  const req = fields && typeof fields.request === 'object' && fields.request !== null ? (fields.request as Obj) : null;
  // The response entry of a request is the one that says it happened (an error there means it did not).
  if (!req || fields!.type !== 'response' || fields!.error) return null;
  const path = str(req.path);
  const m = path ? VAULT_PATH.exec(path) : null;
  if (!m) return null;
  const auth = typeof fields!.auth === 'object' && fields!.auth !== null ? (fields!.auth as Obj) : {};
  const actor = str(auth.display_name, 120);
  if (m[3]) return event('secret', `rotated ${m[2]} credential`, [`${m[2]}/${m[3]}`], actor, 'vault');
  if (m[5]) return event('signing_key', 'rotated key', [`${m[4]}/keys/${m[5]}`], actor, 'vault');
  const data = typeof req.data === 'object' && req.data !== null ? (req.data as Obj) : {};
  const id = m[1] ?? str(data.lease_id) ?? str(data.prefix);
  if (!id || id.startsWith('hmac-')) return null;
  return event('lease', 'revoked lease', [m[1] && /revoke-prefix/.test(path!) ? id : leasePath(id)], actor, 'vault');
}

function keycloakAdmin(line: string, fields: Obj | null | undefined): CredentialEvent | null {
  const get = (k: string) => str(fields?.[k], 300) ?? KEYCLOAK_PAIR(k, line);
  const op = get('operationType');
  const type = get('resourceType');
  const path = get('resourcePath');
  if (!op || !ADMIN_WRITE.test(op) || !type) return null;
  const realm = get('realmName') ?? get('realmId');
  const targets = [...(realm ? [`realm/${realm}`] : []), ...(path ? [path] : [])];
  if (type === 'COMPONENT') return event('signing_key', `${op} COMPONENT`, targets, get('clientId'), 'keycloak');
  if (type === 'CLIENT' && path && /\/client-secret$/.test(path)) return event('secret', `${op} client secret`, targets, get('clientId'), 'keycloak');
  return null;
}

// Cloud audit calls (audit-records.ts reads them) that end or replace a credential: Secrets Manager's rotations and new
// values, Secret Manager's versions, IAM's and GCP's service account keys, KMS keys disabled, deleted or rotated.
const SECRET_CALL = /^(?:RotateSecret|PutSecretValue|UpdateSecretVersionStage|DeleteSecret|AddSecretVersion|DisableSecretVersion|DestroySecretVersion)$/;
const ACCESS_KEY_CALL = /^(?:CreateAccessKey|UpdateAccessKey|DeleteAccessKey|DeleteServiceAccountKey|DisableServiceAccountKey)$/;
const KMS_KEY_CALL = /^(?:DisableKey|ScheduleKeyDeletion|RotateKeyOnDemand)$/;
const K8S_SECRET_WRITE = /^(?:update|patch|delete)$/;

/**
 * The credential an audit record's call ends or replaces, or null. `action` as audit-records.ts words it: CloudTrail's
 * `RotateSecret (secretsmanager.amazonaws.com)`, GCP's `AddSecretVersion`, Kubernetes' `patch secrets`.
 */
export function auditCredential(action: string): CredentialKind | null {
  const [name = '', rest = ''] = action.split(' ', 2);
  if (rest === 'secrets') return K8S_SECRET_WRITE.test(name) ? 'secret' : null;
  if (SECRET_CALL.test(name)) return 'secret';
  if (ACCESS_KEY_CALL.test(name)) return 'access_key';
  return KMS_KEY_CALL.test(name) && rest.startsWith('(kms.') ? 'signing_key' : null;
}
