// Shared readings of the bundle for the condition analyzers: which related error texts match a
// failure vocabulary, and series labelled with a service; wording lists are generic failure terms.
import type { AnalysisContext } from './context.js';
import type { RelatedSignature } from './related-signatures.js';
export { seriesName } from './series.js';

export const SATURATION =
  /\bexhaust(ed|ion)?\b|\blimit\b.{0,40}\b(reached|exceeded|hit)\b|\btoo many (connections|clients|open files|requests|processes|threads)\b|\b(pool|queue|buffer|backlog)\b.{0,20}\b(full|exhausted|overflow(ed)?|saturated)\b|\bno (free|available|idle) (connections?|workers?|threads?|slots?)\b|\bmax(imum)?\b.{0,30}\b(connections|clients|workers|threads)\b.{0,20}\b(reached|exceeded)\b|\bEMFILE\b|\bresource temporarily unavailable\b|\bremaining connection slots\b|\bcould not obtain (a )?connection\b|\btimeout waiting for (a )?(connection|idle object)\b|\bconnection (is )?not available\b|\bwaiting for (a )?(free |available |idle )?connection\b|\b(acquire|get|checkout|check out) (a )?connection\b.{0,40}\btim(ed|e) ?out\b|\bthread pool\b.{0,30}\b(full|exhausted|rejected)\b|\brejected execution\b|\bfile descriptors?\b.{0,20}\b(limit|exhausted)\b/i;
export const OOM =
  /\bout of memory\b|\bOOM\b|\bOOMKilled\b|\bOutOfMemory(Error)?\b|\bMemoryError\b|\bcannot allocate memory\b|\bheap out of memory\b|\bENOMEM\b|\bkilled process\b|\bmemory (limit|quota)\b.{0,30}\bexceeded\b/i;
export const DISK =
  /\bno space left on device\b|\bENOSPC\b|\bdisk (is )?full\b|\b(disk|storage) quota exceeded\b|\bfilesystem (is )?full\b|\binsufficient (disk|storage) space\b|\bnot enough space\b/i;
