// Parsers for structured lines: JSON objects (one per line) and logfmt key=value pairs. Field names follow
// the common libraries: zap, bunyan/pino, logrus, slog, structlog, GELF, ECS, Serilog CLEF, Docker json-file.
import type { LogLevel } from '../evidence.js';
import { deploymentOfPodName, workloadOf } from './kubernetes.js';
import { inferLevel, levelFromStatus, levelWord, normalizeLevel } from './levels.js';
import { serviceFromLogger } from './logger-names.js';
import type { ParsedHead } from './parsed-head.js';
import { parseAnyTime } from './timestamps.js';
import { parseClf, parseSlashed } from './leading-time.js';
import { mongoRecord } from './mongo-records.js';
import { kubeEvent } from './kube-events.js';
import { gelfRecord } from './gelf.js';
import { postgresRecord } from './postgres-log.js';
import { ERROR_KEYS, lookup, pick } from './record-keys.js';
import { azureView, GENERIC_ACCESS, requestLine, STATUS_KEYS } from './record-requests.js';

export { pairsMessage } from './record-requests.js';

// .NET's JSON console (`Timestamp`, `LogLevel`, `Category`, `Message`, `Exception`) and OpenTelemetry's log records
// (`timeUnixNano`, `severityText`, `body`, `resource` attributes) spell theirs capitalised or camel-cased; journald's
// export (`journalctl -o json`) in capitals, every value a string: microseconds, a syslog priority, the unit.
// Kong's file-log says when the request started (`started_at`, epoch ms); Azure's older resource logs `timeStamp`; a
// Kubernetes audit event when its stage was reached (`stageTimestamp`, else `requestReceivedTimestamp`).
export const TIME_KEYS = ['@timestamp', 'timestamp', 'time', 'ts', '@t', 't', 'datetime', 'date', 'time_local', 'timeMillis', 'eventTime', 'asctime', 'Timestamp', 'timeUnixNano', 'observedTimeUnixNano', '__REALTIME_TIMESTAMP', 'started_at', 'timeStamp', 'stageTimestamp', 'requestReceivedTimestamp'];
// hclog's JSON format writes `@level`, `@message`, `@timestamp` and `@module` (its logger).
export const LEVEL_KEYS = ['level', 'severity', 'lvl', 'log.level', 'loglevel', 'levelname', 'level_name', 'severity_text', '@l', 'log_level', 'priority', 'LogLevel', 'severityText', 'Level', 'PRIORITY', '@level'];
const MSG_KEYS = ['message', 'msg', '@m', '@message', 'short_message', 'text', 'event', 'log', 'full_message', 'Message', 'RenderedMessage', 'body', 'body.stringValue', 'MESSAGE'];
export const SERVICE_KEYS = ['service', 'service.name', 'svc', 'app', 'application', 'component', 'name', 'service_name', 'app_name', '_service', '_app', 'kubernetes.container_name', 'container_name', 'program', 'ident', 'resource.service.name', 'serviceContext.service', 'CONTAINER_NAME', '_SYSTEMD_UNIT', '_SYSTEMD_USER_UNIT', 'SYSLOG_IDENTIFIER'];
// A pod's name, whose workload is the service: Fluent Bit's kubernetes filter, OpenTelemetry's k8s.pod.name.
export const POD_KEYS = ['kubernetes.pod_name', 'k8s.pod.name', 'pod_name', 'pod'];
// A host's name says the service only when it is a Deployment's pod name: pino and bunyan log `hostname`, which in
// a pod is the pod's name; any other host (`web-3`, `ip-10-0-1-23`) may run many services.
export const HOST_KEYS = ['hostname', 'host.name', 'host', 'HOSTNAME'];
// Logger-like keys: dotted module or class names; the service is the first module, classes name none.
export const LOGGER_KEYS = ['logger', 'logger_name', 'log.logger', 'SourceContext', 'loggerName', '_logger', 'caller', 'Category', '@module'];
// Multi-line detail kept after the message as continuation lines (stack traces).
const STACK_KEYS = ['@x', 'exception', 'stack_trace', 'stacktrace', 'stack', 'error.stack_trace', 'exc_info', 'traceback', 'Exception'];
const HEADER_KEYS = new Set([...TIME_KEYS, ...LEVEL_KEYS, ...MSG_KEYS, ...STACK_KEYS, '@mt', '@i', '@r']);

function asText(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && v && 'name' in v && typeof (v as { name: unknown }).name === 'string') return (v as { name: string }).name;
  return JSON.stringify(v);
}

