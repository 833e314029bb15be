// Which commits deserve a diff: those released (or, with no release tags, committed) shortly before
// or inside the window, newest first, then older deployment manifests; pure so the choice is testable.
import type { CommitInfo, Deployment } from '../evidence.js';
import type { Cited } from './source.js';

/** The git slots the choice reads. */
interface History {
  deployments: Cited<Deployment[]> | null;
  commits: Cited<CommitInfo[]> | null;
}

export interface ChangeCandidate {
  commit: CommitInfo;
  /** The release that shipped it, or null when the repository has no release tags for it. */
  ref: string | null;
  /** When it went live: the release time, else the commit time. */
  liveAt: number;
}

/** Commits that went live in [from, to], each with its release, newest first. */
export function changeCandidates(bundle: History, from: number, to: number): ChangeCandidate[] {
  const out: ChangeCandidate[] = [];
  const seen = new Set<string>();
  const deployments = bundle.deployments?.data ?? [];
  // Oldest release first: a commit a component's release shipped and a later whole-repository release shipped again
  // went live with the first.
  for (const d of [...deployments].sort((a, b) => Date.parse(a.time) - Date.parse(b.time))) {
    const t = Date.parse(d.time);
    if (Number.isNaN(t) || t < from || t > to) continue;
    for (const c of d.commits) {
      if (seen.has(c.sha)) continue;
      seen.add(c.sha);
      out.push({ commit: c, ref: d.tag, liveAt: t });
    }
  }
  if (deployments.length === 0) {
    for (const c of bundle.commits?.data ?? []) {
      const t = Date.parse(c.time);
      if (Number.isNaN(t) || t < from || t > to || seen.has(c.sha)) continue;
      seen.add(c.sha);
      out.push({ commit: c, ref: null, liveAt: t });
    }
  }
  return out.sort((a, b) => b.liveAt - a.liveAt || Date.parse(b.commit.time) - Date.parse(a.commit.time));
}

/** Folders that hold the manifests deploying workloads, often one subfolder per component (`deploy/ratings-api/`). */
export const DEPLOY_DIRS = ['deploy', 'deployment', 'deployments', 'k8s', 'kube', 'kubernetes', 'manifest', 'manifests', 'helm', 'chart', 'charts', 'kustomize', 'overlays', 'infra'];
/**
 * Files that deploy a workload and can hold its replicas ceiling or other capacity: configuration under a deployment
 * or autoscaler folder (keda/, hpa/), or an autoscaler's or chart's values file by name.
 */
const DEPLOY_MANIFEST = new RegExp(
  `((^|\\/)(${DEPLOY_DIRS.join('|')}|autoscal\\w*|keda|hpa|terraform)\\/.*\\.(ya?ml|json|toml|tf|tfvars)$|(^|\\/)[^/]*(hpa|autoscal|scaledobject|keda|values)[^/]*\\.(ya?ml|json)$)`,
  'i',
);

/** Every file of the commit deploys a workload (a manifest, a chart's values). */
export const onlyManifests = (c: CommitInfo): boolean => c.files.length > 0 && c.files.every((f) => DEPLOY_MANIFEST.test(f.path));

/** Unreleased manifest commits whose diffs are read at most. */
const UNRELEASED_MAX = 3;

/**
 * Commits in [from, to] that only changed deployment manifests and that no release shipped, newest first: a GitOps
 * controller applies such a merge within minutes, without a tag (src/rca/synced-commits.ts reads when from the logs).
 */
export function unreleasedManifests(bundle: History, from: number, to: number): CommitInfo[] {
  const deployments = bundle.deployments?.data ?? [];
  if (deployments.length === 0) return [];
  const released = new Set(deployments.flatMap((d) => d.commits.map((c) => c.sha)));
  return (bundle.commits?.data ?? [])
    .filter((c) => !released.has(c.sha) && Date.parse(c.time) >= from && Date.parse(c.time) <= to && onlyManifests(c))
    .sort((a, b) => Date.parse(b.time) - Date.parse(a.time));
}

