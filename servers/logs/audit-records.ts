// Control-plane audit records read as changes: a mutating CloudTrail call, a Kubernetes audit event, a GCP Cloud Audit
// Log entry is a change to production (a certificate re-imported, a listener or configmap edited) that no commit records.
import { redact } from '../../src/core/redact.js';

/** One mutating call an audit log recorded: when, who, what call, on which resources (identifiers only, redacted). */
export interface AuditChange {
  /** Epoch ms, from the record's own stamp (null when it has none: the entry's time stands). */
  time: number | null;
  source: 'cloudtrail' | 'kubernetes' | 'gcp';
  /** The call: CloudTrail's eventName, `verb resource`, the last part of GCP's methodName. */
  action: string;
  /** Who made it: the session's or user's name, at most 120 characters. */
  actor: string | null;
  /** The resources it acted on (ARNs, `kind/namespace/name`, GCP resource names), at most 8 of 200 characters. */
  targets: string[];
  /** One line for the report: `<source> <action> by <actor> on <target>`, redacted. */
  text: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max = 200): string | null => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : null);

/** A record array as CloudTrail delivers a file (`{"Records":[…]}`) is read up to this many records. */
const MAX_RECORDS = 5000;
const MAX_TARGETS = 8;

// Calls that read (Get/List/Describe…) or only sign in or take a role: noise in any window, never a change.
const READ_CALL = /^(?:Get|List|Describe|Head|Lookup|Search|Query|Scan|Select|Check|Validate|Test|Preview|Estimate|Simulate|AssumeRole|ConsoleLogin|Decrypt|Encrypt|GenerateDataKey|Sign|Verify|BatchGet|Filter)/;
// Kubernetes' verbs that write; and the resources whose writes are the cluster's own bookkeeping all day long
// (leader leases, events, endpoints, reviews), not somebody's change.
const K8S_WRITE = new Set(['create', 'update', 'patch', 'delete', 'deletecollection']);
const K8S_CHATTER = new Set(['leases', 'events', 'endpoints', 'endpointslices', 'tokenreviews', 'subjectaccessreviews', 'selfsubjectaccessreviews', 'localsubjectaccessreviews', 'selfsubjectrulesreviews', 'serviceaccounts/token']);
const CLUSTER_ITSELF = /^system:(?:kube-[\w-]+|node:|apiserver|serviceaccount:kube-system:)/;
// GCP's method names end in what they do (`compute.instances.insert`, `SetIamPolicy`, `google.container.v1.ClusterManager.UpdateCluster`).
const GCP_WRITE = /(?:^|\.)(?:insert|patch|update|delete|create|set[A-Z]\w*|add[A-Z]\w*|remove[A-Z]\w*|Create\w*|Update\w*|Delete\w*|Patch\w*|Set\w*|Add\w*|Remove\w*|Import\w*|Replace\w*)$/;
// Identifiers in CloudTrail's requestParameters: keys that name a resource (`certificateArn`, `loadBalancerName`,
// `groupId`), never a value (a certificate body, a private key, a password): those stay out of the report.
const ID_KEY = /(?:arn|arns|name|names|id|ids)$/i;
const SECRET_KEY = /key|secret|password|token|certificate$|credential|passphrase|body/i;

/** The mutating calls in a parsed JSON record (or CloudTrail's `{"Records":[…]}`): none for a read or a failed call. */
export function auditChanges(fields: Obj | undefined): AuditChange[] {
  if (!fields) return [];
  if (Array.isArray(fields.Records)) return fields.Records.slice(0, MAX_RECORDS).flatMap((r) => (isObj(r) ? oneRecord(r) : []));
  return oneRecord(fields);
}

function oneRecord(r: Obj): AuditChange[] {
  const c = cloudTrail(r) ?? kubernetes(r) ?? gcp(r);
  return c ? [c] : [];
}

/** Parses a stamp; null when absent or not a date. */
function stamp(v: unknown): number | null {
  const s = str(v, 40);
  const t = s ? Date.parse(s) : NaN;
  return Number.isNaN(t) ? null : t;
}

function change(source: AuditChange['source'], action: string, actor: string | null, targets: string[], time: number | null): AuditChange {
  const kept = [...new Set(targets.map((t) => redact(t)))].slice(0, MAX_TARGETS);
  const on = kept.length ? ` on ${kept.slice(0, 2).join(', ')}` : '';
  const text = redact(`${source} ${action}${actor ? ` by ${actor}` : ''}${on}`).slice(0, 400);
  return { time, source, action, actor: actor ? redact(actor).slice(0, 120) : null, targets: kept, text };
}