/** Serilog message templates: `Reading {Path} failed` with the properties filled in. */
function renderTemplate(template: string, obj: Record<string, unknown>): string {
  return template.replace(/\{([@$]?)([\w.]+)(?:[,:][^}]*)?\}/g, (all, _sigil, name: string) => {
    const v = obj[name];
    return v === undefined ? all : typeof v === 'string' ? v : JSON.stringify(v);
  });
}

/**
 * Service names a layout writes on every line whatever runs it: Elasticsearch's ECS layout says `ES_ECS`, and its
 * `event.dataset` (`elasticsearch.server`) names the product.
 */
const PLACEHOLDER_SERVICES = new Set(['ES_ECS']);

// A systemd unit names its service with a type suffix and maybe an instance: `checkout.service`, `worker@2.service`.
const UNIT_SUFFIX = /(?:@[^.]*)?\.(?:service|socket|timer|scope|slice|mount|path)$/;
// Units that run whatever they are given: a container runtime (its containers' lines carry CONTAINER_NAME), a login
// session's or user manager's scope. The program's own identifier says more.
const HOST_UNIT = /^(?:docker|containerd|crio|podman|init)\.(?:service|scope)$|\.scope$|^user@/;

/** journald's service: the container, else the unit unless it is a runtime or a session, else the program's identifier. */
function unitService(obj: Record<string, unknown>, unit: string): string | null {
  if (!HOST_UNIT.test(unit)) return unit.replace(UNIT_SUFFIX, '');
  const id = obj.SYSLOG_IDENTIFIER;
  return typeof id === 'string' && id !== '' ? id : null;
}

// Python logging's record attributes (python-json-logger, structlog's stdlib bridge): `name` there is the logger's.
const PY_SERVICE_KEYS = SERVICE_KEYS.filter((k) => k !== 'name');

function serviceOf(obj: Record<string, unknown>, viaLogger = true): string | null {
  const python = obj.levelname !== undefined && typeof obj.name === 'string';
  const named = asText(pick(obj, python ? PY_SERVICE_KEYS : SERVICE_KEYS));
  const direct = named && (obj._SYSTEMD_UNIT === named || obj._SYSTEMD_USER_UNIT === named) ? unitService(obj, named) : named;
  if (direct && !PLACEHOLDER_SERVICES.has(direct)) return direct;
  if (direct) {
    const dataset = lookup(obj, 'event.dataset');
    if (typeof dataset === 'string' && /^[a-z][\w-]*\./i.test(dataset)) return dataset.slice(0, dataset.indexOf('.'));
  }
  const pod = pick(obj, POD_KEYS);
  if (typeof pod === 'string') return workloadOf(pod);
  for (const k of HOST_KEYS) {
    const v = lookup(obj, k);
    const workload = typeof v === 'string' ? deploymentOfPodName(v) : null;
    if (workload) return workload;
  }
  if (!viaLogger) return null;
  for (const k of LOGGER_KEYS) {
    const v = lookup(obj, k);
    // zap's caller is `pkg/file.go:31`: a source position, not a logger name.
    if (typeof v === 'string' && v && !/[/\\:\s]/.test(v)) return serviceFromLogger(v);
  }
  return python ? serviceFromLogger(obj.name as string) : null;
}

function levelOf(obj: Record<string, unknown>, message: string): LogLevel {
  return statedLevel(obj) ?? inferLevel(message);
}

/** The level a record states (a level key, a Datadog `status`, an HTTP status, Serilog CLEF), or null: none stated. */
function statedLevel(obj: Record<string, unknown>): LogLevel | null {
  const raw = pick(obj, LEVEL_KEYS);
  const level = normalizeLevel(raw);
  if (level !== 'unknown') return level;
  const status = pick(obj, STATUS_KEYS);
  // Datadog-style `status: "error"` is a level; a number there is an HTTP status.
  if (typeof status === 'string' && levelWord(status)) return levelWord(status)!;
  const code = typeof status === 'number' ? status : typeof status === 'string' && /^\d{3}$/.test(status) ? Number(status) : NaN;
  const fromStatus = levelFromStatus(code);
  if (fromStatus) return fromStatus;
  // Serilog CLEF leaves `@l` out for Information.
  if (raw === undefined && ('@t' in obj || '@mt' in obj || '@m' in obj)) return '@x' in obj ? 'error' : 'info';
  return null;
}

