// What a metric series' labels say: the service it (or an alert) is about, and the label carrying a response status;
// one reading for the metrics source, the localizer, the analyzers and the alert intake, learnt once, held everywhere.
import { serviceOfPod } from './logs/kubernetes.js';

/**
 * Labels that name the application itself, most explicit first: Prometheus and Kubernetes conventions, and
 * OpenTelemetry's resource attributes as its Prometheus exporters write them (`service_name`, `k8s_deployment_name`).
 */
export const APP_LABELS = ['service', 'service_name', 'app', 'application', 'app_kubernetes_io_name', 'k8s_deployment_name', 'deployment', 'component'];
/** Labels naming the pod a series was scraped from (Kubernetes, older cAdvisor, Prometheus' pod discovery, OpenTelemetry). */
export const POD_LABELS = ['pod', 'pod_name', 'kubernetes_pod_name', 'k8s_pod_name'];
/** Labels naming the container (cAdvisor before Kubernetes 1.16 wrote `container_name`). */
export const CONTAINER_LABELS = ['container', 'container_name', 'k8s_container_name'];
/** Kubernetes' pause container ("POD") and cAdvisor's pod-level rows ("") hold the pod's namespaces: nobody's service. */
const NO_CONTAINER = new Set(['', 'POD']);

/**
 * Prometheus jobs that name a scraper or a service-discovery role rather than an application: the example
 * configuration's Kubernetes roles (`kubernetes-pods`, `kubernetes-service-endpoints`, `kubernetes-nodes-cadvisor`...)
 * and the standard infrastructure exporters. Their `up` and series are about whatever target they discovered.
 */
const DISCOVERY_JOB = /^(kubernetes-[a-z-]+|kubelet|cadvisor|kube-state-metrics|node-exporter|prometheus-node-exporter)$/;

/** Whether a scrape job is a discovery role or infrastructure exporter (see DISCOVERY_JOB), not a service. */
export function isDiscoveryJob(job: string): boolean {
  return DISCOVERY_JOB.test(job.toLowerCase());
}

/**
 * A label that names the app; else the workload of its pod (a container's name is often generic: Online Boutique
 * names every app container `server`, and a sidecar is not the service) or the app a Helm release prefixes it with;
 * else the container; else the scrape job (last: on Kubernetes it often names the scraper, `kubelet` or
 * `kubernetes-pods`, not the app, and then it names nothing). Null when none is set.
 */
export function serviceFromLabels(labels: Record<string, string>): string | null {
  for (const k of APP_LABELS) if (labels[k]) return labels[k]!;
  const pod = podOf(labels);
  const container = containerOf(labels);
  const named = container !== undefined && !NO_CONTAINER.has(container) ? container : undefined;
  if (pod) return serviceOfPod(pod, named);
  if (named) return named;
  return labels.job && !isDiscoveryJob(labels.job) ? serviceOfJob(labels.job) || null : null;
}

/** A scrape job's service: OpenTelemetry's exporters write `service.namespace/service.name` as the job. */
export function serviceOfJob(job: string): string {
  return job.slice(job.lastIndexOf('/') + 1);
}

/** The pod a series was scraped from, under whichever label its collector names it; undefined when none. */
export function podOf(labels: Record<string, string>): string | undefined {
  for (const k of POD_LABELS) if (labels[k]) return labels[k];
  return undefined;
}

/** The container of a series (possibly '' or 'POD' for cAdvisor's pod-level rows); undefined when none is named. */
export function containerOf(labels: Record<string, string>): string | undefined {
  for (const k of CONTAINER_LABELS) if (labels[k] !== undefined) return labels[k];
  return undefined;
}

/** Labels that carry a response status (Prometheus client libraries, Micrometer, Istio, Envoy, OpenTelemetry). */
export const STATUS_LABELS = ['code', 'status', 'status_code', 'http_status', 'http_status_code', 'response_code', 'grpc_code', 'http_response_status_code'];

/** The node a node-level series describes (node_exporter's `instance`, a `node` label), without its port. */
export function nodeOf(labels: Record<string, string>): string {
  return (labels.node ?? labels.nodename ?? labels.host ?? labels.instance ?? 'a node').replace(/:\d+$/, '');
}
