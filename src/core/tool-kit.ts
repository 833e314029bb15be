// The shape every MCP tool in servers/ follows: a zod input schema, a description for the model,
// annotations, and a run function that returns JSON data; failures become isError results.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Logger } from './logger.js';
import { TIME_BUDGET_META } from './tools.js';

export const DEFAULT_OUTPUT_CAP = 16 * 1024;

/** A failure the caller can fix (bad path, unknown sha, invalid regex): reported as isError, server keeps serving. */
export class ToolInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolInputError';
  }
}

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/** The annotations of a tool that only reads this server's own data: the same answer again, nothing changed. */
export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

export interface ToolDef<S extends z.ZodRawShape, C> {
  name: string;
  title: string;
  /** Written for a model: what it returns, when to use it, how to narrow it. */
  description: string;
  inputSchema: S;
  annotations: ToolAnnotations;
  /** Returns JSON-serialisable data, or throws (ToolInputError for the caller's mistakes). */
  run(args: z.infer<z.ZodObject<S>>, ctx: C, call?: CallInfo): Promise<unknown> | unknown;
  /** When output must be cut: which advice to give for narrowing the query. */
  narrowHint?: string;
}

/** What the request says beside the arguments (its `_meta`), validated. */
export interface CallInfo {
  /** The caller's time budget (TIME_BUDGET_META): a tool that reads at a cost answers within it, from a sample if need be. */
  timeBudgetMs?: number;
}

const callMetaSchema = z.object({
  [TIME_BUDGET_META]: z.number({ message: `_meta["${TIME_BUDGET_META}"] must be a number of milliseconds such as 6000` }).int().min(0).max(3_600_000).optional(),
});

/** The request's `_meta`, read at the boundary; what a caller got wrong is a ToolInputError saying what to send. */
export function callInfo(meta: unknown): CallInfo {
  const r = callMetaSchema.safeParse(meta ?? {});
  if (!r.success) throw new ToolInputError(r.error.issues.map((i) => (i.path.length ? i.message.replace(/^Invalid input: /, '') : `_meta must be an object`)).join('; '));
  const budget = r.data[TIME_BUDGET_META];
  return budget === undefined ? {} : { timeBudgetMs: budget };
}

// A loose alias so a server can hold a list of tools with different schemas.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyToolDef<C> = ToolDef<any, C>;

export function errorResult(reason: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: reason }] };
}

/**
 * Serialises data as compact JSON within `cap` bytes. When it does not fit, the longest arrays are
 * halved until it does, and `truncated` tells the model how to narrow the query instead.
 */
export function boundedJson(data: unknown, cap = DEFAULT_OUTPUT_CAP, hint = 'narrow the time window or add filters'): string {
  let text = JSON.stringify(data);
  if (Buffer.byteLength(text) <= cap) return text;
  const copy = structuredClone(data) as unknown;
  for (let attempt = 0; attempt < 60; attempt++) {
    const longest = findLongestArray(copy);
    if (!longest || longest.length <= 1) break;
    longest.splice(Math.max(1, Math.floor(longest.length / 2)));
    const note = { ...(isRecord(copy) ? copy : { data: copy }), truncated: `output cut to ${cap} bytes; ${hint}` };
    text = JSON.stringify(note);
    if (Buffer.byteLength(text) <= cap) return text;
  }
  // Last resort: a plain cut, still telling the model why.
  const suffix = `… [cut at ${cap} bytes; ${hint}]`;
  return Buffer.from(text).subarray(0, cap - Buffer.byteLength(suffix)).toString('utf8') + suffix;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function findLongestArray(v: unknown, depth = 0): unknown[] | null {
  if (depth > 6) return null;
  let best: unknown[] | null = null;
  const consider = (a: unknown[] | null) => {
    if (a && (!best || JSON.stringify(a).length > JSON.stringify(best).length)) best = a;
  };
  if (Array.isArray(v)) {
    consider(v);
    for (const item of v.slice(0, 50)) consider(findLongestArray(item, depth + 1));
  } else if (isRecord(v)) {
    for (const child of Object.values(v)) consider(findLongestArray(child, depth + 1));
  }
  return best;
}

/** Registers each tool on the server; thrown errors become isError results with their message. */
export function registerTools<C>(
  server: McpServer,
  tools: AnyToolDef<C>[],
  ctx: C,
  logger: Logger,
  cap = DEFAULT_OUTPUT_CAP,
): void {
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.inputSchema, annotations: tool.annotations },
      async (args: unknown, extra: { _meta?: unknown }): Promise<CallToolResult> => {
        try {
          const data = await tool.run(args as never, ctx, callInfo(extra._meta));
          return { content: [{ type: 'text', text: boundedJson(data, outputBudget(tool, args, cap), tool.narrowHint) }] };
        } catch (err) {
          const msg = err instanceof Error ? err.message : String(err);
          if (!(err instanceof ToolInputError)) logger.warn(`${tool.name} failed: ${msg}`);
          return errorResult(`${tool.name}: ${msg}`);
        }
      },
    );
  }
}

/** Most bytes a caller may ask one result to hold. */
export const MAX_OUTPUT_BUDGET = 1024 * 1024;

/**
 * For tools whose results a program reads whole (the offline engine ranks every service's series): the caller
 * may raise the output cap. A model is told to leave it alone; it only ever gets the default.
 */
export const outputBudgetShape = {
  max_output_bytes: z
    .number()
    .int()
    .min(1024)
    .max(MAX_OUTPUT_BUDGET)
    .optional()
    .describe('Output cap in bytes (default 16384). Leave unset: meant for programs that read the whole result'),
};

function outputBudget(tool: AnyToolDef<unknown>, args: unknown, cap: number): number {
  if (!('max_output_bytes' in tool.inputSchema) || !isRecord(args)) return cap;
  const v = args.max_output_bytes;
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(MAX_OUTPUT_BUDGET, Math.max(1024, v)) : cap;
}

/** Zod fields shared by every tool that looks at a time range. */
export const timeRangeShape = {
  since: z
    .string()
    .optional()
    .describe('Start of the range: ISO-8601 (2025-03-04T10:15:00Z) or relative to until/now (30m, 2h, 1d)'),
  until: z.string().optional().describe('End of the range: ISO-8601 or relative (e.g. 10m = ten minutes ago); default now'),
};
