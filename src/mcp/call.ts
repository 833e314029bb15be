// Runs one tools/call on a connected server with a deadline and turns every result, error, timeout
// or crash into text a model can read; nothing here throws to the caller.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { errorMessage } from '../core/errors.js';
import { TIME_BUDGET_META } from '../core/tools.js';

export interface RawOutcome {
  ok: boolean;
  text: string;
  /** The connection closed during the call: the server process died. */
  crashed: boolean;
}

export async function invokeTool(
  client: Client,
  qualified: string,
  tool: string,
  args: Record<string, unknown>,
  timeoutMs: number,
  timeBudgetMs?: number,
): Promise<RawOutcome> {
  try {
    const meta = timeBudgetMs === undefined ? {} : { _meta: { [TIME_BUDGET_META]: timeBudgetMs } };
    const result = (await client.callTool({ name: tool, arguments: args, ...meta }, undefined, { timeout: timeoutMs })) as CallToolResult;
    return { ok: result.isError !== true, text: resultText(result), crashed: false };
  } catch (err) {
    if (err instanceof McpError && err.code === ErrorCode.RequestTimeout) {
      return {
        ok: false,
        text: `${qualified} timed out after ${timeoutMs} ms; narrow the query (a shorter since/until window, a filter, a lower limit) and try again`,
        crashed: false,
      };
    }
    if (err instanceof McpError && err.code === ErrorCode.ConnectionClosed) {
      return { ok: false, text: `${qualified} failed: its server exited during the call`, crashed: true };
    }
    return { ok: false, text: `${qualified} failed: ${errorMessage(err)}`, crashed: false };
  }
}

/** The text content of a result; other content kinds are described in one line so nothing is silently lost. */
export function resultText(result: CallToolResult): string {
  const parts: string[] = [];
  for (const c of result.content ?? []) {
    switch (c.type) {
      case 'text':
        parts.push(c.text);
        break;
      case 'image':
      case 'audio':
        parts.push(`[${c.type} ${c.mimeType}, ${Math.floor((c.data.length * 3) / 4)} bytes]`);
        break;
      case 'resource':
        parts.push('text' in c.resource ? c.resource.text : `[resource ${c.resource.uri}]`);
        break;
      case 'resource_link':
        parts.push(`[resource link ${c.uri}]`);
        break;
    }
  }
  if (parts.length === 0 && result.structuredContent !== undefined) return JSON.stringify(result.structuredContent);
  return parts.join('\n');
}
