// A caller that relays a callee's error (gRPC's `rpc error: code = Unknown desc = <the callee's message>`, an HTTP
// client's "the call was answered 500") reports the callee's failure, not its own: its entries point away from it.
import type { ErrorSignature } from '../../core/evidence.js';

/** The status a gRPC client (Go, Java, Python alike) prints for a failed call, before the callee's message. */
const RELAY = /rpc error: code = \w+ desc = /gi;
/** A relayed message this short after masking ("EOF", "<*>") could be anyone's. */
const MIN_TEXT = 12;

/** Masks and digits as one token, spaces collapsed, lower case: two lines of one message compare equal. */
function shape(text: string): string {
  return text
    .replace(/<\*>|\d+(\.\d+)?/g, '#')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The message after a signature's last relay marker, or null when it relays nothing. */
function relayedText(sig: ErrorSignature): string | null {
  const text = sig.template.split('\n')[0] ?? '';
  let end = -1;
  for (const m of text.matchAll(RELAY)) end = m.index! + m[0].length;
  if (end < 0) return null;
  const msg = shape(text.slice(end));
  return msg.replace(/[#\W]/g, '').length >= MIN_TEXT ? msg : null;
}

/** Where a signature says the message itself, not only as a relay of it. */
function originates(sig: ErrorSignature, msg: string): boolean {
  const own = shape((sig.template.split('\n')[0] ?? '').replace(RELAY, '\u0000'));
  const at = own.indexOf(msg);
  // After a relay marker (masked to NUL) it is another caller passing it on.
  return at >= 0 && own[at - 1] !== '\u0000' && own.slice(Math.max(0, at - 2), at).trim() !== '\u0000';
}

/**
 * For each signature that relays another service's error, the service that originates it (one service only: a
 * message several services say themselves points nowhere in particular). `ownerOf` names a signature's services.
 */
export function relayedOwners(sigs: readonly ErrorSignature[], ownerOf: (sig: ErrorSignature) => string[]): Map<ErrorSignature, string> {
  const out = new Map<ErrorSignature, string>();
  for (const sig of sigs) {
    const msg = relayedText(sig);
    if (msg === null) continue;
    const mine = new Set(ownerOf(sig));
    const origins = new Set(sigs.filter((o) => o !== sig && originates(o, msg)).flatMap(ownerOf).filter((s) => !mine.has(s)));
    if (origins.size === 1) out.set(sig, [...origins][0]!);
  }
  return out;
}

/**
 * How HTTP clients report that a call they made was answered with a server error (5xx): Spring's RestTemplate and
 * WebClient, Feign, Python requests, axios, .NET's HttpClient. The failure is the callee's; the caller only passes it on.
 */
const STATUS_RELAY = [
  /HttpServerErrorException/,
  /WebClientResponseException(\$(InternalServerError|BadGateway|ServiceUnavailable|GatewayTimeout)|: 5\d\d)/,
  /FeignException(\$(InternalServerError|BadGateway|ServiceUnavailable|GatewayTimeout)|: \[?5\d\d)/,
  /HTTPError: 5\d\d Server Error/,
  /Request failed with status code 5\d\d/,
  /Response status code does not indicate success: 5\d\d/,
];

/**
 * The signature's error (its innermost exception when it has one, else its first line) is a client's report that a
 * callee answered with a server error: the callee failed, whoever it is (its name is often only in the trace).
 */
export function relaysServerError(sig: ErrorSignature): boolean {
  const said = [sig.root_cause, ...(sig.exception_chain ?? []), sig.template.split('\n')[0] ?? ''].filter((x): x is string => !!x);
  return said.some((t) => STATUS_RELAY.some((re) => re.test(t)));
}

/**
 * A proxy's access-log record of a request its upstream answered with a server error (nginx's `$upstream_status`,
 * Traefik's OriginStatus): the proxy logs the 5xx as the request's status, but did nothing wrong itself. Unlike an
 * application's client exception, such a line holds no work of the proxy's own: it is the upstream's error, logged
 * where the request passed.
 */
export function proxiedServerError(sig: ErrorSignature): boolean {
  return sig.upstream_status !== undefined && sig.upstream_status >= 500;
}
