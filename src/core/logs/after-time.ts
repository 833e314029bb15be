// What follows a line's timestamp in the text formats the fast parsers do not cover: syslog/journald
// `host prog[pid]: msg`, Python `- logger - LEVEL - msg`, Spring Boot, logback, JBoss, MongoDB, PostgreSQL, MySQL, `<level>`, and wrapped logfmt/JSON.
import type { LogLevel } from '../evidence.js';
import { LEVEL_RANK, inferLevel, levelFromStatus, levelWord } from './levels.js';
import { parseJsonLine, parseLogfmt } from './structured-formats.js';
import { colonName, javaLoggerService, serviceFromLogger } from './logger-names.js';
import type { ParsedHead } from './parsed-head.js';
import { sleuthContext } from './trace-context.js';
import { dotnetShaped, parseDotnetHead } from './dotnet-console.js';
import { postgresRest, rdsPostgresRest } from './postgres-log.js';
import { programBody, programService, withOrigin } from './syslog-programs.js';
import { celeryBody } from './celery.js';

export type Rest = Omit<ParsedHead, 'time'>;


// `host prog[pid]: msg`, `host prog: msg` (syslog/journald after the stamp); prog may be `systemd`, `kernel`.
const SYSLOG_REST = /^([\w.:-]{1,100}) ([\w./@()-]{1,80}?)(?:\[([\d.]{1,24})\])?: ?([\s\S]*)$/;
// `auth.service: Main process exited, ...` as logged by systemd about a unit.
const UNIT = /^([\w@.-]+?)\.(?:service|socket|timer|scope|mount): /;
const UNIT_ANYWHERE = /\b([\w@-]+)\.service\b/;
const HOSTLIKE = /^(?:localhost|[a-z][\w-]*[\d.-][\w.-]*)$/i;
// `- search.query - WARNING - msg` / `search.query - WARNING - msg` / `[thread] logger - LEVEL - msg`.
const DASHED = /^(?:-\s+)?(?:\[[^\]]{1,80}\]\s+)?([\w.$@/-]{1,120})\s+-\s+([A-Za-z]{3,11})\s+-\s+([\s\S]*)$/;
// Spring Boot after the level: `1 --- [app] [thread] c.a.Foo   : msg` (the `[app]` part since Boot 3.2).
const SPRING = /^\d+\s+---\s+(?:\[([^\]]{1,80})\]\s+)?(?:\[\s*([^\]]{1,80})\]\s+)?(\S{1,200}?)\s*:\s([\s\S]*)$/;
// logback/log4j after the level: `[thread] c.a.Foo - msg`, `c.a.Foo - msg`, `[svc] msg`, `svc: msg`.
const LOGGER_DASH = /^(?:\[([^\]]{1,80})\]\s+)?([\w.$@\/-]{1,200}?)(?::\d+)?\s+-\s([\s\S]*)$/;
const BRACKET_SVC = /^\[([^\]\s]{1,80})\]:?\s+([\s\S]*)$/;
const COLON_SVC = /^([a-z_][\w.$-]{0,80}):\s+([\s\S]*)$/;
// A level at the start of the message: `ERROR`, `[ERROR]`, `<error>`, `ERROR:`, `E ` is not accepted.
const LEAD_LEVEL = /^(?:\[\s*([A-Za-z]{3,11})\s*\]|<([A-Za-z]{3,11})>|([A-Za-z]{3,11})(?=[:\s]|$)):?\s*/;
// Android logcat after the stamp: `1702  2395 D WindowManager: msg`.
const LOGCAT = /^(\d+)\s+(\d+)\s+([VDIWEFA])\s+([^:]{1,80}?)\s*:\s?([\s\S]*)$/;
const LOGCAT_LEVELS: Record<string, LogLevel> = { V: 'trace', D: 'debug', I: 'info', W: 'warn', E: 'error', F: 'fatal', A: 'fatal' };
// PHP's Monolog after its `[time] `: `channel.LEVEL: message {context} [extra]`.
const MONOLOG = /^[a-z][\w-]{0,40}\.(DEBUG|INFO|NOTICE|WARNING|ERROR|CRITICAL|ALERT|EMERGENCY):\s+([\s\S]*)$/;
// MySQL's error log after the time: thread id, `[Label]`, then (8.0) `[MY-012592] [InnoDB] msg` or (5.x) the message.
const MYSQL = /^\d{1,20}\s+\[(System|ERROR|Error|Warning|Note)\]\s+([\s\S]*)$/;
const MYSQL_LEVELS: Record<string, LogLevel> = { System: 'info', Note: 'info', Warning: 'warn', ERROR: 'error', Error: 'error' };
// MongoDB before 4.4: `E STORAGE  [conn13] msg` (severity letter, D1-D5 for debug verbosity, component, context).
const MONGO_TEXT = /^([FEWID])[1-5]?\s+([A-Z][A-Z_]{1,19}|-)\s+\[([^\]\s]{1,80})\]\s([\s\S]*)$/;
// `[thread] LEVEL logger - msg` (logback's default pattern).
const THREAD_FIRST = /^\[([^\]]{1,80})\]\s+([A-Za-z]{3,11})\s+([\s\S]*)$/;
// `[thread] c.a.Foo: msg` after the level (log4j's `%-5p [%t] %c: %m`, HBase): kept only for a JVM logger (colonName).
const THREAD_COLON = /^\[[^\]]{1,80}\]\s+([\w.$]{1,200}):\s+([\s\S]*)$/;
// Tomcat/Catalina's `[thread] org.apache.catalina.core.StandardWrapperValve.invoke msg`: the class and method, then the message.
const THREAD_METHOD = /^\[[^\]]{1,80}\]\s+((?:[a-z_$][\w$]*\.)+[A-Z][\w$]*)\.[\w$<>]{1,80}\s+([\s\S]*)$/;
// After a `[thread]`: `c.a.Foo - msg`, or `c.a.Foo: msg` when that name is a JVM logger.
const LOGGER_NEXT = /^\s+([\w.$]{1,200})(\s+-\s|:\s)/;

