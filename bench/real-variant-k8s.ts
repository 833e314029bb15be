// bench:real --variant k8s / k8s-held: a case's metrics as cAdvisor, kube-state-metrics and app exporters would give
// them (CPU as a seconds counter, no `service` label, other latency names, 15/30 s scrapes, linear or held between the
// source's minute samples) and its logs as CRI container files.
import { createHash } from 'node:crypto';

interface Sample {
  labels: Record<string, string>;
  points: Array<[number, number]>; // unix seconds, value
}

/** Scrape interval per system: both are common; the engine must not assume one sample a minute. */
const STEP: Record<string, number> = { ts: 15, hipster: 30 };
const NAMESPACE: Record<string, string> = { ts: 'train-ticket', hipster: 'boutique' };
const hex = (s: string, n: number) => createHash('sha256').update(s).digest('hex').slice(0, n);
const unit = (s: string) => createHash('sha256').update(s).digest().readUInt32BE(0) / 2 ** 32;

function parse(om: string): Map<string, Sample[]> {
  const out = new Map<string, Map<string, Sample>>();
  for (const line of om.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})?\s+(\S+)\s+(\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)) labels[l[1]!] = l[2]!;
    const byKey = out.get(m[1]!) ?? new Map<string, Sample>();
    const key = JSON.stringify(labels);
    const s = byKey.get(key) ?? { labels, points: [] };
    s.points.push([Number(m[4]), Number(m[3])]);
    byKey.set(key, s);
    out.set(m[1]!, byKey);
  }
  return new Map([...out].map(([k, v]) => [k, [...v.values()].map((s) => ({ ...s, points: s.points.sort((a, b) => a[0] - b[0]) }))]));
}

/**
 * How the scraper's samples fall between the source's minute samples. `linear`: a gauge that moves continuously (a
 * working set, a CPU rate cAdvisor computes from its own counter) read linearly between them. `held`: an exporter that
 * refreshes its values once a minute (a p90 computed per minute, a rate over the last minute), each value held until
 * the next one, as every scrape in that minute sees it. Both exist; the engine must read either.
 */
export type K8sSampling = 'linear' | 'held';

/** The samples a scraper at `step` seconds would have taken of the source's minute samples (see K8sSampling). */
function resample(points: Array<[number, number]>, step: number, sampling: K8sSampling): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  if (points.length === 0) return out;
  let i = 0;
  // Through the last sample's own minute: the source's times jitter by a second, and a grid that stopped at its last
  // sample dropped the minute an incident ends on. Held, the last value is what every scrape in its minute sees;
  // linear has nothing to read towards after it, so only the first scrape at or after it is kept.
  const end = points[points.length - 1]![0];
  const interval = points.length > 1 ? (end - points[0]![0]) / (points.length - 1) : step;
  const until = sampling === 'held' ? end + Math.min(60, interval) : end + step;
  for (let t = points[0]![0]; t < until; t += step) {
    while (i + 1 < points.length && points[i + 1]![0] <= t) i++;
    const [t0, v0] = points[i]!;
    const next = points[i + 1];
    out.push([t, sampling === 'held' || !next || t === t0 ? v0 : v0 + ((next[1] - v0) * (t - t0)) / (next[0] - t0)]);
  }
  return out;
}

/**
 * A per-second rate as the cumulative counter an exporter reports, starting from where a long-running process is: a
 * linear rate adds its trapezoids, a held one its steps, so the counter's rate over any stretch is the rate sampled.
 */
function integrate(rate: Array<[number, number]>, start: number, sampling: K8sSampling): Array<[number, number]> {
  let total = start;
  return rate.map(([t, v], i) => {
    if (i > 0) total += (sampling === 'held' ? rate[i - 1]![1] : (rate[i - 1]![1] + v) / 2) * (t - rate[i - 1]![0]);
    return [t, total];
  });
}

interface Out {
  type: 'gauge' | 'counter';
  help: string;
  samples: Sample[];
}

