// `rca "<what is wrong>"` (the default command): parses the flags, runs one investigation session
// (src/investigation/) with the live view or stderr lines as consumers of its events, renders the report.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { DemoResolution } from '../../core/config-demo.js';
import type { EventSink } from '../../core/events.js';
import type { EarlyServers } from '../../mcp/early-spawn.js';
import type { Audience } from '../../rca/render/audience.js';
import type { ReportFormat } from '../report-format.js';
import { action } from '../boundary.js';
import { addSourceOptions, dbOption } from '../options.js';

export interface InvestigateFlags {
  format?: string;
  json?: boolean;
  quiet?: boolean;
  offline?: boolean;
  demo?: boolean;
  interactive?: boolean;
  logs?: string[];
  [key: string]: unknown;
}

/** The options of a report run shared by `rca "..."` and `rca demo`. */
export function addReportOptions(cmd: Command): Command {
  return cmd
    .option('--window <span>', 'how far back from --at to look, such as 45m or 1h30m (default 2h)')
    .option('--offline', 'offline analyzers only, even when a model is configured')
    .option('--model <name>', 'model for the tool-calling loop: an Ollama name (env OLLAMA_MODEL, OLLAMA_HOST) or openai:<name> (OPENAI_BASE_URL)')
    .option('--format <format>', 'text, markdown or json (default text)')
    .option('--json', 'same as --format json')
    .option('--audience <who>', 'exec or customer: a plain-words summary (impact, what is being done) instead of the report')
    .option('-i, --interactive', 'after the report, ask follow-up questions at a prompt (a terminal only; empty line or Ctrl-D ends)')
    .option('-q, --quiet', 'no progress and no notices on stderr');
}

export function register(program: Command): void {
  const cmd = program
    .command('investigate', { isDefault: true })
    .description('investigate an incident: a grounded root-cause report (the default command: rca "500 errors on checkout")')
    .argument('<incident...>', 'what is wrong, in your words');
  addReportOptions(cmd)
    .option('--demo', 'read the bundled demo incident instead of your sources (same as rca demo)')
    .addHelpText(
      'after',
      '\nSources: the flags above, rca.config.yaml, or logs piped in (--logs - or a pipe with no other source).\n' +
        'With none, rca exits 2 and says how to give one; `rca demo` shows it on a bundled incident.\n' +
        'Exit codes: 0 report produced, 1 unexpected failure, 2 usage or configuration error (no source), 3 no data in the window.',
    );
  dbOption(addSourceOptions(cmd)).action(action((words: string[], flags: InvestigateFlags) => investigateCommand(words, flags)));
}

export async function investigateCommand(words: string[], flags: InvestigateFlags): Promise<number> {
  const incident = words.join(' ').trim();
  if (!incident) throw new UsageError('say what is wrong: rca "500 errors on checkout"');
  const [compose, { reportFormat }, { audienceFlag }] = await Promise.all([import('../compose.js'), import('../report-format.js'), import('../audience-output.js')]);
  const format = reportFormat(flags);
  // Checked before anything starts: a typo must not cost an investigation.
  const audience = audienceFlag(flags.audience);
  if (flags.interactive) checkInteractive(format, audience);
  const run = await compose.resolveSourcesOrDemo(await withStdinLogs(flags, compose), { demo: flags.demo === true });
  if (run.notice && !flags.quiet) process.stderr.write(`${run.notice}\n`);
  // The servers' processes start now, ahead of everything else this run loads; the hub adopts them.
  const early = compose.spawnServersEarly(run.config);
  try {
    return await investigate(incident, flags, { compose, run, format, audience, early });
  } finally {
    // Stops any the hub did not adopt (this run failed before it started): no server outlives rca.
    early.close();
  }
}

interface Prepared {
  compose: typeof import('../compose.js');
  run: DemoResolution;
  format: ReportFormat;
  audience: Audience | undefined;
  early: EarlyServers;
}

