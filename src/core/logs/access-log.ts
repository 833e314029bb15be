// Access-log lines: Apache/nginx (common and combined log format, with optional extra fields,
// `10.0.0.1 - - [22/Apr/2025:07:16:00 +0000] "GET /x HTTP/1.1" 502 173 "-" "curl/8"`), AWS load balancers, Envoy,
// Squid's native access.log and IIS's W3C log in its default fields: 5xx error, 4xx warn.
import { levelFromStatus } from './levels.js';
import { parseClf } from './leading-time.js';
import type { ParsedHead } from './parsed-head.js';

// host ident user [time] "request" status bytes ...; a leading vhost (`example.com:443 10.0.0.1 ...`) is allowed; werkzeug
// writes the time as `[05/Dec/2026 01:42:00]`.
const ACCESS = /^(?:(\S+) )?(\S+) (\S+) (\S+) \[(\d{1,2}\/[A-Z][a-z]{2}\/\d{4}(?::\d{2}:\d{2}:\d{2}(?:\.\d+)? [+-]\d{4}| \d{2}:\d{2}:\d{2}))\] "([^"]{0,4000})" (\d{3}) (\S+)(.*)$/;

export function parseAccessLine(line: string): ParsedHead | null {
  if (line.indexOf('] "') < 0) return null;
  const m = ACCESS.exec(line);
  if (!m) return null;
  const time = parseClf(m[5]!);
  if (time === null) return null;
  const status = Number(m[7]);
  const request = m[6]!;
  const space = request.indexOf(' ');
  const path = space > 0 ? request.slice(space + 1).replace(/ HTTP\/[\d.]+$/, '') : request;
  const fields: Record<string, unknown> = {
    client: m[2]!,
    method: space > 0 ? request.slice(0, space) : '',
    path,
    status,
    bytes: m[8]!,
  };
  if (m[1]) fields.vhost = m[1];
  // Combined format's referer and user agent, then anything extra (`rt=0.5 upstream=10.0.0.2:8080`).
  const extra = /^ "([^"]*)" "([^"]*)"(.*)$/.exec(m[9] ?? '');
  if (extra) {
    if (extra[1] && extra[1] !== '-') fields.referer = extra[1];
    fields.user_agent = extra[2]!;
    const tail = extra[3]!.trim();
    if (tail) fields.extra = tail;
  }
  // The message leaves the user agent out (its many tokens would split templates); the fields keep it.
  const tail = typeof fields.extra === 'string' ? ` ${fields.extra}` : extra ? '' : (m[9] ?? '');
  return { time, level: levelFromStatus(status) ?? 'info', service: null, message: `"${request}" ${status} ${m[8]}${tail}`, fields };
}

// An Application Load Balancer's line: type, time, balancer, client, target, three timings, the balancer's status and
// the target's, bytes, "request", "user agent", cipher, protocol, then the target group's ARN.
const ALB =
  /^(?:https?|h2|grpcs|wss?) (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z) (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) (\d{3}|-) (\d{3}|-) \d+ \d+ "([^"]{0,4000})" "[^"]*" \S+ \S+ (\S+)/;

/**
 * An AWS ALB access-log line. Its service is the target group's name (what answered, or failed to: a 502 with no
 * target status is the balancer's word on that target), else the balancer's own name.
 */
export function parseAlbLine(line: string): ParsedHead | null {
  const c = line.charCodeAt(0);
  if (c !== 104 && c !== 103 && c !== 119) return null; // h, g, w
  const m = ALB.exec(line);
  if (!m) return null;
  const time = Date.parse(m[1]!);
  if (Number.isNaN(time)) return null;
  const status = m[8] === '-' ? NaN : Number(m[8]);
  const [method = '', url = '', proto = ''] = m[10]!.split(' ');
  // The request names the full URL (`https://shop.example.com:443/api/orders`): the path is what varies by route.
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '') || '/';
  const group = /:targetgroup\/([^/]+)\//.exec(m[11]!)?.[1];
  const balancer = /^(?:app|net)\/([^/]+)\//.exec(m[2]!)?.[1] ?? m[2]!;
  const fields: Record<string, unknown> = { load_balancer: balancer, client: m[3]!, target: m[4]!, method, path, status: m[8]!, target_status: m[9]!, target_seconds: m[6]! };
  return {
    time,
    level: (Number.isNaN(status) ? null : levelFromStatus(status)) ?? 'info',
    service: group ?? balancer,
    message: `"${method} ${path} ${proto}" ${m[8]} (target ${m[9]})`,
    fields,
  };
}

// IIS's default W3C fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent)
// cs(Referer) sc-status sc-substatus sc-win32-status time-taken (the `#Fields:` directive at the file's top).
const IIS = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) (\S+) ([A-Z]{3,10}) (\S+) (\S+) (\d{1,5}) (\S+) (\S+) (\S+) (\S+) (\d{3}) (\d+) (\d+) (\d+)$/;

