// What an HTTP cache's counter counts: requests served from the cache (hits), sent on to the origin (misses, passes,
// bypasses) or received from clients. The metrics source reads these counters and cache-hit-ratio.ts their ratio.

export type CacheOutcome = 'hit' | 'bypass' | 'client';

/**
 * The exporters of HTTP caches and CDNs: Varnish (prometheus_varnish_exporter `varnish_main_*`), Fastly, Squid, Apache
 * Traffic Server, nginx's proxy_cache (nginx-vts `nginx_vts_*_cache_total`, NGINX Plus `nginxplus_cache_*`) and
 * Cloudflare's zone analytics. Key-value caches (Redis, memcached) are not here: their clients are services, not visitors.
 */
const HTTP_CACHE = /^(?:varnish|fastly|squid|trafficserver|ats|cloudflare|akamai|cdn)_|^nginx.*cache/i;

/**
 * By name, after the `_total` suffix: Varnish's cache_hit / cache_miss / s_pass / client_req, Fastly's hits, miss,
 * pass and requests, NGINX Plus' cache_{hit,miss,bypass}_responses, Squid's client_http_hits / client_http_requests,
 * Cloudflare's requests_cached / requests_total. Varnish's cache_hitpass and cache_hitmiss are parts of s_pass and
 * cache_miss (counted again there), and hit_grace a part of cache_hit: read alone, they would count twice.
 */
const HIT = /(?:^|_)(?:cache_hits?|hits|hit_responses|requests_cached)$/i;
const BYPASS = /(?:^|_)(?:cache_miss(?:es)?|miss(?:es)?|s_pass|pass(?:es)?|bypass|(?:miss|bypass)_responses)$/i;
const CLIENT = /(?:^|_)(?:client_req|client_requests|client_http_requests|requests)$/i;
const SUBSET = /hitpass|hitmiss|hit_grace/i;

/** The label some exporters count the outcome by (nginx-vts `status="hit"`, a log exporter's `upstream_cache_status`). */
const OUTCOME_LABELS = ['cache_status', 'upstream_cache_status', 'cache_result', 'status'];
const HIT_VALUE = /^(?:hit|stale|updating|revalidated)$/i;
const BYPASS_VALUE = /^(?:miss|bypass|pass|expired)$/i;

/** A counter of an HTTP cache whose name or labels say what it counts. */
export function isCacheCounterName(name: string): boolean {
  return HTTP_CACHE.test(name) && /_total$|_responses$|_requests_cached$/i.test(name);
}

/** What one series of such a counter counts, or null (bytes, errors, a subset counted again elsewhere). */
export function cacheOutcome(metric: string, labels: Readonly<Record<string, string>>): CacheOutcome | null {
  if (!HTTP_CACHE.test(metric) || /bytes|error|fail/i.test(metric) || SUBSET.test(metric)) return null;
  const label = OUTCOME_LABELS.map((k) => labels[k]).find((v) => v !== undefined);
  if (label !== undefined && /cache/i.test(metric)) return HIT_VALUE.test(label) ? 'hit' : BYPASS_VALUE.test(label) ? 'bypass' : null;
  const name = metric.replace(/_total$/i, '');
  if (HIT.test(name)) return 'hit';
  if (BYPASS.test(name)) return 'bypass';
  return CLIENT.test(name) ? 'client' : null;
}
