// How the rest of the program sees MCP tools: specs to offer and one call function.
// The hub implements ToolCaller; rca and the llm loop receive it (or its specs) as an interface.

/** Between a server's name and its tool's in the names the model and the hub use: `<server>__<tool>`. */
export const NAME_SEPARATOR = '__';

/** The server a tool belongs to: the part before the separator (the whole name when there is none). */
export function serverOf(tool: string): string {
  const i = tool.indexOf(NAME_SEPARATOR);
  return i > 0 ? tool.slice(0, i) : tool;
}

/** The tool's own name: the part after the separator (the whole name when there is none). */
export function toolOf(tool: string): string {
  const i = tool.indexOf(NAME_SEPARATOR);
  return i > 0 ? tool.slice(i + NAME_SEPARATOR.length) : tool;
}

export interface ToolSpec {
  /** Qualified name the model sees: <server>__<tool>. */
  name: string;
  server: string;
  tool: string;
  description: string;
  /** JSON Schema of the arguments, as listed by the server. */
  inputSchema: Record<string, unknown>;
  readOnly: boolean;
  destructive: boolean;
}

export interface ToolCallOutcome {
  /** Unique within one investigation: cited by evidence items. */
  id: string;
  tool: string;
  args: Record<string, unknown>;
  ok: boolean;
  /** The text content of the result (isError text when ok is false). */
  text: string;
  ms: number;
  bytes: number;
}

/**
 * The `_meta` key of a tools/call request that carries the caller's time budget in ms: a server whose tools read data
 * at a cost (the logs server) answers from a sample beyond it, and says so, instead of taking its own longer default.
 */
export const TIME_BUDGET_META = 'incident-copilot/time_budget_ms';

export interface CallOptions {
  /** The call fails after this long (the hub's default otherwise). */
  timeoutMs?: number;
  /** How long the caller wants the server to spend, sent as `_meta[TIME_BUDGET_META]`; absent: the server's own. */
  timeBudgetMs?: number;
  /**
   * The call's id, taken with `reserveIds` by a caller that numbers its calls by their place in a plan (the offline
   * gather, src/rca/call-plan.ts). It may settle after the call has started: the call runs at once and is announced
   * (tool_call_started) once its id is known. Absent: the caller numbers the call when it starts.
   */
  id?: Promise<string>;
}

export interface ToolCaller {
  listTools(): ToolSpec[];
  call(tool: string, args: Record<string, unknown>, opts?: CallOptions): Promise<ToolCallOutcome>;
  /** Takes the next `count` ids of the caller's sequence (c1, c2, ...) for calls made later with `opts.id`. */
  reserveIds(count: number): string[];
}

/** A tool output's JSON, or null when it is not JSON (callers treat that as missing evidence). */
export function jsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
