// Container runtime log files: CRI (`<RFC3339Nano> stdout F <line>`, containerd/CRI-O) and Docker's json-file
// (`{"log":"<line>\n","stream":"stderr","time":"..."}`), and merged streams whose lines name their container
// (merged-prefixes.ts). The wrapper is peeled off each line and the app's own format underneath is detected and
// parsed as usual, so stack traces still join their entry.
import { peelStamp, unprefixCompose, unprefixKubectl, type Prefixed } from './merged-prefixes.js';
import { parseIsoLike } from './timestamps.js';

/** `kubectl-ts`: `kubectl logs --prefix --timestamps`, the runtime's time between the prefix and the container's line. */
export type ContainerWrapper = 'cri' | 'docker' | 'compose' | 'kubectl' | 'kubectl-ts';

export interface Unwrapped {
  /** The runtime's receive time of the line (used when the app's line carries none). */
  time: number | null;
  stream: 'stdout' | 'stderr';
  /** The app's line, without the runtime's framing and trailing newline. */
  text: string;
  /** The service a merged stream's prefix names for the line. */
  source?: string;
  /** The writer's identity the prefix gives (a pod and container), added to the line's fields. */
  fields?: Record<string, string>;
}

// `2026-03-01T10:00:00.123456789Z stdout F message` (F: full line, P: partial, continued by the next record).
const CRI = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) (stdout|stderr) ([FP])(?: (.*))?$/;

export function unwrapCri(line: string): Unwrapped | null {
  if (line.charCodeAt(4) !== 45) return null;
  const m = CRI.exec(line);
  if (!m) return null;
  return { time: parseIsoLike(m[1]!), stream: m[2] as Unwrapped['stream'], text: m[4] ?? '' };
}

// Docker writes exactly these three keys in this order; anything else is an app's own JSON line.
const DOCKER_HEAD = '{"log":"';

export function unwrapDocker(line: string): Unwrapped | null {
  if (!line.startsWith(DOCKER_HEAD)) return null;
  let rec: unknown;
  try {
    rec = JSON.parse(line);
  } catch {
    return null;
  }
  if (!rec || typeof rec !== 'object') return null;
  const { log, stream, time } = rec as { log?: unknown; stream?: unknown; time?: unknown };
  if (typeof log !== 'string' || (stream !== 'stdout' && stream !== 'stderr')) return null;
  return { time: typeof time === 'string' ? parseIsoLike(time) : null, stream, text: log.replace(/\r?\n$/, '') };
}

/** A merged stream's prefix as a wrapper: no time of its own, the service it names kept for the line. */
function prefixed(unprefix: (line: string) => Prefixed | null): (line: string) => Unwrapped | null {
  return (line) => {
    const p = unprefix(line);
    return p && { time: null, stream: 'stdout', text: p.text, source: p.source, ...(p.fields ? { fields: p.fields } : {}) };
  };
}

/** kubectl's prefix and then its --timestamps time, which dates the line as a runtime's does. */
function kubectlStamped(line: string): Unwrapped | null {
  const p = unprefixKubectl(line);
  if (!p) return null;
  const s = peelStamp(p.text);
  return { time: s?.time ?? null, stream: 'stdout', text: s ? s.text : p.text, source: p.source, ...(p.fields ? { fields: p.fields } : {}) };
}

export const UNWRAP: Record<ContainerWrapper, (line: string) => Unwrapped | null> = {
  cri: unwrapCri,
  docker: unwrapDocker,
  compose: prefixed(unprefixCompose),
  kubectl: prefixed(unprefixKubectl),
  'kubectl-ts': kubectlStamped,
};

/**
 * The wrapper most of the sample lines carry (at least 80 % of the non-empty ones), with the app's lines
 * underneath for detecting their own format; null for files that are not container runtime logs.
 */
export function detectWrapper(sample: string[]): { wrapper: ContainerWrapper; inner: string[] } | null {
  const lines = sample.filter((l) => l.trim().length > 0);
  if (lines.length === 0) return null;
  for (const wrapper of ['cri', 'docker', 'kubectl', 'compose'] as const) {
    const inner: string[] = [];
    for (const l of lines) {
      const u = UNWRAP[wrapper](l);
      if (u) inner.push(u.text);
    }
    if (inner.length >= lines.length * 0.8) return wrapper === 'kubectl' ? withTimestamps(inner) : { wrapper, inner };
  }
  return null;
}

/**
 * A kubectl stream whose lines mostly start with a nanosecond RFC 3339 time carries `--timestamps`: the runtime's, not
 * the app's (apps rarely write past microseconds), so it is peeled and the container's own line below it is read as its
 * format (a stack frame or .NET's indented message under its head then continues its entry, as in the app's stream).
 */
function withTimestamps(inner: string[]): { wrapper: ContainerWrapper; inner: string[] } {
  const peeled: string[] = [];
  let nanos = 0;
  for (const text of inner) {
    const s = peelStamp(text);
    if (!s) continue;
    peeled.push(s.text);
    if (s.nanos) nanos++;
  }
  return peeled.length >= inner.length * 0.8 && nanos * 2 > peeled.length ? { wrapper: 'kubectl-ts', inner: peeled } : { wrapper: 'kubectl', inner };
}
