// Typed errors that carry the exit code a command ends with; the CLI's one error boundary maps them.
// Nothing else calls process.exit.

export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  noData: 3,
  refused: 3,
  interrupted: 130,
} as const;

export class CopilotError extends Error {
  constructor(
    message: string,
    public readonly exitCode: number,
    public readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad flags, config or input file: exit 2 with a message that says what to fix. */
export class UsageError extends CopilotError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.usage, hint);
  }
}

/** The sources hold nothing in the requested window: exit 3. */
export class NoDataError extends CopilotError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.noData, hint);
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
