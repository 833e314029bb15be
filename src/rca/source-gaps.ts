// What the report must say about sources it could not read: per server, the server's own message for the
// calls that failed ("not read: metrics — Prometheus at ... is not reachable"), not only a count of calls.
import { serverOf, type ToolCallOutcome } from '../core/tools.js';

const MAX_MESSAGE = 240;

/** The first line of a failure, cut to a readable length. */
export function failureMessage(text: string): string {
  const line = text.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? 'no message';
  return line.length <= MAX_MESSAGE ? line : `${line.slice(0, MAX_MESSAGE - 1)}…`;
}

/** One notice per server with failed calls: "not read" when every call failed, "partly read" otherwise. */
export function sourceGapNotices(outcomes: readonly ToolCallOutcome[]): string[] {
  const byServer = new Map<string, { total: number; failed: ToolCallOutcome[] }>();
  for (const o of outcomes) {
    const server = serverOf(o.tool);
    const s = byServer.get(server) ?? { total: 0, failed: [] };
    s.total += 1;
    if (!o.ok) s.failed.push(o);
    byServer.set(server, s);
  }
  const notices: string[] = [];
  for (const [server, s] of byServer) {
    if (s.failed.length === 0) continue;
    // Tools prefix their message with their own name; the same cause across tools is said once.
    const messages = [...new Set(s.failed.map((o) => failureMessage(o.text.replace(/^[a-z_]+: /, ''))))];
    const why = messages.slice(0, 2).join('; ') + (messages.length > 2 ? `; and ${messages.length - 2} more` : '');
    notices.push(
      s.failed.length === s.total
        ? `not read: ${server} — ${why}`
        : `partly read: ${server} — ${s.failed.length} of ${s.total} calls failed (${[...new Set(s.failed.map((o) => o.tool))].join(', ')}): ${why}`,
    );
  }
  return notices;
}
