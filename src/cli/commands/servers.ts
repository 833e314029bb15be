// `rca servers [--json]`: starts the configured MCP servers, checks that each source answers (one read-only
// call), lists health and tools (read-only or mutating), then stops them. Exit 1 when any is not ready or silent.
import type { Command } from 'commander';
import { EXIT } from '../../core/errors.js';
import { action } from '../boundary.js';
import { addSourceOptions } from '../options.js';

export interface ServerListing {
  demo: boolean;
  config: string | null;
  servers: Array<{
    name: string;
    builtin: boolean;
    status: string;
    version: string | null;
    start_ms: number | null;
    restarts: number;
    error: string | null;
    /** Whether the source answered a read-only probe call; null when none applies (extra servers). */
    answers: boolean | null;
    /** What the probe found or why it failed, in the server's words. */
    check: string | null;
    tools: Array<{ name: string; tool: string; read_only: boolean; destructive: boolean; description: string }>;
  }>;
}

export function register(program: Command): void {
  const cmd = program
    .command('servers')
    .description('start the configured MCP servers, check that each source answers, list their tools')
    .option('--json', 'print JSON instead of a table')
    .option('--demo', "the bundled demo incident's servers");
  addSourceOptions(cmd).action(
    action(async (_local: Record<string, unknown>, command: Command) => {
      // With globals: if the root program also declares the source flags, commander may hand them to it.
      const opts = command.optsWithGlobals<Record<string, unknown>>();
      const listing = await listServers(opts);
      const { writeJson } = await import('../output.js');
      if (opts.json) writeJson(listing);
      else process.stdout.write(await renderListing(listing));
      return listing.servers.every((s) => s.status === 'ready' && s.answers !== false) ? EXIT.ok : EXIT.failure;
    }),
  );
}

/** Starts the servers, snapshots health and tools, and always stops them again. */
export async function listServers(opts: Record<string, unknown>): Promise<ServerListing> {
  const { resolveSourcesOrDemo, spawnServersEarly, startServers } = await import('../compose.js');
  const run = await resolveSourcesOrDemo(opts, { demo: opts.demo === true });
  if (run.notice) process.stderr.write(`${run.notice}\n`);
  // Spawned before the hub's code loads; the hub adopts them (and close() stops any it did not).
  const early = spawnServersEarly(run.config);
  const hub = await startServers(run.config, undefined, { early }).finally(() => early.close());
  try {
    const { checkSources } = await import('../../investigation/source-check.js');
    const tools = hub.listTools();
    const ready = hub.health().filter((h) => h.status === 'ready').map((h) => h.name);
    const checks = new Map((await checkSources(hub, ready)).map((c) => [c.server, c]));
    return {
      demo: run.demo,
      config: run.config.configPath,
      servers: hub.health().map((h) => ({
        name: h.name,
        builtin: h.builtin,
        status: h.status,
        version: h.version,
        start_ms: h.startMs,
        restarts: h.restarts,
        error: h.error,
        answers: checks.get(h.name)?.answers ?? (h.status === 'ready' ? null : false),
        check: checks.get(h.name)?.detail ?? null,
        tools: tools
          .filter((t) => t.server === h.name)
          .map((t) => ({ name: t.name, tool: t.tool, read_only: t.readOnly, destructive: t.destructive, description: t.description })),
      })),
    };
  } finally {
    await hub.close();
  }
}

async function renderListing(listing: ServerListing): Promise<string> {
  const { colorFor, renderTable, firstLine } = await import('../output.js');
  const c = colorFor(process.stdout);
  if (listing.servers.length === 0) return 'no servers configured\n';
  const statusColor = (s: string) => (s === 'ready' ? c.green(s) : c.red(s));
  const summary = renderTable(
    ['SERVER', 'STATUS', 'ANSWERS', 'TOOLS', 'START', 'KIND'],
    listing.servers.map((s) => [
      c.bold(s.name),
      statusColor(s.status),
      s.answers === null ? c.dim('-') : s.answers ? c.green('yes') : c.red('no'),
      String(s.tools.length),
      s.start_ms === null ? '-' : `${s.start_ms} ms`,
      s.builtin ? 'built-in' : 'extra',
    ]),
    { headerStyle: c.dim },
  );
  const parts = [summary];
  for (const s of listing.servers) {
    parts.push(`\n${c.bold(s.name)}${s.version ? c.dim(` (${s.version})`) : ''}\n`);
    if (s.error) parts.push(`  ${c.red(s.error)}\n`);
    if (s.answers === false && s.check) parts.push(`  ${c.red(`does not answer: ${s.check}`)}\n`);
    parts.push(
      renderTable(
        null,
        s.tools.map((t) => [t.name, t.read_only ? c.green('read-only') : c.yellow(t.destructive ? 'mutating, destructive' : 'mutating'), firstLine(t.description)]),
        { indent: 2 },
      ),
    );
  }
  return parts.join('');
}