// No leading \b on the long words: exception names glue them on ("ReadTimeout", "ConnectionRefusedError"); Go's and
// gRPC's timeout is a deadline exceeded ("context deadline exceeded", "code = DeadlineExceeded").
export const UPSTREAM_FAILURE =
  /tim(e|ed)[ _-]?out|deadline[ _-]?exceeded|refused|unavailable|unreachable|\bcircuit\b|breaker|bad gateway|gateway timeout|\b50[234]\b|connection ?reset|ECONN(RESET|REFUSED|ABORTED)|\bETIMEDOUT\b|EHOSTUNREACH|no route to host|\b(could not|cannot|can't|failed to|unable to) (resolve|connect|reach)\b|name resolution|\bDNS\b|\bupstream\b|\bdependency\b|broken pipe|remote end closed|ENOTFOUND|EAI_AGAIN|no such host|unknown ?host|getaddrinfo|\bconnect(ion)? ?error\b|could not be established|\b(is )?not available\b|\bdisconnected\b|\bno (leader|coordinator|broker)s?\b/i;
/**
 * A remote system answering that the caller sends too much (S3's 503 SlowDown, "Please reduce your request rate", HTTP
 * 429 Too Many Requests, AWS's ThrottlingException and ProvisionedThroughputExceeded): a limit on the caller's rate or
 * request pattern, not an outage of the remote. A bare 429 is left out: Elasticsearch's circuit breakers answer it too.
 */
export const THROTTLED =
  /\bSlowDown\b|reduce your request rate|too many requests|Throttl(?:ing|ed)Exception|\bRequest ?Throttled\b|\bRate exceeded\b|RequestLimitExceeded|ProvisionedThroughputExceeded|TooManyRequestsException|\brequests? (?:were |was |are |is )?throttled\b/i;
/** Failures to resolve or reach a named host: only a change that touched that host, port or URL can be blamed for them. */
export const CONNECTIVITY =
  /no such host|NXDOMAIN|ENOTFOUND|EAI_AGAIN|name resolution|unknown ?host|(could not|cannot|can't|failed to|unable to) resolve|refused|ECONNREFUSED|connection ?reset|ECONNRESET|reset by peer|could not be established|EHOSTUNREACH|no route to host|unreachable/i;
export const BREAKER_OPEN = /\bcircuit\b.{0,30}\bopen\b|\bbreaker\b.{0,30}\bopen\b/i;
export const CERT = /\bcertificate\b|\bx509\b|\bTLS\b|\bSSL\b|\bhandshake\b|\bcert\b/i;
export const CERT_BAD = /\bexpired?\b|\bexpir(y|ation|es)\b|\bnot yet valid\b|\bverif(y|ication) failed\b|\bunknown (certificate )?authority\b|\bself[- ]signed\b|\bbad certificate\b|\bcertificate (is )?(invalid|revoked)\b/i;
export const AUTH =
  /\b401\b|\b403\b|\bunauthori[sz]ed\b|\bforbidden\b|\bauthenticat(ion|e) (failed|failure|error)\b|\binvalid (credentials?|token|api[ _-]?key|password|signature|client)\b|\b(token|credentials?|password|api[ _-]?key|secret|session)s? (has |have |is )?(expired|revoked|invalid)\b|\baccess denied\b|\binvalid_grant\b|\blogin failed\b|\bpassword authentication failed\b/i;
/**
 * A server's own words for being starved rather than down: overloaded, an operation that took too long, a slow disk
 * sync or write, tasks blocked on I/O (etcd's "slow fdatasync", a kernel's hung-task report, "I/O wait").
 */
export const OVERLOADED =
  /\boverloaded\b|\btook too long\b|\bslow (disk|fsync|fdatasync|sync|i\/o|io|write|writes|flush|commit|apply)\b|\b(fsync|fdatasync|wal sync|flush)\b.{0,40}\b(took|slow|exceeded)\b|\bblocked for more than\b|\bi\/o (wait|stall|pressure)\b|\bdisk (is )?(slow|saturated|busy)\b/i;
/** A stated timeout: the request ran out of time, whatever it was doing (a login, a handshake, a query). */
export const TIMED_OUT = /deadline exceeded|tim(e|ed)[ _-]?out/i;
/** Wordings that reject a credential outright, whatever else the message says ("401 Unauthorized: session timed out"). */
const REJECTED = /\b40[13]\b|unauthori[sz]ed|forbidden|expired|revoked|invalid|denied/i;
/** Credentials rejected: an AUTH wording, unless all it says is that a login failed by timing out ("login failed: context deadline exceeded" is slowness). */
export const rejectsCredentials = (text: string): boolean => AUTH.test(text) && (REJECTED.test(text) || !TIMED_OUT.test(text));
/** A certificate refused as expired or untrusted; a TLS handshake that merely timed out is a connectivity failure. */
export const rejectsCertificate = (text: string): boolean => CERT.test(text) && CERT_BAD.test(text);
export const CRASH =
  /\bexited with (code|status)\b|\bsegmentation fault\b|\bSIGSEGV\b|\bSIGKILL\b|\bpanic:|\bfatal error\b|\bback-?off restarting\b|\bCrashLoopBackOff\b|\bcore dumped\b|\bprocess exited\b|\bshutting down\b.{0,30}\b(fatal|error)\b/i;

export function textOf(r: RelatedSignature): string {
  return `${r.sig.template}\n${r.sig.example}`;
}

/** Related signatures whose text matches (a pattern, or a test of the text), with their summed incident weight. */
export function matching(ctx: AnalysisContext, re: RegExp | ((text: string) => boolean)): { sigs: RelatedSignature[]; weight: number } {
  const test = typeof re === 'function' ? re : (text: string) => re.test(text);
  const sigs = ctx.related.filter((r) => test(textOf(r)));
  return { sigs, weight: sigs.reduce((a, r) => a + r.weight, 0) };
}

const RESULT_LABEL = /^(rcode|result|reason|outcome|status|code|status_code|http_status|grpc_code|error|error_type)$/i;
const SUCCESS_VALUE = /^(2\d\d|3\d\d|ok|success|succeeded|noerror|none|true|2xx|3xx)$/i;

/** True when a series carries a result label with a non-success value (an rcode, a 5xx, reason="timeout"). */
export function nonSuccess(labels: Record<string, string>): boolean {
  return Object.entries(labels).some(([k, v]) => RESULT_LABEL.test(k) && v !== '' && !SUCCESS_VALUE.test(v) && !(k === 'error' && /^false$/i.test(v)));
}