/**
 * The commits whose diffs to read, at most `max`: those live in [from, to], newest first; with room left, unreleased
 * manifest changes of the same span, then older ones live since `manifestsFrom` that only changed deployment
 * manifests. A ceiling such a change set (a maximum of replicas) bites only when load reaches it, the next peak or
 * the day after, so its diff must be there to be named.
 */
export function pickCandidateCommits(bundle: History, from: number, to: number, max: number, manifestsFrom = from): string[] {
  const recent = changeCandidates(bundle, from, to).slice(0, max).map((c) => c.commit.sha);
  // The newest few: a sync that set the incident off follows its merge within minutes.
  const unreleased = unreleasedManifests(bundle, from, to).slice(0, UNRELEASED_MAX).map((c) => c.sha);
  const older = manifestsFrom < from ? changeCandidates(bundle, manifestsFrom, from - 1).filter((c) => onlyManifests(c.commit)).map((c) => c.commit.sha) : [];
  return [...new Set([...recent, ...unreleased, ...older])].slice(0, max);
}

// What an ACME renewal passes through: the ingress (and its controller) that serves the HTTP-01 challenge, the issuer,
// the certificate itself, a gateway in front.
const RENEWAL_PATH = /(^|\/)[^/]*(ingress|cert|issuer|acme|tls|gateway)[^/]*(\/|\.(ya?ml|json)$)/i;
// Configuration, not code: what an ingress, a proxy or an issuer is declared in.
const CONFIG_FILE = /\.(ya?ml|json|toml|conf|tf|tfvars)$/i;
/** Older commits whose diffs are read for a blocked renewal, at most. */
const RENEWAL_MAX = 2;

/**
 * Configuration commits older than `before` that touch what a certificate's renewal passes through, newest first: a
 * certificate renews a month before it expires, so the change that blocked its renewal is that old when it expires.
 */
export function renewalPathCommits(bundle: History, before: number): string[] {
  return (bundle.commits?.data ?? [])
    .filter((c) => Date.parse(c.time) < before && c.files.length > 0 && c.files.every((f) => CONFIG_FILE.test(f.path)) && c.files.some((f) => RENEWAL_PATH.test(f.path)))
    .sort((a, b) => Date.parse(b.time) - Date.parse(a.time))
    .slice(0, RENEWAL_MAX)
    .map((c) => c.sha);
}

// What a reverse proxy or load balancer is configured in: nginx's and HAProxy's files (`*.conf`, `haproxy.cfg`, a
// `conf.d/` or `sites-enabled/` folder), Envoy's and Traefik's YAML under a folder named for them.
const PROXY_CONFIG = /(^|\/)(nginx|haproxy|envoy|traefik|conf\.d|sites-(available|enabled))[^/]*(\/|\.(conf|cfg|ya?ml)$)|\.(conf|cfg)$/i;
/**
 * How far back proxy configuration commits are read: a load balancer's addresses stay put for hours to days and then
 * move (a scale-out, a node replaced), so a proxy that pinned them fails that long after its change. A week bounds it.
 */
export const PROXY_HISTORY_MS = 7 * 24 * 3_600_000;
/** Older proxy configuration commits whose diffs are read, at most. */
const PROXY_MAX = 2;

/**
 * Configuration commits in [since, before) that touch a proxy's configuration, newest first: how a proxy resolves its
 * upstreams (src/rca/resolve-once.ts) bites only when the upstream's addresses move, days after the change.
 */
export function proxyConfigCommits(bundle: History, since: number, before: number): string[] {
  return (bundle.commits?.data ?? [])
    .filter((c) => Date.parse(c.time) >= since && Date.parse(c.time) < before && c.files.length > 0 && c.files.some((f) => PROXY_CONFIG.test(f.path)))
    .sort((a, b) => Date.parse(b.time) - Date.parse(a.time))
    .slice(0, PROXY_MAX)
    .map((c) => c.sha);
}
