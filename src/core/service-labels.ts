// The service a metric series or an alert is about, read from its labels: the one reading the localizer, the
// analyzers and the alert intake share, so a label convention learnt once holds everywhere.
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
