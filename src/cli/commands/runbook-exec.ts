// `runbook exec <id|file>`: runs a runbook for a person (plan, live steps, Ink confirmations) or for CI
// (--json / no TTY: never prompts, mutations only with --yes); every run recorded, exit code per status.
import type { Command } from 'commander';
import { CopilotError, errorMessage, UsageError } from '../../core/errors.js';
import { createLogger } from '../../core/logger.js';
import { resolveRunbook } from '../../runbook/catalog.js';
import { toolsUsed } from '../../runbook/schema.js';
import { executeRunbook, newExecutionId, type ExecEvent } from '../../runbook/executor.js';
import { parseParamFlags, resolveParams } from '../../runbook/params.js';
import { getInvestigation, saveExecution, spoolExecution, versionLabel, versionSource } from '../../store/index.js';
import { dbPathFor } from '../compose.js';
import { type ExecutionResult } from '../../runbook/execution-result.js';
import { action } from '../boundary.js';
import { writeJson } from '../output.js';
import { collect, dbOption } from '../options.js';
import { exitCodeFor } from './runbook-common.js';
import { openStoreFor } from './with-store.js';
import { redactingEvents } from './runbook-exec-redact.js';
import { plainProgress, summaryText } from './runbook-exec-text.js';
import { redactValue } from '../../core/redact.js';

interface ExecFlags {
  param: string[];
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
  incident?: string;
  client?: string;
  db?: string;
  runbooksDir?: string;
  config?: string;
  docker?: string | true;
  candidate?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('exec')
    .description('run a runbook: its plan, each step with live output, confirmations for mutating steps; recorded in the history')
    .argument('<runbook>', 'a runbook id (its active version), ID-vN, or a YAML file')
    .option('-p, --param <name=value>', 'a runbook param (repeatable)', collect, [])
    .option('-y, --yes', 'allow mutating steps without asking (required for them with --json or without a TTY)')
    .option('--dry-run', 'resolve params, conditions and the plan; run nothing')
    .option('--json', 'print one ExecutionResult as JSON on stdout; never prompt')
    .option('--incident <id>', 'the investigation this run answers (stored with the execution; its evidence becomes evidence_bundle_id)')
    .option('--client <id>', 'the customer or site the run is for (client_id; env INCIDENT_COPILOT_CLIENT)')
    .option('--runbooks-dir <dir>', 'where to look for runbook ids not yet in the database (env INCIDENT_COPILOT_RUNBOOKS)')
    .option('--config <file>', 'rca.config.yaml naming the MCP servers for tool steps')
    .option('--docker [path]', 'Docker socket or snapshot .json for docker__ tool steps')
    .option('--candidate', 'allow running a version that is not approved (pending review, needs changes, rejected)')
    .addHelpText('after', '\nExit codes: 0 success, 1 failed, 2 usage or validation error, 3 refused (mutation without --yes, or aborted at a confirmation), 130 interrupted.\nOn a terminal, n to a mutating step offers: skip it, abort (rolls back what changed), or run it after all.');
  dbOption(cmd).action(action((target: string, flags: ExecFlags) => runExec(target, flags)));
}

async function runExec(target: string, flags: ExecFlags): Promise<number> {
  const json = flags.json === true;
  const interactive = !json && process.stdout.isTTY === true && process.stdin.isTTY === true;
  try {
    return await execInner(target, flags, json, interactive);
  } catch (err) {
    if (json && err instanceof CopilotError) {
      writeJson(redactValue({ status: 'error', error_message: err.message, hint: err.hint ?? null, exit_code: err.exitCode }));
    }
    throw err;
  }
}

