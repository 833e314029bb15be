// Names every server's tools `<server>__<tool>` and maps the qualified names back for routing.
// Missing annotations are read conservatively: a tool is read-only only when the server says so.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { NAME_SEPARATOR, type ToolSpec } from '../core/tools.js';

/** Model APIs accept [A-Za-z0-9_-]{1,64} as function names; other characters become '_'. */
export function qualifiedName(server: string, tool: string): string {
  return `${server}${NAME_SEPARATOR}${tool.replace(/[^A-Za-z0-9_-]/g, '_')}`.slice(0, 64);
}

export function toToolSpec(server: string, tool: Tool): ToolSpec {
  const a = tool.annotations;
  const readOnly = a?.readOnlyHint === true;
  return {
    name: qualifiedName(server, tool.name),
    server,
    tool: tool.name,
    description: tool.description ?? tool.title ?? '',
    inputSchema: tool.inputSchema as Record<string, unknown>,
    readOnly,
    // The MCP default for destructiveHint is true when a tool is not read-only.
    destructive: readOnly ? false : a?.destructiveHint !== false,
  };
}

/** Qualified name -> spec for every server's current tool list; replaced wholesale when a server restarts. */
export class ToolRegistry {
  private readonly byServer = new Map<string, ToolSpec[]>();

  setServerTools(server: string, tools: Tool[]): void {
    this.byServer.set(server, tools.map((t) => toToolSpec(server, t)));
  }

  serverTools(server: string): ToolSpec[] {
    return this.byServer.get(server) ?? [];
  }

  find(qualified: string): ToolSpec | undefined {
    for (const specs of this.byServer.values()) {
      const hit = specs.find((s) => s.name === qualified);
      if (hit) return hit;
    }
    return undefined;
  }

  /** The server a qualified name points at, even when the tool itself is unknown ("logs__nope" -> "logs"). */
  serverOf(qualified: string): string | undefined {
    const i = qualified.indexOf(NAME_SEPARATOR);
    const server = i > 0 ? qualified.slice(0, i) : undefined;
    return server !== undefined && this.byServer.has(server) ? server : undefined;
  }

  all(servers: Iterable<string>): ToolSpec[] {
    return [...servers].flatMap((s) => this.serverTools(s));
  }
}

/** The message for an unknown tool: what exists, so a model (or person) can correct itself. */
export function unknownToolMessage(name: string, available: ToolSpec[]): string {
  const names = available.map((t) => t.name);
  if (names.length === 0) return `unknown tool "${name}": no tools are available (no server is running)`;
  return `unknown tool "${name}". Available tools: ${names.join(', ')}`;
}