/** ISO, epoch, and the access-log (`22/Apr/2025:07:16:00 +0000`) and Go (`2025/04/22 07:16:00`) shapes. */
function timeOf(v: unknown): number | null {
  const t = parseAnyTime(v);
  if (t !== null || typeof v !== 'string') return t;
  return parseClf(v) ?? parseSlashed(v);
}

/** Log4j2 JsonLayout's `instant: {epochSecond, nanoOfSecond}` (newer versions print it instead of timeMillis). */
function instantOf(obj: Record<string, unknown>): number | null {
  // Google Cloud Logging's `timestamp: {seconds, nanos}` (a protobuf Timestamp) has the same shape.
  const gcp = obj.timestamp as { seconds?: unknown; nanos?: unknown } | undefined;
  if (gcp && typeof gcp === 'object' && (typeof gcp.seconds === 'number' || typeof gcp.seconds === 'string')) {
    const sec = Number(gcp.seconds);
    return Number.isFinite(sec) ? sec * 1000 + (typeof gcp.nanos === 'number' ? Math.floor(gcp.nanos / 1e6) : 0) : null;
  }
  const i = obj.instant;
  if (!i || typeof i !== 'object') return null;
  const { epochSecond, nanoOfSecond } = i as { epochSecond?: unknown; nanoOfSecond?: unknown };
  return typeof epochSecond === 'number' ? epochSecond * 1000 + (typeof nanoOfSecond === 'number' ? Math.floor(nanoOfSecond / 1e6) : 0) : null;
}

/** Log4j2 JsonLayout's `thrown` object as a Java stack trace: `name: message` then `\tat class.method(file:line)`. */
function thrownText(thrown: unknown): string | null {
  if (!thrown || typeof thrown !== 'object') return null;
  const t = thrown as { name?: unknown; message?: unknown; extendedStackTrace?: unknown; cause?: unknown };
  if (typeof t.name !== 'string') return null;
  const lines = [typeof t.message === 'string' ? `${t.name}: ${t.message}` : t.name];
  if (Array.isArray(t.extendedStackTrace)) {
    for (const f of t.extendedStackTrace.slice(0, 50)) {
      const fr = f as { class?: unknown; method?: unknown; file?: unknown; line?: unknown };
      if (fr && typeof fr === 'object') lines.push(`\tat ${String(fr.class)}.${String(fr.method)}(${String(fr.file ?? 'Unknown Source')}:${String(fr.line ?? '')})`);
    }
  }
  const cause = thrownText(t.cause);
  if (cause) lines.push(`Caused by: ${cause}`);
  return lines.join('\n');
}

/** A record's message with its one-line error and multi-line stack detail, the same for every record format. */
function messageOf(obj: Record<string, unknown>, fallbackMessage: string): string {
  const rawMsg = pick(obj, MSG_KEYS);
  let message =
    typeof rawMsg === 'string'
      ? rawMsg
      : rawMsg !== undefined
        ? JSON.stringify(rawMsg)
        : typeof obj['@mt'] === 'string'
          ? renderTemplate(obj['@mt'], obj)
          : (requestLine(obj) ?? fallbackMessage);
  if (message.endsWith('\n')) message = message.replace(/\s+$/, ''); // Docker json-file `log` values
  // An access record's fixed wording ("handled request", "request completed") says nothing of which request: add it.
  if (typeof rawMsg === 'string' && GENERIC_ACCESS.test(rawMsg)) {
    const req = requestLine(obj);
    if (req) message = `${message}: ${req}`;
  }
  const err = pick(obj, ERROR_KEYS);
  if (err !== undefined && typeof err !== 'object' && !message.includes(String(err))) message = `${message}: ${String(err)}`;
  const stack = pick(obj, STACK_KEYS);
  if (stack !== undefined) {
    const text = typeof stack === 'string' ? stack : JSON.stringify(stack);
    if (!message.includes(text)) message = `${message}\n${text}`;
  } else if (obj.thrown !== undefined) {
    const text = thrownText(obj.thrown);
    if (text) message = `${message}\n${text}`;
  }
  return message;
}

