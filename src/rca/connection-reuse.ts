// What a diff says when it turns connection reuse off: read by change correlation for every release, and by the
// ranking when a node's conntrack table filled (connection-churn.ts). Kept apart so neither imports the other.
/**
 * Added lines that turn connection reuse off: Go's `DisableKeepAlives: true`, Node's `keepAlive: false`, a
 * `keep_alive = false` / `keepalive off` setting, a `Connection: close` header, Go's idle connections per host set to -1 (none kept), a `reuseConnections: false` option.
 */
const NO_REUSE =
  /^\+.*(?:\bDisableKeepAlives\s*[:=]\s*true\b|\bkeep[-_]?alive\w*["']?\s*[:=]?\s*["']?(?:false|off|no|0)\b|["']Connection["']\s*[:,=]\s*["']close["']|\bConnection:\s*close\b|\bMaxIdleConns(?:PerHost)?\s*[:=]\s*-1\b|\breuse_?connections?["']?\s*[:=]\s*["']?false\b)/im;

/** Whether a diff's added lines stop reusing connections. */
export const stopsReusingConnections = (diff: string): boolean => NO_REUSE.test(diff);