async function execInner(target: string, flags: ExecFlags, json: boolean, interactive: boolean): Promise<number> {
  const given = parseParamFlags(flags.param ?? []);
  const db = openStoreFor(flags);
  const log = createLogger('runbook');
  try {
    const resolved = resolveRunbook(versionSource(db), target, { dir: flags.runbooksDir });
    refuseUnapproved(resolved.version.status, versionLabel(resolved.version.runbook_id, resolved.version.version), flags.candidate === true);
    // On a terminal the target is asked for; off one, a missing required param is refused by resolveParams.
    const asked = interactive && !flags.dryRun ? await (await import('./runbook-exec-ask.js')).askMissingParams(resolved.runbook, given) : given;
    const params = resolveParams(resolved.runbook, asked);
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    // on, not once: execa's signal-exit re-raises SIGINT when it sees no other listener left.
    process.on('SIGINT', onSigint);
    const rb = resolved.runbook;
    const needsTools = !flags.dryRun && toolsUsed(rb).length > 0;
    // The hub (and its config loading) is imported only when a tool step can run: plain runbooks start faster.
    const hub = needsTools
      ? (await import('./runbook-exec-tools.js')).lazyHub(rb, { config: flags.config, docker: flags.docker }, flags.yes === true || interactive)
      : null;
    let lastSaveError: unknown = null;
    const record = (r: ExecutionResult) => {
      try {
        saveExecution(db, r);
        lastSaveError = null;
      } catch (err) {
        lastSaveError = err;
        log.warn(`could not record execution ${r.execution_id}: ${(err as Error).message}`);
      }
    };
    const base = {
      runbook: resolved.runbook, version: resolved.version.version, params, yes: flags.yes === true, dryRun: flags.dryRun === true,
      incidentId: flags.incident ?? null, clientId: flags.client ?? process.env.INCIDENT_COPILOT_CLIENT ?? null,
      evidenceBundleId: flags.incident && getInvestigation(db, flags.incident) ? flags.incident : null, signal: controller.signal, record, tools: hub?.get, executionId: newExecutionId(),
    };
    let result: ExecutionResult;
    try {
      if (interactive) {
        const { runInteractive } = await import('./runbook-exec-tty.js');
        result = await runInteractive(base, controller);
      } else {
        const onEvent: ((e: ExecEvent) => void) | undefined = json ? undefined : redactingEvents(plainProgress(process.stderr));
        result = await executeRunbook({ ...base, onEvent });
      }
    } finally {
      process.removeListener('SIGINT', onSigint);
      await hub?.close();
    }
    if (lastSaveError && !result.dry_run) return unrecorded(result, lastSaveError, dbPathFor(flags), json);
    result.failure_type = await (await import('./review-learn.js')).afterExecution(db, result, resolved.runbook);
    // What is printed is redacted like what is stored (params and step output carry secrets).
    if (json) writeJson(redactValue(result));
    else process.stdout.write(summaryText(redactValue(result), { asked: interactive }));
    return exitCodeFor(result.status);
  } finally {
    db.close();
  }
}

/**
 * The run finished but its result could not be written (a full disk, a database server down longer than the retry
 * window): the result is still printed, the reader is told so and what to do, and it is spooled for the next open so
 * the run is never taken for an interrupted one.
 */
function unrecorded(result: ExecutionResult, err: unknown, dbFile: string, json: boolean): number {
  const spooled = spoolExecution(dbFile, result);
  const hint = err instanceof CopilotError && err.hint ? err.hint : 'free space or pass another --db';
  const where = spooled
    ? `kept in ${spooled} on this machine; the next runbook command here that can write to the database records it`
    : 'it could not be kept anywhere: the printed result is the only record';
  process.stderr.write(`error: execution ${result.execution_id} finished (${result.status}) but was not recorded: ${errorMessage(err)}
${where}
hint: ${hint}
`);
  if (json) writeJson({ ...result, recorded: false, record_error: errorMessage(err), spooled_to: spooled });
  else process.stdout.write(summaryText(result, { asked: process.stdin.isTTY === true && process.stdout.isTTY === true }));
  // The exit code still tells what the run did to the system; the missing record is said on stderr and in the JSON.
  return exitCodeFor(result.status);
}

/** A generated version runs only once a person approved it, unless the caller names it and says --candidate. */
function refuseUnapproved(status: string, target: string, candidate: boolean): void {
  if (candidate || status === 'active' || status === 'deprecated') return;
  throw new UsageError(
    `${target} is ${status.replace('_', ' ')}: it has not been approved`,
    `approve it (runbook review, runbook approve ${target}) or run it deliberately: runbook exec ${target} --candidate`,
  );
}
