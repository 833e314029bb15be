// The status a proxy's access-log record says its upstream answered (nginx's `$upstream_status`, Traefik's
// OriginStatus, an AWS balancer's target status): a proxy that logs a 5xx its upstream gave only passes that failure on.

/** Field names that hold the upstream's own answer, whatever the proxy itself then answered. */
const UPSTREAM_STATUS_KEY = /^(upstream[._-]?status|originstatus|origin[._-]status|target[._-]?status)$/i;
/**
 * NGINX Amplify's `log_format` abbreviates `$upstream_status` as `us` (next to `ua` for `$upstream_addr`, `ut`/`urt`
 * for its response time). `us` alone says nothing, so it is read only with one of those beside it.
 */
const SHORT_KEY = 'us';
const SHORT_COMPANIONS = ['ua', 'ut', 'urt', 'uct', 'uht', 'upstream_addr', 'upstream_response_time'];

/**
 * The last status in the value: nginx lists one per upstream it tried (`502, 500`, or `502 : 500` across an internal
 * redirect), the last being the answer it relayed. `-` (no upstream was asked) or anything else is no status.
 */
function lastStatus(v: unknown): number | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const parts = String(v).slice(0, 100).split(/[,:]/);
  const last = parts[parts.length - 1]!.trim();
  return /^[1-5]\d\d$/.test(last) ? Number(last) : undefined;
}

/** The upstream's status a record's fields give, or undefined (a number only: nothing from a log is kept as text). */
export function upstreamStatusFromFields(f: Record<string, unknown> | undefined): number | undefined {
  if (!f) return undefined;
  for (const [k, v] of Object.entries(f)) if (UPSTREAM_STATUS_KEY.test(k)) return lastStatus(v);
  if (SHORT_KEY in f && SHORT_COMPANIONS.some((k) => k in f)) return lastStatus(f[SHORT_KEY]);
  return undefined;
}