/** An IIS W3C line in the default field set (a file detected as `python`, whose head it shares), or null; its time is UTC, as IIS writes it. */
export function parseIisLine(line: string): ParsedHead | null {
  if (line.charCodeAt(10) !== 32 || line.charCodeAt(4) !== 45) return null;
  const m = IIS.exec(line);
  if (!m) return null;
  const time = Date.parse(`${m[1]!.replace(' ', 'T')}Z`);
  if (Number.isNaN(time)) return null;
  const status = Number(m[11]);
  const path = m[5] === '-' ? m[4]! : `${m[4]}?${m[5]}`;
  return {
    time,
    level: levelFromStatus(status) ?? 'info',
    service: null,
    message: `"${m[3]} ${m[4]}" ${status}.${m[12]} (win32 ${m[13]})`,
    fields: { server_ip: m[2]!, method: m[3]!, path, port: m[6]!, user: m[7]!, client: m[8]!, status, substatus: Number(m[12]), win32_status: Number(m[13]), time_taken_ms: Number(m[14]) },
  };
}

// Envoy's default access log: [start] "METHOD PATH PROTO" code flags rx tx duration upstream-time "x-forwarded-for"
// "user agent" "request id" "authority" "upstream host" (Istio's sidecars write the same head).
const ENVOY = /^\[(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)\] "([^"]{0,4000})" (\d{1,3}) (\S+) (\d+) (\d+) (\d+) (\S+) "[^"]*" "[^"]*" "([^"]*)" "([^"]*)" "([^"]*)"/;

/** What Envoy's response flags say happened, for the flags that explain a failure. */
const ENVOY_FLAGS: Record<string, string> = {
  UH: 'no healthy upstream',
  UF: 'upstream connection failure',
  UO: 'upstream overflow (circuit breaking)',
  NR: 'no route configured',
  URX: 'upstream retry limit exceeded',
  UT: 'upstream request timeout',
  UC: 'upstream connection termination',
  LR: 'connection local reset',
  UR: 'upstream remote reset',
  DC: 'downstream connection termination',
  RL: 'rate limited',
};

/**
 * An Envoy (or Istio sidecar) access-log line in the default format, or null. The authority is the host the client
 * asked for, the service's own name, so it stays a field: in the message it would read as a system being called.
 */
export function parseEnvoyLine(line: string): ParsedHead | null {
  if (line.charCodeAt(0) !== 91 || line.indexOf('] "') < 0) return null;
  const m = ENVOY.exec(line);
  if (!m) return null;
  const time = Date.parse(m[1]!);
  if (Number.isNaN(time)) return null;
  const status = Number(m[3]);
  const [method = '', path = ''] = m[2]!.split(' ');
  const flags = m[4] === '-' ? [] : m[4]!.split(',');
  const said = flags.map((f) => ENVOY_FLAGS[f]).filter(Boolean);
  // Status 0: the request never got an answer (downstream reset); a failure flag alone then makes it an error.
  const level = levelFromStatus(status) ?? (status === 0 && said.length ? 'error' : 'info');
  return {
    time,
    level,
    service: null,
    message: `"${method} ${path}" ${status}${flags.length ? ` ${flags.join(',')}` : ''}${said.length ? ` (${said.join(', ')})` : ''}`,
    fields: { method, path, status, response_flags: m[4]!, duration_ms: Number(m[7]), upstream_ms: m[8]!, request_id: m[9]!, authority: m[10]!, upstream_host: m[11]! },
  };
}

// Squid's native access.log (logformat squid): `time.ms elapsed client result/status bytes method URL user hierarchy/peer
// type`, e.g. `1798467683.966      0 10.20.3.57 TCP_DENIED/403 3922 CONNECT api.example.com:443 - HIER_NONE/- text/html`.
const SQUID = /^(\d{9,11})\.(\d{3}) +(\d+) (\S+) ([A-Z_]+)\/(\d{3}) (\d+) ([A-Z]+) (\S+) (\S+) ([A-Z_]+)\/(\S+) (\S+)$/;

/** The host a proxied request went to: CONNECT's `host:port`, else the absolute URL's host (`http://host/path`). */
function proxiedHost(method: string, url: string): string {
  const hostPort = method === 'CONNECT' ? url : (/^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i.exec(url)?.[1] ?? url);
  return hostPort.replace(/^[^@]*@/, '').replace(/:\d+$/, '').toLowerCase();
}

/**
 * A Squid access.log line. A forward proxy's line is about where a client asked to go, so the destination host is in
 * the message (a bare host keeps its name through template masking; `host:port` would not), with Squid's result code:
 * `CONNECT api.example.com TCP_DENIED 403`, one template per destination. Its level comes from the status Squid answered.
 */
export function parseSquidLine(line: string): ParsedHead | null {
  const c = line.charCodeAt(0);
  if (c < 48 || c > 57) return null;
  const m = SQUID.exec(line);
  if (!m) return null;
  const status = Number(m[6]);
  const method = m[8]!;
  const host = proxiedHost(method, m[9]!);
  return {
    time: Number(m[1]) * 1000 + Number(m[2]),
    level: levelFromStatus(status) ?? 'info',
    service: null,
    message: `${method} ${host} ${m[5]} ${m[6]}`,
    fields: { elapsed_ms: Number(m[3]), client: m[4]!, result: m[5]!, status, bytes: Number(m[7]), method, url: m[9]!, host, user: m[10]!, hierarchy: m[11]!, peer: m[12]!, type: m[13]! },
  };
}