/** The run itself, once flags and settings are checked and the servers spawned. */
async function investigate(incident: string, flags: InvestigateFlags, { compose, run, format, audience, early }: Prepared): Promise<number> {
  const [{ writeReport }, { runInvestigation }] = await Promise.all([import('../report-format.js'), import('../../investigation/session.js')]);
  const config = run.config;
  const deps = await compose.investigationDeps(config, { offline: flags.offline === true, early });

  // The event stream's consumers: the Ink live view on a terminal, plain lines in a pipe, nothing with --quiet.
  const live = !flags.quiet && process.stderr.isTTY === true;
  const view = live ? await import('../../tui/investigation/live-view.js').then((m) => m.startLiveView(incident)) : null;
  const shown = new Set<string>();
  let sink: EventSink = () => {};
  if (view) sink = view.dispatch;
  else if (!flags.quiet) {
    const progress = (await import('../progress.js')).plainProgress(process.stderr);
    sink = (e) => (e.type === 'notice' && shown.add(e.message), progress(e));
  }

  let result;
  try {
    result = await runInvestigation(
      deps,
      {
        incident, at: config.at, window: config.window, limits: config.limits, repo: config.sources.repo, demo: run.demo,
        modelTools: config.model.tools, stopModel: view?.stopModel,
        sources: { ...config.sources, demo: run.demo, extra_servers: Object.keys(config.mcpServers), config: config.configPath },
      },
      sink,
    );
  } finally {
    await view?.close();
  }
  const { id, report, notices, offer } = result;
  for (const n of notices) if (!shown.has(n)) process.stderr.write(`${n}\n`);
  if (!flags.quiet) process.stderr.write(`saved as ${id} (rca show ${id})\n`);
  if (audience) {
    const { writeAudienceSummary } = await import('../audience-output.js');
    await writeAudienceSummary(report, audience, { json: format === 'json', provider: deps.provider, quiet: flags.quiet === true });
    return 0;
  }
  await writeReport(report, format);
  if (flags.interactive) {
    const [{ followUpSession }, { followUpPrompt }, { plainProgress }] = await Promise.all([
      import('../../investigation/follow-up.js'),
      import('../follow-up-prompt.js'),
      import('../progress.js'),
    ]);
    const session = followUpSession(compose.followUpDepsFor(config, deps.provider), { id, report }, { limits: config.limits, modelTools: config.model.tools }, flags.quiet ? () => {} : plainProgress(process.stderr));
    try {
      await followUpPrompt(session, { input: process.stdin, prompt: process.stderr, out: process.stdout }, { model: deps.provider?.label ?? null });
    } finally {
      await session.close();
    }
  }

  const interactive = format === 'text' && process.stdin.isTTY === true && process.stdout.isTTY === true && process.stderr.isTTY === true;
  if (offer && interactive) {
    const argv = compose.runbookExecArgv(offer.id, { params: offer.params, incidentId: id, config });
    const { askToRun } = await import('../../tui/investigation/live-view.js');
    const headline = { headline: report.root_cause.summary, confidence: report.root_cause.confidence };
    if (await askToRun({ id: offer.id, title: offer.title, score: offer.score, command: `runbook ${argv.slice(1).join(' ')}`, ...headline })) return compose.runRunbookExec(argv);
  }
  return 0;
}

/** --interactive reads questions from a person at a terminal, after the text report: refused before anything starts otherwise. */
function checkInteractive(format: string, audience: unknown): void {
  if (!process.stdin.isTTY) {
    throw new UsageError('--interactive asks follow-up questions at a prompt, but stdin is not a terminal', 'run it in a terminal, or ask one question at a time: rca ask ID "why not v2.4.0?"');
  }
  if (format !== 'text' || audience) throw new UsageError('--interactive follows the text report', 'drop --json, --format and --audience, or use rca ask ID "..." --json');
}

/**
 * `--logs -`, or a pipe into rca when no source is configured: stdin becomes a log file for the logs server.
 * A pipe that brings nothing (or a closed stdin) adds no source.
 */
async function withStdinLogs(flags: InvestigateFlags, compose: typeof import('../compose.js')): Promise<InvestigateFlags> {
  const dash = flags.logs?.includes('-') === true;
  if (!dash && (flags.demo || !compose.hasNoSourcesConfigured(flags))) return flags;
  const { spoolStdin, stdinHasData } = await import('../stdin-logs.js');
  if (!dash && !stdinHasData()) return flags;
  if (dash && process.stdin.isTTY) throw new UsageError('--logs - reads logs from stdin, but stdin is a terminal', 'pipe them in: journalctl -o short-iso | rca "..." --logs -');
  const spooled = await spoolStdin();
  if (spooled.bytes === 0) {
    spooled.remove();
    if (dash) throw new UsageError('--logs -: nothing came in on stdin', 'pipe the logs in: kubectl logs deploy/checkout | rca "..." --logs -');
    return flags;
  }
  const others = (flags.logs ?? []).filter((l) => l !== '-');
  return { ...flags, logs: [...others, spooled.path] };
}
