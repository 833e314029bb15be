// The logger a structured record was written by (logback's `c.a.bff.catalog.CatalogClient`, Serilog's SourceContext,
// Python's module): a client wrapper logs under its own class, named for what it calls, so a caller's error is read by it.
import { LOGGER_KEYS } from './structured-formats.js';

/** Most characters kept: a class or module path is short; anything longer is not a logger's name. */
const MAX_LOGGER = 200;
/**
 * A logger's name as frameworks write them: dotted classes and modules, `::` and `/` paths, a Go caller's `file.go:86`,
 * a generic's backtick. Anything with spaces or other characters is a message, not a name, and is dropped.
 */
const LOGGER_NAME = /^[\w$.:/@`<>-]+$/;

/**
 * The logger a record's fields name (the keys the parsers read as a logger, structured-formats.ts), or undefined.
 * The value is untrusted text kept only for matching names against: printable, bounded, and name-shaped.
 */
export function loggerFromFields(f: Record<string, unknown> | undefined): string | undefined {
  if (!f) return undefined;
  for (const k of LOGGER_KEYS) {
    const v = f[k];
    if (typeof v !== 'string') continue;
    const name = v.trim();
    if (name.length >= 2 && name.length <= MAX_LOGGER && LOGGER_NAME.test(name)) return name;
  }
  return undefined;
}
