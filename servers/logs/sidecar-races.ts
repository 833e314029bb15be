// Apps that connect out before their mesh sidecar is ready: a proxy's start and ready lines (Istio's pilot-agent,
// Linkerd) paired per proxy log, and the app's own connection failures that fall between them. request_flows reports it.
import { redact } from '../../src/core/redact.js';

/** Per app whose pods a proxy log starts sidecars for: how many of its connection failures came before its proxy was ready. */
export interface SidecarRace {
  /** The app (the service whose pods the sidecars belong to, by the pod names the proxy logs). */
  service: string;
  /** The proxy log's service (istio-proxy, linkerd-proxy). */
  proxy: string | null;
  /** The pods' namespace, when the proxy's start line names it (Istio's `id=<pod>.<namespace>`). */
  namespace?: string;
  /** Sidecar starts of the app's pods paired with a ready line. */
  starts: number;
  /** Of those, the starts the app failed to connect out between the start and the ready line. */
  raced: number;
  /** Starts before the first raced one whose pod made no early failure (the pods connected fine before). */
  clean_before: number;
  /** The app's connection failures (refused, reset) in the window, and those before its proxy was ready. */
  failures: number;
  early: number;
  /** The first and last early failure. */
  first: string;
  last: string;
  /** The first early failure's line, redacted and cut to 240 characters. */
  example: string;
}

/**
 * A sidecar's start naming its pod: Istio's pilot-agent logs `Proxy role  ips=[…] type=sidecar id=<pod>.<namespace>`
 * (older ones `ID:<pod>.<namespace>`) and may carry `pod=<pod>`; Linkerd's proxy logs its release on start and its pod
 * only through the collector's fields (not read here: a start without a pod name is not paired with an app).
 */
const START = /\b(?:Proxy role\b.*?\b(?:id=|ID:)([a-z0-9][a-z0-9-]{0,252})\.([a-z0-9][a-z0-9-]{0,62})\b|Version \d+\.\d+\.\d+\S*\s.*?\bpod=([a-z0-9][a-z0-9-]{0,252}))/;
/** A sidecar's ready line (no pod name): Istio's `Envoy proxy is ready`, linkerd-await's `proxy ready`. */
const READY = /\bEnvoy proxy is ready\b|\bproxy (?:is )?ready\b/i;
/**
 * An app's outbound connection refused or reset: what a client gets while its pod's traffic is redirected to a proxy
 * that does not listen yet (iptables sends it to Envoy's port 15001; nothing accepts, so the kernel refuses or resets).
 */
const FAILURE = /\bConnection refused\b|\bECONNREFUSED\b|\bconnection reset by peer\b|\bECONNRESET\b|\bConnection reset\b/i;
/** A proxy gets ready in seconds (certificates, first config); a start unanswered this long lost its line or its pod. */
const MAX_STARTUP_MS = 60_000;
/** An app's first outbound connections come within seconds of its start: a failure later than this is not a start race. */
const EARLY_MS = 30_000;
/** Bounds memory on huge logs: lines kept per proxy log or app. */
const MAX_KEPT = 20_000;
const MAX_OUT = 10;

interface Start {
  time: number;
  pod: string;
  namespace?: string;
}

/** Start, ready and failure lines gathered as the scan goes (files in any order), paired once all are read. */
export class SidecarRaceLog {
  private readonly starts = new Map<string, Start[]>();
  private readonly readies = new Map<string, number[]>();
  private readonly failures = new Map<string, Array<{ time: number; line: string }>>();

  add(time: number, service: string | null, message: string): void {
    const line = message.split('\n', 1)[0]!;
    const proxy = service ?? '';
    const s = START.exec(line);
    if (s) return push(this.starts, proxy, { time, pod: (s[1] ?? s[3])!, ...(s[2] ? { namespace: s[2] } : {}) });
    if (READY.test(line)) return push(this.readies, proxy, time);
    if (service && FAILURE.test(message)) push(this.failures, service, { time, line });
  }

  result(): SidecarRace[] {
    const apps = [...this.failures.keys()];
    const out: SidecarRace[] = [];
    for (const [proxy, starts] of this.starts) {
      const windows = paired(firstPerPod(starts), this.readies.get(proxy) ?? []);
      for (const app of apps) {
        if (app === proxy) continue;
        const own = windows.filter((w) => ownerOf(w.pod, apps) === app);
        if (own.length === 0) continue;
        const fails = [...this.failures.get(app)!].sort((a, b) => a.time - b.time);
        const early = fails.filter((f) => own.some((w) => f.time >= w.time && f.time < w.ready && f.time - w.time <= EARLY_MS));
        if (early.length === 0) continue;
        const raced = own.filter((w) => early.some((f) => f.time >= w.time && f.time < w.ready));
        const firstRace = raced[0]!.time;
        const namespace = own.find((w) => w.namespace)?.namespace;
        out.push({
          service: app,
          proxy: proxy || null,
          ...(namespace ? { namespace } : {}),
          starts: own.length,
          raced: raced.length,
          clean_before: own.filter((w) => w.time < firstRace && !raced.includes(w)).length,
          failures: fails.length,
          early: early.length,
          first: new Date(early[0]!.time).toISOString(),
          last: new Date(early[early.length - 1]!.time).toISOString(),
          example: redact(early[0]!.line.slice(0, 240)),
        });
      }
    }
    return out.sort((a, b) => b.early - a.early || a.service.localeCompare(b.service)).slice(0, MAX_OUT);
  }
}

function push<T>(m: Map<string, T[]>, key: string, v: T): void {
  const xs = m.get(key) ?? [];
  if (xs.length < MAX_KEPT) xs.push(v);
  m.set(key, xs);
}

/** One start per pod (Istio logs its pod on two start lines): the earliest, with the namespace either names. */
function firstPerPod(starts: Start[]): Start[] {
  const byPod = new Map<string, Start>();
  for (const s of starts) {
    const had = byPod.get(s.pod);
    const namespace = s.namespace ?? had?.namespace;
    byPod.set(s.pod, { ...(had && had.time <= s.time ? had : s), ...(namespace ? { namespace } : {}) });
  }
  return [...byPod.values()].sort((a, b) => a.time - b.time);
}

/**
 * Each start with the ready line that answers it, first come first answered: the ready lines name no pod, and proxies
 * of one image on one node take about as long to get ready, so they answer in the order they started. A ready line with
 * no start waiting is another pod's (its start line fell outside the window); a start unanswered for a minute is dropped.
 */
export function paired(starts: readonly Start[], readies: readonly number[]): Array<Start & { ready: number }> {
  const rs = [...readies].sort((a, b) => a - b);
  const waiting: Start[] = [];
  const out: Array<Start & { ready: number }> = [];
  let i = 0;
  for (const r of rs) {
    while (i < starts.length && starts[i]!.time <= r) waiting.push(starts[i++]!);
    while (waiting.length && r - waiting[0]!.time > MAX_STARTUP_MS) waiting.shift();
    const s = waiting.shift();
    if (s) out.push({ ...s, ready: r });
  }
  return out;
}

/** The app a pod belongs to: the longest service name the pod's name starts with (a Deployment's or Job's pods are `<name>-<suffix>`). */
function ownerOf(pod: string, apps: readonly string[]): string | null {
  let best: string | null = null;
  for (const a of apps) if (pod.startsWith(`${a}-`) && (!best || a.length > best.length)) best = a;
  return best;
}
