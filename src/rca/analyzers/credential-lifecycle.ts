// A credential an identity or secrets system ended or replaced just before the first failures (request_flows'
// `credential` announcements, and audit records' calls on secrets), kept only when the failures are what that breaks.
import type { Analyzer, Finding, SuspectChange } from '../analyzer.js';
import type { EvidenceBundle } from '../bundle.js';
import type { AnalysisContext } from '../context.js';
import { cite, refs } from '../quote.js';
import { normalizeService } from '../service-names.js';
import { rejectsCredentials, textOf } from '../signals.js';
import { msOf } from '../series.js';
import { releaseNames } from '../../core/release-tag.js';
import { minutes } from './change-correlation.js';
import { namedService } from './control-plane-change.js';

/** How long before the first failures a credential's end may have set them off (a cached key, a pooled login). */
export const CREDENTIAL_BEFORE_MS = 15 * 60_000;
const AFTER_MS = 60_000;
/** A release this close before the event is what made it (a Terraform apply calls the identity system's admin API). */
const APPLIED_MS = 3 * 60_000;

type Announced = NonNullable<NonNullable<EvidenceBundle['flows']>['data']['announcements']>[number];
type Kind = NonNullable<Announced['credential']>;

// A database refusing a login: PostgreSQL (28P01, a role that no longer exists, as its database engine drops the role a
// revoked lease created), MySQL, SQL Server, Oracle.
const DB_LOGIN_REFUSED = /\bpassword authentication failed\b|\brole "[^"]{1,200}" does not exist\b|\bSQLSTATE 28(?:P01|000)\b|\bAccess denied for user\b|\bLogin failed for user\b|\bORA-01017\b/i;
// A token whose signing key the verifier does not hold (a key id missing from its cached JWKS) or whose signature
// fails against the keys it has: what a rotated signing key does to every verifier that cached the old set.
const KEY_UNKNOWN =
  /\bkey ?id\b.{0,60}\b(?:not found|unknown|no match)|\bkid\b.{0,60}\b(?:not found|unknown|no match|not in)\b|\bno (?:matching )?(?:signing )?keys? (?:found )?(?:for|with|matching) (?:kid|key ?id)\b|\bunable to find (?:a )?(?:matching )?(?:signing )?key\b|\bsignature (?:verification )?(?:failed|is invalid)\b|\binvalid (?:token )?signature\b/i;
/** A realm an OIDC issuer URL names (`…/realms/shop/protocol/…`). */
const REALM_URL = /\/realms\/([\w.-]{1,100})/g;

/** Whether a failing line is what losing this kind of credential does. */
export function failsFor(kind: Kind, text: string): boolean {
  if (kind === 'signing_key') return KEY_UNKNOWN.test(text);
  if (kind === 'lease') return DB_LOGIN_REFUSED.test(text) || rejectsCredentials(text);
  return rejectsCredentials(text);
}

/** Whose credential went, when the failures are tied to it; null when they are not. */
export function credentialOwner(a: Announced, ctx: AnalysisContext): string | null {
  const kind = a.credential;
  if (!kind) return null;
  const failing = ctx.related.filter((r) => r.post > r.pre && failsFor(kind, textOf(r)));
  if (failing.length === 0) return null;
  // The failures began after it: a failure already logged well before the event was not caused by it.
  const first = Math.min(...failing.flatMap((r) => r.sig.per_minute.filter(([, n]) => n > 0).map(([t]) => msOf(t))));
  if (first < a.time - 2 * AFTER_MS) return null;
  const texts = failing.map((r) => textOf(r).toLowerCase());
  const targets = a.objects ?? [];
  if (kind === 'signing_key') {
    // The identity system signs with it; a key of another realm than the one the failing tokens came from is not theirs.
    const realm = targets.find((t) => t.startsWith('realm/'))?.slice(6).toLowerCase();
    const named = new Set(texts.flatMap((x) => [...x.matchAll(REALM_URL)].map((m) => m[1]!)));
    if (realm && named.size > 0 && !named.has(realm)) return null;
    return a.service ? normalizeService(a.service) : null;
  }
  // A lease's role, a secret's or key's name: a failing service it names, or an identifier the failing lines quote.
  const services = new Set(failing.flatMap((r) => (r.service ? [normalizeService(r.service)] : [])));
  if (ctx.affectedService) services.add(ctx.affectedService);
  const owner = namedService(targets, services);
  if (owner) return owner;
  const quoted = targets.some((t) => {
    const last = t.slice(t.lastIndexOf('/') + 1).toLowerCase();
    return last.length >= 6 && texts.some((x) => x.includes(last));
  });
  return quoted ? ctx.affectedService : null;
}

