// Entry-point plumbing shared by the four stdio servers: one argument style (Usage:, --help and --version on
// stdout, a bad option as one line on stderr and exit 2), the transport, and a clean shutdown.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Logger } from './logger.js';
import { packageVersion } from './package-info.js';
import { resolveTimeSpec, TimeSpecError } from './time.js';

type Options = NonNullable<ParseArgsConfig['options']>;
/** The values parseArgs returns for these options (strict, no positionals). */
type ParsedValues<O extends Options> = ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: false }>>['values'];

export interface ServerCli<O extends Options> {
  /** The bin name (incident-logs-server): the prefix of every message. */
  bin: string;
  /** The help text, starting with `Usage:`. */
  usage: string;
  options: O;
}

/** Prints `<bin>: message (run with --help)` on stderr and exits 2 (a usage error, as for `rca`). */
export function failUsage(bin: string, message: string): never {
  process.stderr.write(`${bin}: ${message} (run with --help)\n`);
  process.exit(2);
}

/**
 * Parses a server's argv. --help and --version print on stdout and exit 0: they run from a terminal, never
 * under an MCP client, so stdout is free then.
 */
export function parseServerArgs<O extends Options>(cli: ServerCli<O>, argv: string[] = process.argv.slice(2)): ParsedValues<O> {
  const options: Options = { ...cli.options, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'V' } };
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (err) {
    failUsage(cli.bin, err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    process.stdout.write(cli.usage.endsWith('\n') ? cli.usage : `${cli.usage}\n`);
    process.exit(0);
  }
  if (values.version) {
    process.stdout.write(`${packageVersion()}\n`);
    process.exit(0);
  }
  return values as ParsedValues<O>;
}

/** --at: an ISO time or a time relative to the clock ("30m ago", "now-2h"); exits 2 with the accepted forms. */
export function parseAtOption(bin: string, value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  try {
    return resolveTimeSpec(value, now, '--at');
  } catch (err) {
    failUsage(bin, err instanceof TimeSpecError ? err.message : String(err));
  }
}

/** Serves on stdin/stdout until the client goes; never rejects: a transport that cannot start is logged, exit code 1. */
export async function serveStdio(server: McpServer, logger: Logger): Promise<void> {
  const transport = new StdioServerTransport();
  const close = () => {
    // A server whose client is gone must not linger: exit even if closing waits on work in flight.
    setTimeout(() => process.exit(0), 300).unref();
    void server.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', close);
  process.on('SIGTERM', close);
  process.stdin.on('end', close);
  process.stdin.on('close', close);
  try {
    await server.connect(transport);
  } catch (err) {
    logger.error(`could not serve: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
    return;
  }
  logger.info('serving on stdio');
}