// Flask's default `[time] ERROR in app: msg`: `in <module>:` names a source module, not a service.
const FLASK_MODULE = /^in [\w.<>-]{1,80}: /;
// gunicorn/uwsgi `[time] [pid] [LEVEL] msg`: the pid stands before the level.
const PID_FIRST = /^\[\d{1,10}\]\s+(?=\[)/;
// Heroku's log stream: `heroku[router]: at=error code=H12 ...`, `app[web.1]: msg`; the dyno type names the process.
const HEROKU = /^(heroku|app)\[([\w-]{1,60})(?:\.\d+)?\]: ?([\s\S]*)$/;
const HEROKU_AT = /^at=(\w+)\b/;

/** The rest of a line after its level word: service/logger separators and the message. */
export function afterLevel(text: string, level: LogLevel): Rest {
  // Sleuth's `[app,trace,span]` before Spring Boot's `pid --- [thread] logger : msg`: the app and the ids as fields.
  const trace = sleuthContext(text);
  if (trace) {
    const rest = afterLevel(text.slice(trace.end), level);
    return { ...rest, service: trace.service ?? rest.service, fields: { ...rest.fields, ...trace.fields } };
  }
  if (FLASK_MODULE.test(text)) return { level, service: null, message: text.slice(text.indexOf(': ') + 2) };
  const sp = SPRING.exec(text);
  // The logger (a class, no line number in this pattern) is kept: request_flows names a statement by it.
  if (sp) return { level, service: sp[1] && sp[2] ? sp[1] : serviceFromLogger(sp[3]!), message: sp[4]!, fields: { logger: sp[3]! } };
  const ld = LOGGER_DASH.exec(text);
  // logback's `%logger - %msg`: the logger is kept as Spring Boot's is, not dropped.
  if (ld && !/\s/.test(ld[2]!)) return { level, service: serviceFromLogger(ld[2]!), message: ld[3]!, fields: { logger: ld[2]! } };
  if (text.charCodeAt(0) === 91) {
    const tc = THREAD_COLON.exec(text);
    const head = tc ? colonHead(tc[1]!, tc[2]!, level) : null;
    if (head) return head;
    // A thread is never the service: with a Java class after it, that class is the logger.
    const tm = THREAD_METHOD.exec(text);
    const service = tm ? javaLoggerService(tm[1]!) : false;
    if (service !== false) return { level, service, message: tm![2]!, fields: { logger: tm![1]! } };
  }
  const br = BRACKET_SVC.exec(text);
  if (br) return bracketed(br[1]!, br[2]!, level);
  const co = COLON_SVC.exec(text);
  if (co) return colonHead(co[1]!, co[2]!, level) ?? { level, service: serviceFromLogger(co[1]!), message: co[2]! };
  return { level, service: null, message: text };
}

/**
 * `name: message` after the level when `name` is a JVM logger (kept in `logger`, as logback's `logger - msg` is) or a
 * thrown class (`java.io.IOException: Broken pipe`, all of it the message); null for any other name (a service).
 */
export function colonHead(name: string, message: string, level: LogLevel): Rest | null {
  const c = colonName(name);
  if (c.kind === 'other') return null;
  return c.kind === 'logger' ? { level, service: c.service, message, fields: { logger: name } } : { level, service: null, message: `${name}: ${message}` };
}

/** True when `text` (after a `[thread]`) goes on with a logger: `c.a.Foo - msg`, or `c.a.Foo: msg` for a JVM logger. */
export function loggerFollows(text: string): boolean {
  const m = LOGGER_NEXT.exec(text);
  return m !== null && (m[2]!.charCodeAt(0) !== 58 || colonName(m[1]!).kind === 'logger');
}

/** Where the message starts in `text` from `at` after JBoss/WildFly's `(%t) ` following `[%c]`: past the thread, if any. */
export function afterParenThread(text: string, at = 0): number {
  if (text.charCodeAt(at) !== 40) return at;
  const close = text.indexOf(')', at);
  if (close < at + 2 || close > at + 101 || text.lastIndexOf('(', close) !== at) return at;
  let i = close + 1;
  const c = text.charCodeAt(i);
  if (c !== 32 && c !== 9) return at;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  return i;
}

/**
 * A bracketed name before the message: a JVM logger (`[com.acme.cart.CartService]`, kept in `logger`, the JBoss
 * thread after it dropped) or else the service (`[checkout]`).
 */
export function bracketed(name: string, message: string, level: LogLevel): Rest {
  return jvmBracket(name, message, 0, level) ?? codeBracket(name, message, level) ?? { level, service: name, message };
}

// `[%(name)s:%(lineno)s]` (Django's documented `verbose` formatter): a module and a line, a code location.
const NAME_LINE = /^([A-Za-z_][\w.-]{0,200}):(\d{1,6})$/;

/** A bracketed `logger:line`: the logger (its package names the service as a Python logger's does) and the line. */
function codeBracket(name: string, message: string, level: LogLevel): Rest | null {
  const m = NAME_LINE.exec(name);
  return m ? { level, service: serviceFromLogger(m[1]!), message, fields: { logger: m[1]!, line: Number(m[2]) } } : null;
}

/** The head for a bracketed JVM logger whose message starts at `at` in `text` (past a JBoss thread), or null for any other name. */
export function jvmBracket(name: string, text: string, at: number, level: LogLevel): Rest | null {
  const service = name.indexOf('.') > 0 ? javaLoggerService(name) : false;
  return service === false ? null : { level, service, message: text.slice(afterParenThread(text, at)), fields: { logger: name } };
}

/** A message that may open with a level (`<error>`, `ERROR`, `[WARN]`) or be a logfmt/JSON record itself. */
export function messageBody(text: string, service: string | null): Rest {
  const c = text.charCodeAt(0);
  if (c === 123) {
    const j = parseJsonLine(text);
    if (j) return { level: j.level, service: j.service ?? service, message: j.message, ...(j.fields ? { fields: j.fields } : {}) };
  }
  const lv = LEAD_LEVEL.exec(text);
  const word = lv ? levelWord(lv[1] ?? lv[2] ?? lv[3]!) : null;
  // Go's `panic: runtime error: ...` is the crash's own wording, not a level prefix: keep it.
  if (word && lv![3]?.toLowerCase() === 'panic') return { level: 'fatal', service, message: text };
  if (word) {
    const r = afterLevel(text.slice(lv![0].length), word);
    return { ...r, service: service ?? r.service };
  }
  if (text.indexOf('=') > 0) {
    const l = parseLogfmt(text);
    if (l && l.fields && Object.keys(l.fields).length >= 2) return { level: l.level, service: l.service ?? service, message: l.message, fields: l.fields };
  }
  // HAProxy's HTTP log (`10.0.0.1:40000 [date] front back/server Tq/Tw/Tc/Tr/Ta 503 ...`): its status is its level.
  const status = c >= 48 && c <= 57 ? HAPROXY_HTTP.exec(text) : null;
  if (status) return { level: levelFromStatus(Number(status[1])) ?? 'info', service, message: text };
  return { level: inferLevel(text), service, message: text };
}

const HAPROXY_HTTP = /^[\d.:a-fA-F]+:\d+ \[[^\]]{10,40}\] \S+ \S+\/\S+ -?\d+\/-?\d+\/-?\d+\/-?\d+\/\+?-?\d+ (\d{3}) /;

