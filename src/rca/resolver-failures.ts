// A name lookup that failed at the resolver (Go's "lookup cart-api on 10.96.0.10:53: read udp ...: i/o timeout") is a
// failure of DNS, not of the system looked up: port 53 names the resolver's role whatever its address.

/**
 * The resolver asked, then how it failed: no answer in time, refused, or "server misbehaving" (SERVFAIL). "no such
 * host" is left out on purpose: the resolver answered, the name does not exist (a configuration, not DNS, fault).
 */
const RESOLVER_LOOKUP = /\blookup\s+\S+\s+on\s+\[?[0-9a-f.:]+?\]?:53\b[^\n]*?(?:i\/o timeout|timed? ?out|server misbehaving|connection refused)/i;
/** A query read from a resolver's port that got no answer (a DNS server's own log forwarding upstream). */
const QUERY_TIMEOUT = /\budp\s+[0-9a-f.:[\]]+->\[?[0-9a-f.:]+?\]?:53:\s*i\/o timeout/i;
/** How a cluster's DNS server is called (CoreDNS, kube-dns, node-local-dns, dnsmasq). */
const DNS_SERVICE = /(^|[-_])(core|kube|node-local-|local)?dns(masq)?($|[-_])|^coredns/i;

/** A service named as a cluster's DNS server (coredns, kube-dns, node-local-dns, dnsmasq, or the resolver's role `dns`). */
export const isDnsService = (name: string): boolean => DNS_SERVICE.test(name);

/** The DNS server a failed lookup in `text` points at: the service known as the cluster's DNS, else `dns`. */
export function failedResolver(text: string, services: Iterable<string>): string | null {
  if (!RESOLVER_LOOKUP.test(text) && !QUERY_TIMEOUT.test(text)) return null;
  return [...services].find((s) => DNS_SERVICE.test(s)) ?? 'dns';
}
