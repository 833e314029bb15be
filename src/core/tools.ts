// How the rest of the program sees MCP tools: specs to offer and one call function.
// The hub implements ToolCaller; rca and the llm loop receive it (or its specs) as an interface.

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

export interface ToolCaller {
  listTools(): ToolSpec[];
  call(tool: string, args: Record<string, unknown>, opts?: { timeoutMs?: number }): Promise<ToolCallOutcome>;
}

/** Parses a successful outcome's JSON text, or returns null (the caller treats it as missing evidence). */
export function outcomeJson<T>(outcome: ToolCallOutcome): T | null {
  if (!outcome.ok) return null;
  try {
    return JSON.parse(outcome.text) as T;
  } catch {
    return null;
  }
}
