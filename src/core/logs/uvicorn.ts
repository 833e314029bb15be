// uvicorn's default console lines: `INFO:     10.0.0.1:5000 - "GET /x HTTP/1.1" 500 Internal Server Error` (the level
// and its colon padded to a column, no time) and `ERROR:    Exception in ASGI application` over the traceback.
import type { LogLevel } from '../evidence.js';
import type { ParsedHead } from './parsed-head.js';
import { levelFromStatus } from './levels.js';

// The level and colon padded to nine characters, then a space: `INFO:     `, `WARNING:  `.
const HEAD = /^[A-Z]{4,8}: +/;
const ACCESS = /^\S+:\d+ - "[A-Z]+ \S+ HTTP\/[\d.]+" (\d{3})\b/;
// A traceback's last line names what was raised: `asyncpg.exceptions.InvalidPasswordError: password ...`.
const RAISED = /^[A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Timeout|Failure)\w*(?::\s.*)?$/;
// uvicorn's own wording for an app's unhandled exception; the traceback under it says which.
const UNHANDLED = 'Exception in ASGI application';

/** The raised exception after the head, so different failures of the app do not mine into one "Exception in ASGI application". */
function raisedBelow(whole: string): string {
  const lines = whole.split('\n');
  for (let i = lines.length - 1; i > 0; i--) {
    if (RAISED.test(lines[i]!)) return [`${lines[0]}: ${lines[i]}`, ...lines.slice(1)].join('\n');
  }
  return whole;
}

/**
 * A line whose level word opened it (`line` whole, `message` after the level), read as uvicorn's when it is one: a
 * request's status is its level (uvicorn logs every request at INFO), an unhandled exception is named by what was
 * raised. Null when the line is not uvicorn's.
 */
export function uvicornLine(line: string, level: LogLevel, message: string): ParsedHead | null {
  const access = level === 'info' ? ACCESS.exec(message) : null;
  if (!access && HEAD.exec(line)?.[0].length !== 10) return null;
  const head: ParsedHead = { time: null, level: access ? (levelFromStatus(Number(access[1])) ?? level) : level, service: null, message, dialect: 'uvicorn' };
  if (message === UNHANDLED) head.reword = raisedBelow;
  return head;
}
