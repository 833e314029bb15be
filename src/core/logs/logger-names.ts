// Which service a logger name stands for: Python-style dotted modules name their service first, while
// JVM/.NET class names (`c.a.indexer.BulkIndexer`, `Microsoft.AspNetCore.Hosting`) name none.
import { boundedMemo } from '../bounded-memo.js';

const CACHED_NAMES = 4096;

/**
 * `read` answered by name from a bounded cache: a file repeats a few hundred loggers on every line, and the split
 * and regexes cost more than the rest of a head.
 */
function byName<T extends string | null | false | ColonName>(read: (name: string) => T): (name: string) => T {
  return boundedMemo(read, CACHED_NAMES);
}

/** Python logger names are dotted modules: `billing.app` is the billing service; JVM/.NET class names name no service. */
export const serviceFromLogger: (name: string) => string | null = byName(loggerService);

function loggerService(name: string): string | null {
  // Python's root logger (`logging.info(...)`, `ERROR:root:msg`) is whoever logs through it: the file tells.
  if (name === 'root') return null;
  const parts = name.split('.');
  const root = parts[0] ?? name;
  if (root === '__main__' || root === '') return name || null;
  if (parts.length === 1) return /^[A-Z][a-z]+[A-Z]/.test(root) ? null : root; // `BulkIndexer` is a class
  // `c.a.indexer.BulkIndexer`, `com.acme.Foo`, `Microsoft.AspNetCore.Hosting`: packages and classes, not services.
  if (root.length <= 2 || JAVA_ROOTS.has(root) || SUBSYSTEM_ROOTS.has(root) || /^[A-Z]/.test(root)) return null;
  return root;
}
const JAVA_ROOTS = new Set(['com', 'org', 'net', 'io', 'java', 'javax', 'jdk', 'sun', 'dev', 'edu', 'gov']);
// A server's own subsystems (Caddy's `http.log.access.log0`, `tls.obtain`, `admin.api`): the program, not a service.
const SUBSYSTEM_ROOTS = new Set(['http', 'https', 'tls', 'admin', 'access', 'log', 'logs', 'grpc']);

// A package path ending in a class (`com.acme.cart.CartService`, `c.a.t.TravelServiceImpl`, `a.B$Inner`).
const CLASS_PATH = /^(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*$/;
// A package path under a Java root (`org.jboss.as.server`, JBoss/WildFly categories that name no class).
const JAVA_PACKAGE = /^(?:com|org|net|io|java|javax|jdk|sun)(?:\.[a-z_$][\w$]*){2,}$/;

/**
 * True for a JVM logger name written where a service could stand (`[com.acme.cart.CartService]` in JBoss's
 * `%-5p [%c] (%t)`): a class with its package path, or a package under a Java root. `[checkout]`,
 * `[ts-travel2-service]` or `[billing.app]` are not.
 */
export function isJavaLogger(name: string): boolean {
  return name.indexOf('.') > 0 && (CLASS_PATH.test(name) || JAVA_PACKAGE.test(name));
}

/** For a bracketed name: false when it is no JVM logger (isJavaLogger), else the service it names (serviceFromLogger). */
export const javaLoggerService: (name: string) => string | null | false = byName((name) => (isJavaLogger(name) ? serviceFromLogger(name) : false));

// A class whose name says it is thrown: before a colon it opens the message (`java.io.IOException: Broken pipe`).
const THROWN = /(?:Exception|Error|Throwable)$/;

/** What a dotted `name` followed by `: ` after the level is: a JVM logger naming `service`, a thrown class, or neither. */
export type ColonName = { kind: 'logger'; service: string | null } | { kind: 'thrown' } | { kind: 'other' };
const THROWN_NAME: ColonName = { kind: 'thrown' };
const OTHER_NAME: ColonName = { kind: 'other' };

/**
 * log4j's `%c: %m` (Hadoop's `INFO org.apache.hadoop.Foo: msg`, HBase's `[%t] %c{2}: %m`): a class with its package
 * path, or a package under a Java root, is the logger (isJavaLogger) unless it names an exception, which is the
 * message's own first words. Anything else (`billing.app`, `retrying`) is `other`: the caller's service reading.
 */
export function colonName(name: string): ColonName {
  // Most names before a colon are Python modules (`billing.app`): told apart without a lookup, on every line.
  const last = name.lastIndexOf('.');
  if (last <= 0) return OTHER_NAME;
  const c = name.charCodeAt(last + 1);
  return (c >= 65 && c <= 90) || javaRooted(name) ? jvmColonName(name) : OTHER_NAME;
}

/** A cheap first look for JAVA_PACKAGE: a first segment of 2 to 5 letters starting as a Java root does. */
function javaRooted(name: string): boolean {
  const dot = name.indexOf('.');
  const c = name.charCodeAt(0);
  return dot >= 2 && dot <= 5 && (c === 99 || c === 111 || c === 110 || c === 105 || c === 106 || c === 115);
}
const jvmColonName = byName((name): ColonName => {
  if (!isJavaLogger(name)) return OTHER_NAME;
  return THROWN.test(name) ? THROWN_NAME : { kind: 'logger', service: serviceFromLogger(name) };
});