/** Heroku router lines grade by `at=` and the HTTP status (`at=info status=503` is still a failed request). */
function herokuBody(platform: boolean, process: string, body: string): Rest {
  const at = HEROKU_AT.exec(body);
  if (!at) {
    // Platform notices (`Error R14 (Memory quota exceeded)`) keep their wording; app lines may open with a level.
    const r = messageBody(body, process);
    return platform ? { ...r, message: body } : r;
  }
  const byAt = levelWord(at[1]!) ?? 'info';
  const status = /\bstatus=(\d{3})\b/.exec(body);
  const byStatus = status ? levelFromStatus(Number(status[1])) : null;
  const level = byStatus && LEVEL_RANK[byStatus] > LEVEL_RANK[byAt] ? byStatus : byAt;
  return { level, service: process, message: body };
}

function withoutTime(head: ParsedHead): Rest {
  const { time: _time, ...rest } = head;
  return rest;
}

/** Parses what follows the timestamp. `inBracket` is text that shared the timestamp's brackets. */
export function parseAfterTime(rest: string, inBracket?: string): Rest {
  if (inBracket) {
    // celery `[time: INFO/MainProcess]`, `[time] [INFO]` handled below; `[time INFO]` too.
    const w = /^:?\s*([A-Za-z]{3,11})(?:\/([\w.-]+))?$/.exec(inBracket);
    const lv = w ? levelWord(w[1]!) : null;
    // Celery's `[time: LEVEL/ProcessName]`: the process after the slash.
    if (lv && w![2]) return celeryBody(rest, lv, w![2]);
    if (lv) return afterLevel(rest, lv);
  }
  const dotnet = dotnetShaped(rest) ? parseDotnetHead(rest) : null;
  if (dotnet) return withoutTime(dotnet);
  // A zone written as a word after the time (PostgreSQL's `%m`): times without an offset are read as UTC already.
  if (rest.startsWith('UTC ') || rest.startsWith('GMT ')) rest = rest.slice(4);
  else if (rest.startsWith('UTC:') || rest.startsWith('GMT:')) {
    const rds = rdsPostgresRest(rest.slice(3));
    if (rds) return rds;
  }
  const pg = rest.charCodeAt(0) === 91 ? postgresRest(rest) : null;
  if (pg) return pg;
  // PHP's Monolog (Laravel, Symfony): `[time] channel.LEVEL: message {context} [extra]`; the channel is no service.
  const mono = MONOLOG.exec(rest);
  if (mono) return { level: levelWord(mono[1]!) ?? 'info', service: null, message: mono[2]! };
  const my = rest.charCodeAt(0) >= 48 && rest.charCodeAt(0) <= 57 ? MYSQL.exec(rest) : null;
  if (my) return { level: MYSQL_LEVELS[my[1]!]!, service: null, message: my[2]! };
  const hk = rest.charCodeAt(0) === 104 || rest.charCodeAt(0) === 97 ? HEROKU.exec(rest) : null;
  if (hk) return herokuBody(hk[1] === 'heroku', hk[2]!, hk[3]!);
  if (rest.charCodeAt(0) === 91) {
    const pid = PID_FIRST.exec(rest);
    if (pid) rest = rest.slice(pid[0].length);
  }
  const lc = LOGCAT.exec(rest);
  if (lc) return { level: LOGCAT_LEVELS[lc[3]!]!, service: lc[4]!.trim(), message: lc[5]! };
  const mg = rest.charCodeAt(1) === 32 || rest.charCodeAt(2) === 32 ? MONGO_TEXT.exec(rest) : null;
  // The component (NETWORK, STORAGE) is the server's part, not a service: the file names the service.
  if (mg) return { level: LOGCAT_LEVELS[mg[1]!]!, service: null, message: mg[4]!, fields: { component: mg[2]!, context: mg[3]! } };
  let text = rest;
  if (text.startsWith('- ') || text.startsWith('| ')) text = text.slice(2).trimStart();
  const lead = LEAD_LEVEL.exec(text);
  const leadWord = lead && lead[3]?.toLowerCase() !== 'panic' ? levelWord(lead[1] ?? lead[2] ?? lead[3]!) : null;
  if (leadWord) return afterLevel(text.slice(lead![0].length), leadWord);
  const tf = THREAD_FIRST.exec(text);
  if (tf && levelWord(tf[2]!)) return afterLevel(tf[3]!, levelWord(tf[2]!)!);
  const d = DASHED.exec(text);
  if (d && levelWord(d[2]!)) return { level: levelWord(d[2]!)!, service: serviceFromLogger(d[1]!), message: d[3]! };
  const sys = SYSLOG_REST.exec(text);
  // A host is named like one (`ip-10-4-7-21`, `web01.dc`); otherwise `[pid]` or `kernel:` must show it is syslog,
  // so free text such as `dial failed: connection refused` stays a message.
  if (sys && !levelWord(sys[1]!) && !/^\d+$/.test(sys[2]!) && (sys[3] !== undefined || sys[2] === 'kernel' || HOSTLIKE.test(sys[1]!))) {
    let prog: string = programService(sys[2]!.replace(/\.service$/, ''));
    const message = sys[4]!;
    if (prog === 'systemd' || prog === 'init' || prog.startsWith('systemd-')) {
      const unit = UNIT.exec(message) ?? UNIT_ANYWHERE.exec(message);
      if (unit) prog = unit[1]!;
    }
    // journalctl's short formats and syslog with an ISO stamp: the host and pid are where the line came from.
    return withOrigin(programBody(prog, message) ?? messageBody(message, prog), sys[1], sys[3]);
  }
  return messageBody(text, null);
}
