// Several containers' logs in one stream, each line prefixed with its source: `docker compose logs`
// (`checkout-1  | <line>`) and `kubectl logs --prefix` (`[pod/checkout-7d9f8b6c5-x2x9q/server] <line>`). The prefix
// is peeled off like a runtime's framing and names the line's service; the app's own format underneath is parsed.
import { workloadOf } from './kubernetes.js';
import { levelWord } from './levels.js';

export interface Prefixed {
  /** The service the prefix names (a Compose service without its replica number, a pod's workload). */
  source: string;
  /** The app's line after the prefix. */
  text: string;
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
  return m ? { source: workloadOf(m[1]!), text: m[3] ?? '' } : null;
}
