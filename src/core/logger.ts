// The stderr logger for servers and commands: stdout belongs to results (and to MCP framing in servers).
// Levels filter by INCIDENT_LOG_LEVEL; lines carry no colour so they are safe in pipes, and no secrets.
import { redact } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

export interface Logger {
  debug(msg: string): void;
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export function createLogger(
  name: string,
  level: LogLevel = (process.env.INCIDENT_LOG_LEVEL as LogLevel) || 'warn',
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const min = ORDER[level] ?? ORDER.warn;
  const emit = (lvl: LogLevel, msg: string) => {
    if (ORDER[lvl] >= min) write(`[${name}] ${lvl}: ${redact(msg)}\n`);
  };
  return {
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m) => emit('error', m),
  };
}