/**
 * The change behind the event: a release of the system that logged it, live within minutes before it (the apply that
 * rotated a key), or, for a lease no one renewed, the newest commit whose diff declares how its owner obtains that very
 * credential (names the lease's path), live with the owner's first release after it.
 */
export function changeBehind(bundle: EvidenceBundle, a: Announced, owner: string): SuspectChange | null {
  const deployments = bundle.deployments?.data ?? [];
  const system = a.service ? normalizeService(a.service) : null;
  for (const d of deployments) {
    const t = Date.parse(d.time);
    if (!(t >= a.time - APPLIED_MS && t <= a.time + 10_000) || !system) continue;
    const c = d.commits.find((x) => x.files.some((f) => f.path.toLowerCase().split('/').some((seg) => seg.replace(/\.[a-z0-9]+$/, '') === system)));
    if (c) return { sha: c.sha, ref: d.tag, message: c.message, author: c.author, time: new Date(t).toISOString() };
  }
  if (a.credential !== 'lease') return null;
  const paths = (a.objects ?? []).map((o) => o.toLowerCase()).filter((o) => o.length >= 8 && o.includes('/'));
  const diff = bundle.diffs
    .map((d) => d.data)
    .filter((d) => Date.parse(d.time) < a.time && paths.some((p) => d.diff.toLowerCase().includes(p)))
    .sort((x, y) => Date.parse(y.time) - Date.parse(x.time))[0];
  if (!diff) return null;
  const release = deployments
    .filter((d) => Date.parse(d.time) >= Date.parse(diff.time) && Date.parse(d.time) < a.time && (d.commits.some((c) => c.sha === diff.sha) || releaseNames(d.tag, owner)))
    .sort((x, y) => Date.parse(x.time) - Date.parse(y.time))[0];
  return { sha: diff.sha, ref: release?.tag ?? null, message: diff.message, author: diff.author, time: release?.time ?? diff.time };
}

export const credentialLifecycle: Analyzer = {
  name: 'credential-lifecycle',
  description: 'A lease revoked, a signing key rotated or a secret replaced just before failures of the kind that breaks',
  analyze(bundle, ctx): Finding[] {
    const onset = ctx.onset;
    const flows = bundle.flows;
    if (onset === null || !flows) return [];
    const near = (flows.data.announcements ?? []).filter((a) => a.credential && a.time >= onset - CREDENTIAL_BEFORE_MS && a.time <= onset + AFTER_MS);
    const out: Finding[] = [];
    for (const a of near) {
      const owner = credentialOwner(a, ctx);
      if (!owner || out.some((f) => f.kind === 'runtime_change' && f.service === owner)) continue;
      const by = changeBehind(bundle, a, owner);
      const gap = Math.max(0, onset - a.time);
      out.push({
        kind: 'runtime_change',
        analyzer: this.name,
        service: owner,
        time: new Date(a.time).toISOString(),
        change: 'credential',
        text: a.text,
        credential: a.credential!,
        ...(a.actor ? { actor: a.actor } : {}),
        ...(by ? { by } : {}),
        summary: `${owner}'s ${a.credential!.replace('_', ' ')} ended ${gap < 60_000 ? 'less than a minute' : minutes(gap)} before the first failures, which are what that breaks: "${a.text}"`,
        // Full strength within five minutes (a pool's logins, a verifier's cached keys meet it at once), fading after.
        confidence: 0.85 * Math.exp(-Math.max(0, gap - 5 * 60_000) / (20 * 60_000)),
        evidence: refs(cite(bundle, flows.call_id, 'an identity or secrets system recorded a credential lifecycle event', [a.text])),
        timeline: [{ time: new Date(a.time).toISOString(), source: 'logs', event: `credential lifecycle: ${a.text}` }],
      });
    }
    return out;
  },
};
