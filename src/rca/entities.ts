// Names of other systems an error mentions: known services and label values, host names, URLs, host:port pairs and
// dashed names after "to/from/upstream": where a dependency failure points (a unix socket's path or a source location
// such as Go's `google.golang.org/grpc@v1.44.0/clientconn.go:1331` or a Java package names none).

import { workloadOf } from '../core/logs/kubernetes.js';

const FILE_EXT = /\.(js|mjs|cjs|ts|tsx|jsx|py|pyc|java|kt|go|rb|rs|php|cs|cpp|c|h|log|json|ya?ml|toml|xml|html|css|md|txt|sql|sh|so|jar|class|gz|lock|ini|cfg|conf|pem|crt|key)$/i;

const HOST = /\b([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+)(?::\d{2,5})?\b/gi;
const URL_HOST = /\b[a-z][a-z0-9+.-]*:\/\/(?:[^\s/@]+@)?([a-z0-9.-]+)/gi;
const AFTER_WORD =
  /\b(?:to|from|for|upstream|downstream|calling|call|contacting|reach|reaching|backend|dependency|via|host|peer)\s+["'`(]?([a-z][a-z0-9]*(?:[-_][a-z0-9]+)+)/gi;

/** After these cue words even a plain word is a system's name ("upstream inventory returned 503"). */
const STRONG_CUE = /\b(?:upstream|downstream|dependency|backend|ENOTFOUND|EAI_AGAIN|calling|contacting|lookup|resolve|resolving)\s+["'`(]?([a-z][a-z0-9_-]{2,})/gi;
/**
 * name:port without dots ("redis:6379", "kafka-1:9092"). A name followed by two numbers is a stack frame's module, line
 * and column (Node's `(node:net:1555:16)`, `internal/process:84:21`): the runtime's own code, no system it calls.
 */
const NAME_PORT = /(?<![\w./:-])([a-z][a-z0-9-]{2,}):(\d{2,5})\b(?!:\d)/gi;
// Also the words proxies put after "upstream" (Envoy's "upstream connect error or disconnect/reset before headers").
const COMMON_WORDS = new Set(['the', 'and', 'request', 'requests', 'service', 'server', 'returned', 'error', 'errors', 'failed', 'timeout', 'timed', 'call', 'calls', 'connection', 'response', 'status', 'http', 'https', 'with', 'from', 'for', 'api', 'host', 'was', 'is', 'are', 'has', 'had', 'not', 'unavailable', 'connect', 'disconnect', 'reset', 'closed', 'refused', 'read', 'write', 'send', 'failure', 'overflow', 'retry', 'max', 'headers', 'prematurely', 'sent', 'responded', 'cluster', 'health', 'unhealthy', 'rq', 'per', 'try']);

/** Transport and application protocols: words that appear beside an address, never a system's own name. */
const PROTOCOL = /^(tcp[46]?|udp[46]?|ip|ipv[46]|icmp|http[s23]?|h2c?|grpcs?|quic|tls|ssl|ws|wss|unix)$/;

const DOC_LINK = /\b(see|background|docs?|documentation|help|visit|more info(rmation)?|details|learn more|refer to)\b[^\n]{0,30}$/i;

export interface Mention {
  name: string;
  how: 'known' | 'host' | 'url' | 'named';
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Other systems the text names; `self` (the emitting service and its aliases) is left out. */
export function mentionedEntities(text: string, known: Iterable<string>, self: Iterable<string>): Mention[] {
  const selfSet = new Set([...self].map((s) => s.toLowerCase()));
  const out = new Map<string, Mention>();
  const add = (raw: string, how: Mention['how']) => {
    const name = raw.toLowerCase().replace(/\.$/, '');
    if (name.length < 3 || selfSet.has(name) || selfSet.has(name.split('.')[0]!)) return;
    // One of the service's own pods (`checkout-7d9f8b6c5-x2x9q`, `kafka-2`) is the service, not a system it calls.
    const workload = workloadOf(name);
    if (workload !== name && selfSet.has(workload)) return;
    if (FILE_EXT.test(name) || /^\d/.test(name) || /^(e\.g|i\.e|etc)$/.test(name)) return;
    // "read udp 10.0.3.7:41234->10.96.0.10:53" (Go's net errors): the transport is how it was reached, not what.
    if (PROTOCOL.test(name)) return;
    if (!out.has(name)) out.set(name, { name, how });
  };
  const lower = text.toLowerCase();
  for (const k of known) {
    const name = k.toLowerCase();
    if (name.length < 3 || selfSet.has(name)) continue;
    const re = new RegExp(`(^|[^a-z0-9_.-])${escapeRe(name)}($|[^a-z0-9_-])`);
    if (re.test(lower)) add(name, 'known');
  }
  for (const m of text.matchAll(URL_HOST)) {
    // `fastcgi://unix:/run/php/php8.2-fpm.sock:` (nginx), `http://unix:/var/run/x.sock:/path`: a local socket's path.
    if (unixSocketAt(text, m.index! + m[0].length, m[1]!)) continue;
    if (ownSiteAt(text, m.index!)) continue;
    // "Background on this error at: https://..." or "see https://...": a documentation link, not a dependency.
    if (DOC_LINK.test(text.slice(Math.max(0, m.index! - 40), m.index!)) || /\/(docs?|e|errors?|help|faq|wiki)\//i.test(m[0] + text.slice(m.index! + m[0].length, m.index! + m[0].length + 10))) continue;
    add(m[1]!, 'url');
  }
  for (const m of text.matchAll(HOST)) {
    // Dotted words inside paths ("/app/x/y.js") or code ("order.shipping.address") are not hosts.
    const before = text[m.index! - 1] ?? ' ';
    if (before === '/' || before === '.' || ownSiteAt(text, m.index!)) continue;
    const name = m[1]!;
    if (codeLocationAt(text, m.index! + m[0].length, name)) continue;
    const parts = name.split('.');
    const hosty = /^(internal|local|lan|svc|cluster|corp|com|net|org|io|cloud|amazonaws|example)$/i.test(parts[parts.length - 1]!) || /:\d{2,5}\b/.test(m[0]);
    if (hosty) add(name, 'host');
  }
  for (const m of text.matchAll(AFTER_WORD)) add(m[1]!, 'named');
  for (const m of text.matchAll(STRONG_CUE)) if (!COMMON_WORDS.has(m[1]!.toLowerCase()) && !unixSocketAt(text, m.index! + m[0].length, m[1]!)) add(m[1]!, 'named');
  for (const m of text.matchAll(NAME_PORT)) if (!/^(https?|tcp|udp|port|line|at|time|error)$/i.test(m[1]!)) add(m[1]!, 'host');
  return [...out.values()];
}

/** Source files a code location ends in (Go, Java, Kotlin, Scala, Python, Rust, C#, JS/TS, Ruby, PHP, C/C++). */
const SOURCE_FILE = /^[^\s"'<>]*\/[\w.-]+\.(go|java|kt|scala|py|rs|cs|js|mjs|cjs|ts|rb|php|c|cc|cpp|h):\d+(?![\w.])/i;
/** The first label of a reversed domain (`com.acme.orders.OrderService`, `io.grpc.internal`): a package, not a host. */
const REVERSED_DOMAIN = /^(com|org|net|io|edu|gov|dev|co)\.[a-z]/i;

/**
 * True when the dotted `name`, ending at `end` in `text`, is code: a Go module path that goes on through `@version/`
 * or `/dir/` to a source file with its line (a logger's caller field), or a Java/Kotlin package. Logs name their
 * own code everywhere; a host is reached over the network and is never followed by `/x.go:12`.
 */
function codeLocationAt(text: string, end: number, name: string): boolean {
  if (REVERSED_DOMAIN.test(name) && !/\.(com|org|net|io|dev|co)$/i.test(name)) return true;
  const next = text[end];
  if (next !== '/' && next !== '@') return false;
  return SOURCE_FILE.test(text.slice(end, end + 300));
}

// nginx ends an error line with the request it was serving: `client: <ip>, server: <server_name>, request: "...",
// upstream: "...", host: "<Host header>", referrer: "<page>"`. server, host and referrer name the site that received
// the request (the proxy's own virtual host) and the page linking to it: only `upstream` names what it failed to reach.
const REQUEST_CONTEXT = /\bclient: [^,\s]+, server: /;
const OWN_SITE_FIELD = /\b(?:server|host|referrer|referer): "?$/;

/** True when the name starting at `at` is the value of a request context's server, host or referrer field. */
function ownSiteAt(text: string, at: number): boolean {
  return OWN_SITE_FIELD.test(text.slice(Math.max(0, at - 12), at)) && REQUEST_CONTEXT.test(text);
}

/** True when `name`, ending at `end` in `text`, is the `unix:` of a socket path (`unix:/run/x.sock`): no remote system. */
function unixSocketAt(text: string, end: number, name: string): boolean {
  return name.toLowerCase() === 'unix' && text.charCodeAt(end) === 58 && text.charCodeAt(end + 1) === 47;
}

const INTERNAL_SUFFIX = /\.(internal|local|lan|svc|cluster\.local|svc\.cluster\.local|corp|intranet)$/i;

/**
 * The service a mention stands for: a Kubernetes DNS name's service ("<pod>.<svc>.<ns>.svc.cluster.local"
 * -> "<svc>"), a known service named by a host's first label, or the first label of an internal host name
 * ("carrier-api.internal" -> "carrier-api"); public host names stay whole. A StatefulSet ordinal
 * ("kafka-2") is dropped when the base name is known from elsewhere in the evidence.
 */
export function canonicalEntity(name: string, services: ReadonlySet<string>, known: ReadonlySet<string> = services): string {
  const host = name.replace(/:\d+$/, '').toLowerCase();
  const k8s = /^(?:([a-z0-9-]+)\.)?([a-z0-9-]+)\.([a-z0-9-]+)\.svc(?:\.cluster\.local)?$/.exec(host);
  if (k8s) return k8s[2]!;
  const first = host.split('.')[0]!;
  const base = first.replace(/-\d+$/, '');
  const pick = (n: string) => (n !== base && (services.has(base) || known.has(base)) ? base : n);
  if (host.includes('.') && (services.has(first) || INTERNAL_SUFFIX.test(host))) return pick(first);
  if (!host.includes('.')) return pick(host);
  return host;
}
