// The service a log file is named after ("billing.log", "orders-2025-02-20.log.gz"), for entries that name none
// themselves: one rule for the logs server's answers and the engine's reading of a signature's example source.
import { deploymentOfPodName } from './kubernetes.js';
import { serviceFromLogger } from './logger-names.js';
import type { LineParser } from './parsed-head.js';

// Names that say what kind of log a file is, or how it was collected (rca's own `stdin.log` for `--logs -`), not whose.
const GENERIC_LOG_NAMES =
  /^(app|application|server|service|main|error|errors|combined|access|syslog|messages|output|out|stdin|stdout|stderr|input|debug|all|log|logs|current|latest|incident|dump|console|compose|docker|kubectl|journal|journald|system|kern|kernel|daemon|events|trace|traces)$/i;

/**
 * `-out`, `-error`, `-stderr` after an app's name: the stream its file holds; so is `-access` beside it (nginx's,
 * Caddy's and Apache's `<site>-access.log` next to `<site>-error.log`: one proxy's two logs, not two services).
 */
const STREAM_SUFFIX = /(?<=^[a-z][a-z0-9_-]*[a-z0-9])[-_](?:out|err|error|stdout|stderr|access)$/;

const WEEKDAY = /[-_.](?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?$/i;

const withoutExtension = (name: string): string => name.replace(/(\.(log|txt|json|jsonl|out|gz|\d+))+$/i, '');

/** The service a log file's name gives (lower case; a pod's workload), or null for generic names (app.log, error.log, syslog). */
export function serviceOfLogFile(file: string): string | null {
  const name = file.split(/[\\/]/).pop() ?? '';
  // A rotation's suffix is when, not whose: a date (`orders-2025-02-20`), or a weekday (PostgreSQL's `postgresql-%a.log`).
  // The extension may also come before the date (Amazon RDS's `postgresql.log.2026-12-05-01`).
  const base = withoutExtension(withoutExtension(name).replace(/[-_.]?\d{4}-?\d{2}-?\d{2}.*$/, '')).replace(WEEKDAY, '');
  // IIS names its daily files after the date alone (`u_ex261103.log`): the site is a folder up, and no service.
  if (!/^[a-z][a-z0-9_-]{1,80}$/i.test(base) || GENERIC_LOG_NAMES.test(base) || /^u_ex\d{6,8}$/i.test(base)) return null;
  // `kubectl logs checkout-7d9f8b6c5-x2x9q > checkout-7d9f8b6c5-x2x9q.log`: the pod's workload is the service.
  // A .NET or Java project's PascalCase name (`BillingPortal-20261103.log`) is the service its repository folder,
  // image and Kubernetes objects spell in kebab case (`billing-portal`; DNS names allow no capitals).
  const named = /^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+$/.test(base) ? base.replace(/(?<=[a-z0-9])(?=[A-Z])/g, '-').toLowerCase() : base.toLowerCase();
  // PM2 writes each app's stdout and stderr to `<app>-out.log` and `<app>-error.log` (so do supervisord-style setups):
  // the stream is which of its logs, not part of the app's name.
  const service = named.replace(STREAM_SUFFIX, '');
  return deploymentOfPodName(service) ?? service;
}

/**
 * The parser with the file's service filled in where a line names none (a Spring Boot console line, an app's JSON
 * without a service key): otherwise request flows and per-service counts of `checkout.log` would have no service.
 */
export function withFileService(parse: LineParser, file: string): LineParser {
  const service = serviceOfLogFile(file);
  if (service === null) return parse;
  const out: LineParser = (line) => fillService(parse(line), service);
  if (parse.inner) out.inner = parse.inner;
  return out;
}

/**
 * The head with `service` where it had none, or where it had only the first word of it: a Python logger's package
 * (`ingest` from `ingest.spool`) in `ingest-worker.log` is the deployed ingest-worker (nginx in `nginx-error.log` stays
 * nginx). Heads are fresh objects per line, so it is set in place.
 */
export function fillService<T extends { service: string | null; programOnly?: true; fields?: Record<string, unknown> }>(head: T | null, service: string | null): T | null {
  if (head === null || service === null) return head;
  // A layout that names only its program (nginx's error log): the file named for a deployment says which one it is.
  // So does a service read off a logger's first module (`ktor` from `ktor.application`, `uvicorn` from
  // `uvicorn.error`): a guess at a module path inside the process, where the file is named for the process itself.
  head.service = head.programOnly || guessedFromLogger(head) ? service : serviceInFile(head.service, service);
  return head;
}

/** True when the head's service is only its logger's first module (serviceFromLogger), not a name the line gave. */
function guessedFromLogger(head: { service: string | null; fields?: Record<string, unknown> }): boolean {
  const logger = head.fields?.logger;
  return head.service !== null && typeof logger === 'string' && serviceFromLogger(logger) === head.service;
}

/**
 * fillService's rule on names alone: the line's service, or the file's where the line names none, only its first word,
 * or only its last: a program deployed under a qualified name (syslog's `haproxy[214]:` in `pg-haproxy.log`) is
 * that deployment, the name its folder, tag and pods carry.
 */
export function serviceInFile(line: string | null, file: string | null): string | null {
  if (file === null) return line;
  if (line === null || (file.length > line.length && file.charCodeAt(line.length) === 45 && file.startsWith(line) && !logKind(file.slice(line.length + 1)))) return file;
  if (line.length >= 3 && file.length > line.length + 1 && file.endsWith(`-${line}`)) return file;
  return line;
}

/** `nginx-error.log`, `mysql-slow.log`: the word after the service says which of its logs, not a longer name. */
const logKind = (word: string): boolean => GENERIC_LOG_NAMES.test(word) || /^(slow|gc|audit|query|queries|requests?|json)$/i.test(word);