/** The case's metrics in Kubernetes conventions (see the module header); names of the original are all gone. */
export function k8sMetrics(om: string, system: string, sampling: K8sSampling = 'linear'): string {
  const src = parse(om);
  const step = STEP[system] ?? 15;
  const namespace = NAMESPACE[system] ?? 'default';
  const container = (svc: string) => containerName(svc, system);
  const podOf = (s: Sample) => s.labels.pod ?? '';
  const svcOf = (s: Sample) => s.labels.service ?? '';
  const cadvisor = (s: Sample) => ({ namespace, pod: podOf(s), container: container(svcOf(s)), job: 'kubelet', metrics_path: '/metrics/cadvisor' });
  const app = (s: Sample) => ({ namespace, pod: podOf(s), container: container(svcOf(s)), job: 'kubernetes-pods' });
  const out = new Map<string, Out>();
  const add = (name: string, type: Out['type'], help: string, samples: Sample[]) => out.set(name, { type, help, samples: [...(out.get(name)?.samples ?? []), ...samples] });
  const cpuLimit = (s: Sample) => [0.5, 1, 2][Math.floor(unit(`${podOf(s)}/cpu`) * 3)]!;
  const each = (name: string) => src.get(name) ?? [];

  add('container_cpu_usage_seconds', 'counter', 'Cumulative cpu time consumed in seconds', each('pod_cpu_usage_percent').map((s) => ({
    labels: { ...cadvisor(s), cpu: 'total' },
    points: integrate(resample(s.points, step, sampling).map(([t, v]) => [t, (v / 100) * cpuLimit(s)]), Math.round(50_000 * unit(`${podOf(s)}/start`)), sampling),
  })));
  add('container_memory_working_set_bytes', 'gauge', 'Current working set in bytes', each('pod_memory_usage_bytes').map((s) => ({ labels: cadvisor(s), points: resample(s.points, step, sampling) })));
  const limits: Sample[] = [];
  for (const s of each('pod_cpu_usage_percent')) limits.push({ labels: { namespace, pod: podOf(s), container: container(svcOf(s)), job: 'kube-state-metrics', resource: 'cpu', unit: 'core' }, points: resample(s.points, step, sampling).map(([t]) => [t, cpuLimit(s)]) });
  for (const s of each('pod_memory_usage_bytes')) {
    const pct = each('pod_memory_usage_percent').find((p) => podOf(p) === podOf(s));
    const ratio = pct?.points.map(([t, v]) => (v > 0 ? (s.points.find(([u]) => u === t)?.[1] ?? 0) / (v / 100) : 0)).filter((x) => x > 0) ?? [];
    if (ratio.length === 0) continue;
    const bytes = Math.round(ratio.sort((a, b) => a - b)[Math.floor(ratio.length / 2)]! / 1_048_576) * 1_048_576;
    limits.push({ labels: { namespace, pod: podOf(s), container: container(svcOf(s)), job: 'kube-state-metrics', resource: 'memory', unit: 'byte' }, points: resample(s.points, step, sampling).map(([t]) => [t, bytes]) });
  }
  add('kube_pod_container_resource_limits', 'gauge', 'The number of requested limit resource by a container', limits);
  add('http_server_request_duration_seconds_p90', 'gauge', 'p90 of the duration of HTTP requests served', each('pod_server_latency_p90_seconds').map((s) => ({ labels: app(s), points: resample(s.points, step, sampling) })));
  add('http_client_request_duration_seconds_p90', 'gauge', 'p90 of the duration of outgoing HTTP requests', each('pod_client_latency_p90_seconds').map((s) => ({ labels: app(s), points: resample(s.points, step, sampling) })));
  add('http_server_requests', 'counter', 'HTTP requests served', each('pod_workload_ops_per_second').map((s) => ({ labels: app(s), points: integrate(resample(s.points, step, sampling), 0, sampling) })));
  for (const [from, to] of [['pod_network_receive_bytes_per_second', 'container_network_receive_bytes'], ['pod_network_transmit_bytes_per_second', 'container_network_transmit_bytes']] as const) {
    // cAdvisor counts network per pod (the pause container's namespace): no container label.
    add(to, 'counter', 'Cumulative count of bytes', each(from).map((s) => ({ labels: { namespace, pod: podOf(s), interface: 'eth0', job: 'kubelet', metrics_path: '/metrics/cadvisor' }, points: integrate(resample(s.points, step, sampling), Math.round(1e9 * unit(`${podOf(s)}/${to}`)), sampling) })));
  }
  // The front end's latency at the edge: a summary with quantile labels, named for the app (`app`, not `service`).
  for (const [from, q] of [['entry_latency_p90_seconds', '0.9'], ['entry_latency_p99_seconds', '0.99']] as const) {
    add('edge_request_duration_seconds', 'gauge', 'Latency of requests at the edge', each(from).map((s) => ({ labels: { namespace, ...(s.labels.service ? { app: s.labels.service } : {}), quantile: q }, points: resample(s.points, step, sampling) })));
  }
  for (const s of each('http_requests_total')) {
    const pod = [...each('pod_cpu_usage_percent')].map(podOf).find((p) => p.startsWith(`${svcOf(s)}-`)) ?? '';
    add('http_server_responses', 'counter', 'HTTP responses by status code', [{ labels: { namespace, pod, container: container(svcOf(s)), job: 'kubernetes-pods', code: s.labels.code ?? '' }, points: resample(s.points, step, sampling) }]);
  }
  const lines: string[] = [];
  for (const [name, o] of out) {
    if (o.samples.length === 0) continue;
    lines.push(`# TYPE ${name} ${o.type}`, `# HELP ${name} ${o.help}`);
    const suffix = o.type === 'counter' ? '_total' : '';
    for (const s of o.samples) {
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${v}"`).join(',');
      for (const [t, v] of s.points) lines.push(`${name}${suffix}${labels ? `{${labels}}` : ''} ${Number(v.toPrecision(10))} ${t}`);
    }
  }
  return lines.join('\n') + '\n# EOF\n';
}

