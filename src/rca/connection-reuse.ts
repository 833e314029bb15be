// What a diff says when it turns connection reuse off (conntrack churn, connection-churn.ts) or on (the keep-alive race,
// keepalive-race.ts): read by change correlation for every release; kept apart so no ranking rule imports it back.
/**
 * Added lines that turn connection reuse off: Go's `DisableKeepAlives: true`, Node's `keepAlive: false`, a
 * `keep_alive = false` / `keepalive off` setting, a `Connection: close` header, Go's idle connections per host set to -1 (none kept), a `reuseConnections: false` option.
 */
const NO_REUSE =
  /^\+.*(?:\bDisableKeepAlives\s*[:=]\s*true\b|\bkeep[-_]?alive\w*["']?\s*[:=]?\s*["']?(?:false|off|no|0)\b|["']Connection["']\s*[:,=]\s*["']close["']|\bConnection:\s*close\b|\bMaxIdleConns(?:PerHost)?\s*[:=]\s*-1\b|\breuse_?connections?["']?\s*[:=]\s*["']?false\b)/im;

/** Whether a diff's added lines stop reusing connections. */
export const stopsReusingConnections = (diff: string): boolean => NO_REUSE.test(diff);

/**
 * Added lines that turn upstream connection reuse on: nginx's `keepalive 64;` in an upstream block (a pool of idle
 * connections kept per worker), Node's `keepAlive: true`, a `keep_alive = true` setting, HAProxy's
 * `http-reuse safe|aggressive|always`.
 */
const REUSE_ON =
  /^\+\s*(?:keepalive\s+[1-9]\d*\s*;|http-reuse\s+(?:safe|aggressive|always)\b|.*\bkeep[-_]?alive["']?\s*[:=]\s*["']?(?:true|on|yes)\b)/im;

/** Whether a diff's added lines start reusing connections to an upstream. */
export const startsReusingConnections = (diff: string): boolean => REUSE_ON.test(diff);