function fromRecord(obj: Record<string, unknown>, fallbackMessage: string, viaLogger = true): ParsedHead {
  const own = mongoRecord(obj) ?? kubeEvent(obj) ?? postgresRecord(obj) ?? gelfRecord(obj);
  // A GELF library's own service field (`_service`) says more than the container Docker's driver names.
  if (own?.dialect === 'gelf') own.service = serviceOf(obj, false) ?? own.service;
  if (own) return own;
  const view = azureView(obj);
  const message = messageOf(view, fallbackMessage);
  const head: ParsedHead = { time: timeOf(pick(view, TIME_KEYS)) ?? instantOf(obj), level: levelOf(view, message), service: serviceOf(view, viaLogger), message, fields: obj };
  // Kong's file-log (its request, response and latencies) and Azure's resource logs by category are named for list_sources.
  if (view !== obj) head.dialect = `azure:${String(obj.category)}`;
  else if (obj.latencies !== undefined && obj.started_at !== undefined && obj.response !== undefined) head.dialect = 'kong';
  return head;
}

function jsonRecord(line: string): Record<string, unknown> | null {
  const start = line.charCodeAt(0) === 123 ? 0 : line.indexOf('{');
  if (start !== 0 && !(start > 0 && start < 4 && line.slice(0, start).trim() === '')) return null;
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return null;
  }
  return !obj || typeof obj !== 'object' || Array.isArray(obj) ? null : (obj as Record<string, unknown>);
}

export function parseJsonLine(line: string): ParsedHead | null {
  const obj = jsonRecord(line);
  return obj && fromRecord(obj, line);
}

/**
 * A JSON record line amid a text log (a library's zap or slog lines in an app's own stream: hclog around the etcd
 * client's JSON): an entry of its own. Its logger names the library that wrote it, not a service: the file's stands.
 */
export function parseMixedJsonLine(line: string): ParsedHead | null {
  if (line.charCodeAt(0) !== 123 || line.charCodeAt(line.length - 1) !== 125) return null;
  const obj = jsonRecord(line);
  return obj && fromRecord(obj, line, false);
}

/**
 * A JSON record carried as a text line's message (`<time> INFO [svc] {"severity":"error",...}`, `kubectl logs
 * --timestamps`, syslog around a JSON app): its message, fields and service, and its level when it states one (null:
 * the text head's level stands). Null when the message is not one JSON object.
 */
export function jsonBody(text: string): { level: LogLevel | null; service: string | null; message: string; fields: Record<string, unknown> } | null {
  if (text.charCodeAt(0) !== 123) return null;
  const obj = jsonRecord(text);
  if (!obj || mongoRecord(obj)) return null;
  return { level: statedLevel(obj), service: serviceOf(obj), message: messageOf(obj, text), fields: obj };
}

/** parseJsonLine's message and fields alone, for a line whose time, level and service are known (lazy scans' kept lines). */
export function jsonMessage(line: string): { message: string; fields: Record<string, unknown> } | null {
  const obj = jsonRecord(line);
  return obj && { message: messageOf(obj, line), fields: obj };
}

const PAIR = /([A-Za-z_@][\w.@-]*)=("(?:[^"\\]|\\.)*"|[^\s]*)/g;

/** The key=value pairs of a text (logfmt quoting), with the index of the first pair. */
export function logfmtPairs(line: string): { obj: Record<string, string>; pairs: number; firstAt: number } {
  const obj: Record<string, string> = {};
  let pairs = 0;
  let firstAt = -1;
  PAIR.lastIndex = 0;
  for (let m = PAIR.exec(line); m; m = PAIR.exec(line)) {
    if (firstAt < 0) firstAt = m.index;
    const raw = m[2]!;
    obj[m[1]!] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    pairs++;
  }
  return { obj, pairs, firstAt };
}

export function parseLogfmt(line: string): ParsedHead | null {
  const c = line.charCodeAt(0);
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 64)) return null;
  const { obj, pairs, firstAt } = logfmtPairs(line);
  if (pairs < 2 || firstAt !== 0) return null;
  return fromRecord(obj, line);
}

/** The fields of a structured entry worth showing next to its example: scalars other than time/level/message. */
export function exampleFields(fields: Record<string, unknown> | undefined, max = 16): Record<string, string> | undefined {
  if (!fields) return undefined;
  const out: Record<string, string> = {};
  let n = 0;
  const add = (k: string, v: unknown) => {
    if (n >= max || v === null || v === undefined || v === '') return;
    if (typeof v === 'object') return;
    const s = String(v);
    out[k] = s.length > 200 ? `${s.slice(0, 200)}…` : s;
    n++;
  };
  for (const [k, v] of Object.entries(fields)) {
    if (HEADER_KEYS.has(k)) continue;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) if (!HEADER_KEYS.has(`${k}.${k2}`)) add(`${k}.${k2}`, v2);
    } else add(k, v);
  }
  return n > 0 ? out : undefined;
}
