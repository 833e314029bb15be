// An ACME issuer refusing a client's certificate orders for its rate limit, and the changed lines that decide how many
// orders the client sends (where it keeps its certificates, how many instances run it). Read by acme-limit-rank.ts.

/**
 * RFC 8555's error type for a refused rate (§6.7), which Caddy (certmagic), cert-manager, Traefik and lego quote
 * (`HTTP 429 urn:ietf:params:acme:error:rateLimited`, `acme: error: 429 :: … :: urn:ietf:params:acme:error:rateLimited`).
 */
const RATE_URN = /\burn:ietf:params:acme:error:rateLimited\b/i;
/**
 * Let's Encrypt's own words for its limits, which certbot prints without the URN (`There were too many requests of a
 * given type :: Error creating new order :: too many certificates already issued for exact set of domains`): duplicate
 * certificates, certificates per domain, failed validations, new orders, pending authorizations, accounts.
 */
const RATE_WORDS =
  /\btoo many (?:(?:duplicate )?certificates(?: \(\d+\))? already issued|failed authori[sz]ations|new orders|(?:currently )?pending authori[sz]ations|registrations)\b|\bThere were too many requests of a given type\b/i;
/** The phrases above only count where the line is about certificate issuance, not any "too many" of an app's own. */
const ISSUANCE = /\bacme\b|letsencrypt|\bnew[- ]order\b|\bcertificate\b|\bissuer\b/i;

/** The line is an ACME issuer refusing an order or authorization for its rate limit (not any HTTP 429). */
export function acmeRateLimited(text: string): boolean {
  return RATE_URN.test(text) || (RATE_WORDS.test(text) && ISSUANCE.test(text));
}

/**
 * Where an ACME client keeps its account and certificates: a volume and how it is mounted (Kubernetes' emptyDir, a
 * tmpfs or `medium: Memory`, a PersistentVolumeClaim or a StatefulSet's volumeClaimTemplates, Compose's named volume),
 * or the client's own storage setting (Caddy's `storage` and XDG_DATA_HOME, Traefik's `acme.storage`/acme.json,
 * certbot's /etc/letsencrypt and --config-dir, lego's --path, a `data_dir`). Storage that no longer outlives the
 * instance, or is no longer shared, makes each new instance order its own certificate.
 */
const STORAGE =
  /\bemptyDir\b|\btmpfs\b|\bmedium:\s*"?Memory\b|\bvolumeClaimTemplates\b|\bpersistentVolumeClaim\b|\bclaimName\b|\bvolumes?:|\bvolumeMounts\b|\bmountPath\b|\bstorage\b|\bdata[_-]?dir\b|\bXDG_DATA_HOME\b|\bacme\.json\b|\/etc\/letsencrypt\b|--config-dir\b|--path\b/i;
/**
 * How many instances run the client: replica counts (a manifest's `replicas`, an HPA's min/max, a chart's
 * replicaCount, ECS' desired_count, an autoscaling group's sizes) and the workload kind (a StatefulSet's per-pod volume
 * against a Deployment's shared template). Each instance with its own storage orders its own certificate.
 */
const INSTANCES =
  /\breplicas\b|\b(?:min|max)Replicas\b|\breplica_?Count\b|\bHorizontalPodAutoscaler\b|\bkind:\s*(?:Deployment|StatefulSet|DaemonSet|ReplicaSet)\b|\bdesired_?count\b|\b(?:min|max)_size\b|\bdesired_capacity\b/i;
/** What a change touches that decides how many certificates an ACME client orders, and its line. */
export interface Issuance {
  line: string;
  touches: 'storage' | 'instances';
}

/** Storage that lives and dies with the instance: the plainest reason every new instance orders anew. */
const EPHEMERAL = /\bemptyDir\b|\btmpfs\b|\bmedium:\s*"?Memory\b/i;
/** A line that only comments (YAML, shell, Caddyfile, C-family): words in it configure nothing. */
const COMMENT = /^\s*(?:#|\/\/|\/\*|\*)/;

/**
 * The changed line of a diff that touches the ACME client's certificate storage or its instance count, the most
 * telling first (storage made ephemeral, then any storage line, then the instance count), trimmed with its sign and
 * cut to 160 characters, and which of the two it touches; null when the change touches neither.
 */
export function touchesIssuance(diff: string): Issuance | null {
  const changed = diff
    .split('\n')
    .filter((l) => /^[+-](?![+-])/.test(l) && !COMMENT.test(l.slice(1)))
    .map((l) => ({ sign: l[0]!, code: l.slice(1).trim() }));
  const ephemeral = changed.find((l) => l.sign === '+' && EPHEMERAL.test(l.code));
  const storage = ephemeral ?? changed.find((l) => STORAGE.test(l.code));
  const line = storage ?? changed.find((l) => INSTANCES.test(l.code));
  return line ? { line: `${line.sign} ${line.code}`.slice(0, 160), touches: storage ? 'storage' : 'instances' } : null;
}
