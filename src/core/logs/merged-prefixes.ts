// Several containers' logs in one stream, each line prefixed with its source: `docker compose logs`
// (`checkout-1  | <line>`) and `kubectl logs --prefix [--timestamps]` (`[pod/checkout-7d9f8b6c5-x2x9q/server] <line>`).
// The prefix is peeled off like a runtime's framing and names the line's service; the app's own format underneath is parsed.
import { serviceOfPod } from './kubernetes.js';
import { levelWord } from './levels.js';
import { parseIsoLike } from './timestamps.js';

export interface Prefixed {
  /** The service the prefix names (a Compose service without its replica number, a pod's workload). */
  source: string;
  /** The app's line after the prefix. */
  text: string;
  /** What else the prefix says of the line's writer (kubectl's pod and container). */
  fields?: Record<string, string>;
}

// Compose v2 `<service>-<n>  | `, v1 `<project>_<service>_<n>  | `: a name, the padding, a bar, one space.
const COMPOSE = /^([A-Za-z0-9][\w.-]{0,120}?)(?:([-_])\d{1,4})? +\|(?: (.*))?$/;

export function unprefixCompose(line: string): Prefixed | null {
  const bar = line.indexOf(' |');
  if (bar < 1 || bar > 160) return null;
  const m = COMPOSE.exec(line);
  // `INFO | msg` and `12 | msg` are a log's own columns, not a container's name.
  if (!m || levelWord(m[1]!) !== null || /^\d+$/.test(m[1]!)) return null;
  // Compose v1 keeps only letters and digits of the project's name, so its first `_` ends the project.
  const cut = m[2] === '_' ? m[1]!.indexOf('_') : -1;
  return { source: cut > 0 ? m[1]!.slice(cut + 1) : m[1]!, text: m[3] ?? '' };
}

// `[pod/<pod>/<container>] `, as `kubectl logs --prefix` (and `--all-containers`) prints it.
const KUBECTL = /^\[pod\/([a-z0-9][a-z0-9.-]{0,252})\/([a-z0-9][a-z0-9-]{0,62})\](?: (.*))?$/;

export function unprefixKubectl(line: string): Prefixed | null {
  if (!line.startsWith('[pod/')) return null;
  const m = KUBECTL.exec(line);
  return m ? { source: serviceOfPod(m[1]!, m[2]!), text: m[3] ?? '', fields: { pod: m[1]!, container: m[2]! } } : null;
}

// `kubectl logs --timestamps`: the runtime's receive time before the container's line, RFC 3339 with nanoseconds
// (Go's RFC3339Nano, trailing zeros trimmed).
const STAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.(\d{1,9}))?(?:Z|[+-]\d{2}:\d{2})) /;

/** The leading RFC 3339 time of a container's line and the line after it, or null. */
export function peelStamp(text: string): { time: number; text: string; nanos: boolean } | null {
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(10) !== 84) return null;
  const m = STAMP.exec(text);
  const time = m ? parseIsoLike(m[1]!) : null;
  return time === null ? null : { time, text: text.slice(m![0].length), nanos: (m![2]?.length ?? 0) > 6 };
}