/**
 * The container's name in its pod spec: Online Boutique's manifests name every app container `server` (the service is
 * the pod's workload, not its container); TrainTicket's name it after the service.
 */
function containerName(svc: string, system: string): string {
  if (system !== 'hipster') return svc;
  return svc.startsWith('redis') ? 'redis' : 'server';
}

/**
 * The case's logs as the kubelet writes them: /var/log/containers/<pod>_<namespace>_<container>-<id>.log, each line in
 * CRI framing around the app's JSON line (time, level, logger, message, trace and span ids as fields, not in the text).
 */
export function k8sLogs(logs: Array<[string, string]>, om: string, system: string): Array<[string, string]> {
  const namespace = NAMESPACE[system] ?? 'default';
  const pods = new Map<string, string>();
  for (const m of om.matchAll(/service="([^"]+)",pod="([^"]+)"/g)) pods.set(m[1]!, m[2]!);
  const out: Array<[string, string]> = [];
  for (const [file, text] of logs) {
    const svc = file.replace(/\.log$/, '');
    const pod = pods.get(svc) ?? `${svc}-${hex(svc, 9).replace(/[aeiou013]/g, 'b')}-bcdfg`;
    const container = containerName(svc, system);
    const lines: string[] = [];
    for (const line of text.split('\n')) {
      const m = /^(\S+)\s+([A-Z]+)\s+\[[^\]]+\]\s+(\S+?)(?:#(\d+))?\s+TraceID:\s*(\S+)\s+SpanID:\s*(\S+)\s?(.*)$/.exec(line);
      if (!m) continue;
      const [, time, level, logger, lineNo, trace, span, msg] = m;
      const rec = { ts: time!.replace(/(\.\d{3})\d*Z$/, '$1Z'), level: level!.toLowerCase(), logger, ...(lineNo ? { line: Number(lineNo) } : {}), msg, trace_id: trace, span_id: span };
      const nanos = time!.replace(/(\.\d+)?Z$/, (_a, f: string | undefined) => `${((f ?? '.').slice(1) + '000000000').slice(0, 9).replace(/^/, '.')}Z`);
      lines.push(`${nanos} stdout F ${JSON.stringify(rec)}`);
    }
    out.push([`${pod}_${namespace}_${container}-${hex(`${pod}/container`, 64)}.log`, lines.join('\n') + '\n']);
  }
  return out;
}
