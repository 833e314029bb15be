// What a metric series' labels say: the service it (or an alert) is about, and the label carrying a response status;
// one reading for the metrics source, the localizer, the analyzers and the alert intake, learnt once, held everywhere.
import { workloadOf } from './logs/kubernetes.js';

/** Labels that name the application itself (Prometheus and Kubernetes conventions), most explicit first. */
const APP_LABELS = ['service', 'app', 'application', 'app_kubernetes_io_name', 'deployment', 'component'];
/** Kubernetes' pause container ("POD") and cAdvisor's pod-level rows ("") hold the pod's namespaces: nobody's service. */
const NO_CONTAINER = new Set(['', 'POD']);

/**
 * A label that names the app; else the workload of its pod (a container's name is often generic: Online Boutique
 * names every app container `server`, and a sidecar is not the service); else the container; else the scrape job
 * (last: on Kubernetes it names the scraper, `kubelet` or `kubernetes-pods`, not the app). Null when none is set.
 */
export function serviceFromLabels(labels: Record<string, string>): string | null {
  for (const k of APP_LABELS) if (labels[k]) return labels[k]!;
  if (labels.pod) return workloadOf(labels.pod);
  if (labels.container !== undefined && !NO_CONTAINER.has(labels.container)) return labels.container;
  return labels.job || null;
}

/** Labels that carry a response status (Prometheus client libraries, Micrometer, Istio, Envoy, OpenTelemetry). */
export const STATUS_LABELS = ['code', 'status', 'status_code', 'http_status', 'http_status_code', 'response_code', 'grpc_code', 'http_response_status_code'];