// ---------------------------------------------------------------------------------------------------------- CloudTrail
function cloudTrail(r: Obj): AuditChange | null {
  const name = str(r.eventName, 100);
  const source = str(r.eventSource, 100);
  if (!name || !source || !/^[A-Za-z0-9]+$/.test(name)) return null;
  // readOnly is CloudTrail's own verdict (a boolean, or a string in some exports); the call's verb backs it up.
  const ro = r.readOnly;
  if (ro === true || ro === 'true' || READ_CALL.test(name)) return null;
  // A call refused (AccessDenied, ValidationError) changed nothing.
  if (r.errorCode !== undefined && r.errorCode !== null) return null;
  const who = isObj(r.userIdentity) ? r.userIdentity : {};
  // A service acting for itself (Auto Scaling launching instances, ELB's service-linked role) follows load, not a person.
  if (who.type === 'AWSService' || typeof who.invokedBy === 'string') return null;
  const principal = str(who.principalId, 300);
  const actor = str(who.userName, 120) ?? (principal ? principal.slice(principal.lastIndexOf(':') + 1) || null : null) ?? str(who.invokedBy, 120);
  const targets = [...identifiers(r.requestParameters, 0), ...identifiers(r.responseElements, 0)];
  if (Array.isArray(r.resources)) for (const x of r.resources.slice(0, MAX_TARGETS)) if (isObj(x) && str(x.ARN)) targets.push(x.ARN as string);
  return change('cloudtrail', `${name} (${source})`, actor, targets, stamp(r.eventTime));
}

/** Resource identifiers among request parameters: string values under naming keys, two levels deep at most. */
function identifiers(v: unknown, depth: number): string[] {
  if (!isObj(v) || depth > 2) return [];
  const out: string[] = [];
  for (const [k, x] of Object.entries(v)) {
    if (out.length >= MAX_TARGETS) break;
    if (SECRET_KEY.test(k) && !/arn$/i.test(k)) continue;
    if (ID_KEY.test(k)) {
      for (const s of Array.isArray(x) ? x.slice(0, MAX_TARGETS) : [x]) {
        const id = str(s);
        if (id && /^[\w:/.@+=,-]+$/.test(id)) out.push(id);
      }
    } else if (isObj(x)) out.push(...identifiers(x, depth + 1));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------- Kubernetes
function kubernetes(r: Obj): AuditChange | null {
  if (r.kind !== 'Event' || typeof r.apiVersion !== 'string' || !r.apiVersion.startsWith('audit.k8s.io/')) return null;
  const verb = str(r.verb, 30);
  const ref = isObj(r.objectRef) ? r.objectRef : null;
  if (!verb || !K8S_WRITE.has(verb) || !ref) return null;
  // One call is recorded at each stage: the completed one only (and none refused).
  if (r.stage !== undefined && r.stage !== 'ResponseComplete') return null;
  const code = isObj(r.responseStatus) ? r.responseStatus.code : undefined;
  if (typeof code === 'number' && code >= 400) return null;
  const resource = str(ref.resource, 80);
  const sub = str(ref.subresource, 40);
  // A controller writing an object's status reports on it; it changes nothing anyone declared.
  if (!resource || sub === 'status' || K8S_CHATTER.has(sub ? `${resource}/${sub}` : resource)) return null;
  const ns = str(ref.namespace, 63);
  const name = str(ref.name, 253);
  const target = [resource, ns, name].filter(Boolean).join('/');
  const user = isObj(r.user) ? str(r.user.username, 120) : null;
  // The cluster's own controllers (replicasets creating pods, the autoscaler scaling, nodes, the scheduler binding) act
  // on what already changed; a person, a CI job or a GitOps controller in its own namespace is a change.
  if (user && CLUSTER_ITSELF.test(user)) return null;
  return change('kubernetes', `${verb} ${resource}${sub ? `/${sub}` : ''}`, user, [target], stamp(r.stageTimestamp) ?? stamp(r.requestReceivedTimestamp));
}

// ---------------------------------------------------------------------------------------------------------------- GCP
function gcp(r: Obj): AuditChange | null {
  const p = isObj(r.protoPayload) ? r.protoPayload : null;
  if (!p || typeof p['@type'] !== 'string' || !p['@type'].endsWith('AuditLog')) return null;
  const method = str(p.methodName, 200);
  if (!method || !GCP_WRITE.test(method)) return null;
  if (isObj(p.status) && typeof p.status.code === 'number' && p.status.code !== 0) return null;
  const auth = isObj(p.authenticationInfo) ? p.authenticationInfo : {};
  const resource = str(p.resourceName, 200);
  return change('gcp', method.slice(method.lastIndexOf('.') + 1), str(auth.principalEmail, 120), resource ? [resource] : [], stamp(r.timestamp));
}
