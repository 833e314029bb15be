// Microsoft.Extensions.Logging's simple console formatter: `fail: Ns.Class[eventId]`, the message on the indented
// lines below (or after it on one line with SingleLine), with or without a TimestampFormat before it.
import type { LogLevel } from '../evidence.js';
import type { ParsedHead } from './parsed-head.js';
import { serviceFromLogger } from './logger-names.js';

const DOTNET = /^(trce|dbug|info|warn|fail|crit): ([\w.`+<>$-]{1,300})\[(-?\d+)\](?:\s+([\s\S]*))?$/;
const DOTNET_LEVELS: Record<string, LogLevel> = { trce: 'trace', dbug: 'debug', info: 'info', warn: 'warn', fail: 'error', crit: 'fatal' };

// The exception a message is about, on the line under it: `StackExchange.Redis.RedisTimeoutException: Timeout ...`.
const EXCEPTION = /^((?:[\w`]+\.)+[\w`]*Exception)\b/;

/**
 * The entry's message from the line under the head: what the app said, so entries of one category mine into one
 * signature per message and not one for the whole category; with the type of the exception under it, so a generic
 * message ("An unhandled exception has occurred while executing the request.") mines per failure. The lines after
 * it (the exception, its frames) stay.
 */
function messageBelow(whole: string): string {
  const lines = whole.split('\n');
  const first = lines[1]?.trim();
  if (!first) return whole;
  const thrown = lines[2] === undefined ? null : EXCEPTION.exec(lines[2].trim());
  return [thrown ? `${first} ${thrown[1]}` : first, ...lines.slice(2)].join('\n');
}

/**
 * `fail: Ns.Class[0]`: the category is the logger (and names a service only as a Python-style module would:
 * `Microsoft.AspNetCore.Hosting` none, `orders.Worker` orders). The head stands as the message until the lines below it
 * are read (ParsedHead.reword).
 */
export function parseDotnetHead(line: string): ParsedHead | null {
  const m = DOTNET.exec(line);
  if (!m) return null;
  const category = m[2]!;
  const fields = { logger: category, event_id: Number(m[3]) };
  const level = DOTNET_LEVELS[m[1]!]!;
  if (m[4]) return { time: null, level, service: serviceFromLogger(category), message: m[4], fields, dialect: 'dotnet-console' };
  return { time: null, level, service: serviceFromLogger(category), message: `${category}[${m[3]}]`, fields, reword: messageBelow, dialect: 'dotnet-console' };
}

/** True when `text` may open with a .NET head (`fail: `): the colon is the fifth character. */
export function dotnetShaped(text: string, at = 0): boolean {
  return text.charCodeAt(at + 4) === 58 && text.charCodeAt(at + 5) === 32;
}
