// bench:real --variant otel: a case's metrics as an OpenTelemetry collector's Prometheus exporter labels them
// (resource attributes `service.name`, `k8s.pod.name`, `k8s.namespace.name`, the job `<namespace>/<service>`).

/** Every `service` and `pod` label renamed to its OpenTelemetry attribute; the job added where a service is named. */
export function otelMetrics(om: string): string {
  return om.replace(/\{([^}]*)\}/g, (_all, body: string) => {
    const service = /(?:^|,)service="([^"]*)"/.exec(body)?.[1];
    const renamed = body.replace(/(^|,)service="/g, '$1service_name="').replace(/(^|,)pod="/g, '$1k8s_namespace_name="shop",k8s_pod_name="');
    return `{${renamed}${service !== undefined ? `,job="shop/${service}"` : ''}}`;
  });
}
