// The one error boundary: every command runs inside it, typed errors become exit codes and a
// message on stderr that says what to fix. Nothing else in the program sets the exit code.
import { CopilotError, EXIT, errorMessage } from '../core/errors.js';

export type CommandResult = number | void;

/** Runs a command action; returns the exit code for process.exitCode. */
export async function runBoundary(action: () => Promise<CommandResult>, stderr: NodeJS.WritableStream = process.stderr): Promise<number> {
  try {
    const code = await action();
    return typeof code === 'number' ? code : EXIT.ok;
  } catch (err) {
    // The secret patterns are loaded only for a message to print: a run reads them after its servers are spawned.
    const { redact } = await import('../core/redact.js');
    if (err instanceof CopilotError) {
      // Messages quote inputs (params, config values): redacted like every other printed line.
      stderr.write(`error: ${redact(err.message)}\n`);
      if (err.hint) stderr.write(`hint: ${redact(err.hint)}\n`);
      return err.exitCode;
    }
    if (isCommanderExit(err)) return err.exitCode;
    stderr.write(`error: ${redact(errorMessage(err))}\n`);
    if (process.env.INCIDENT_DEBUG && err instanceof Error && err.stack) stderr.write(`${err.stack}\n`);
    return EXIT.failure;
  }
}

function isCommanderExit(err: unknown): err is { exitCode: number } {
  return typeof err === 'object' && err !== null && 'code' in err && String((err as { code: unknown }).code).startsWith('commander.') && 'exitCode' in err;
}

/** Wraps a commander action so its outcome goes through the boundary. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<CommandResult>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    process.exitCode = await runBoundary(() => fn(...args));
  };
}
