// Who wrote a Kubernetes container log file, read from its path: the kubelet names them
// /var/log/containers/<pod>_<namespace>_<container>-<container id>.log and
// /var/log/pods/<namespace>_<pod>_<pod uid>/<container>/<restart>.log. The service is the pod's workload (or its app).
import path from 'node:path';

export interface PodIdentity {
  pod: string;
  namespace: string;
  container: string;
  /** The workload the pod belongs to (Deployment, StatefulSet, DaemonSet, Job), from the pod's name. */
  service: string;
}

const DNS = '[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?';
const CONTAINERS_FILE = new RegExp(`^(${DNS})_(${DNS})_([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)-[0-9a-f]{64}\\.log(?:\\.[\\w.-]+)?$`);
const POD_DIR = new RegExp(`^(${DNS})_(${DNS})_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`);
const RESTART_FILE = /^\d+\.log(?:\.[\w.-]+)?$/;

// The alphabet Kubernetes uses for generated name suffixes (no vowels, no 0/1/3): a ReplicaSet's pod-template
// hash and a pod's random suffix are drawn from it, which tells `checkout-7d9f8b6c5-x2x9q` from `log-shipper`.
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
// Two generated parts after the name are a Deployment's pod even off the alphabet (hand-made and converted data do not
// always keep to it), as long as a digit shows they were generated: `home-timeline-redis` and `order-history-mongodb`
// end in two words of the right lengths and are names, not pods.
const DEPLOYMENT_POD = /^(.+)-(?=[a-z0-9]{6,10}-[a-z0-9]{5}$)(?=[a-z-]*\d)[a-z0-9]{6,10}-[a-z0-9]{5}$/;
const STATEFUL_POD = /^(.+)-\d{1,5}$/;
const GENERATED_POD = new RegExp(`^(.+)-${SAFE}{5}$`);
const JOB_POD = new RegExp(`^(.+)-\\d{8,10}-${SAFE}{5}$`);

// A Deployment's pod named strictly as Kubernetes generates it (both parts from its alphabet): specific enough to read
// a pod in a name that may be anything else (a log file's), where `user-profile-store` must stay whole.
const STRICT_DEPLOYMENT_POD = new RegExp(`^(.+)-${SAFE}{6,10}-${SAFE}{5}$`);

/** The workload of a name that is a Deployment's generated pod name, or null for any other name. */
export function deploymentOfPodName(name: string): string | null {
  return STRICT_DEPLOYMENT_POD.exec(name)?.[1] ?? null;
}

/** The workload name of a pod: `checkout-7d9f8b6c5-x2x9q` → checkout, `kafka-2` → kafka, `fluentd-x7k2p` → fluentd. */
export function workloadOf(pod: string): string {
  for (const re of [JOB_POD, STRICT_DEPLOYMENT_POD, DEPLOYMENT_POD, GENERATED_POD, STATEFUL_POD]) {
    const m = re.exec(pod);
    if (m) return m[1]!;
  }
  return pod;
}

// Container names that say only "the main process" (a chart's `server`, `app`): the workload names the service better.
const GENERIC_CONTAINERS = new Set(['app', 'application', 'main', 'server', 'service', 'api', 'web', 'worker', 'container']);

/**
 * The service of a pod's container. Helm charts name a Deployment and its pods `<release>-<app>` while the container,
 * its app label and its log file say `<app>` (`shop-catalog-api-7d9f8c6b5-x2k4q` runs `catalog-api`): when the
 * workload is the container's name behind a prefix, that prefix is the release and the container is the service.
 */
export function serviceOfPod(pod: string, container?: string): string {
  const workload = workloadOf(pod);
  if (!container || container.length < 3 || GENERIC_CONTAINERS.has(container)) return workload;
  return workload.endsWith(`-${container}`) ? container : workload;
}

/** The pod, namespace and container a log file belongs to, or null for a file outside the kubelet's layout. */
export function podIdentity(file: string): PodIdentity | null {
  const base = path.basename(file);
  const c = CONTAINERS_FILE.exec(base);
  if (c) return { pod: c[1]!, namespace: c[2]!, container: c[3]!, service: serviceOfPod(c[1]!, c[3]!) };
  if (!RESTART_FILE.test(base)) return null;
  const container = path.basename(path.dirname(file));
  const p = POD_DIR.exec(path.basename(path.dirname(path.dirname(file))));
  if (!p) return null;
  return { pod: p[2]!, namespace: p[1]!, container, service: serviceOfPod(p[2]!, container) };
}

/** list_sources' additions for a container log: the runtime's wrapper and, by the file's path, its pod. */
export function containerFacts(info: { file: string; format: string }): { runtime_format?: 'cri' | 'docker'; kubernetes?: PodIdentity } {
  const wrapper = /^(cri|docker):/.exec(info.format)?.[1] as 'cri' | 'docker' | undefined;
  const id = podIdentity(info.file);
  return { ...(wrapper ? { runtime_format: wrapper } : {}), ...(id ? { kubernetes: id } : {}) };
}
