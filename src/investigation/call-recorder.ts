// The stored history's view of the event stream: each tool call with its arguments, outcome and duration,
// and the servers that never started (their evidence is missing, which every report format must say).
import type { EventSink } from '../core/events.js';

export interface RecordedCall {
  id: string;
  tool: string;
  args: Record<string, unknown>;
  ok: boolean | null;
  ms: number | null;
  bytes: number | null;
}

export function callRecorder() {
  const calls = new Map<string, RecordedCall>();
  const failed: Array<{ server: string; error: string }> = [];
  const sink: EventSink = (e) => {
    if (e.type === 'server_failed') failed.push({ server: e.server, error: e.error });
    if (e.type === 'tool_call_started') calls.set(e.id, { id: e.id, tool: e.tool, args: e.args, ok: null, ms: null, bytes: null });
    if (e.type === 'tool_call_finished') {
      const c = calls.get(e.id);
      calls.set(e.id, { id: e.id, tool: e.tool, args: c?.args ?? {}, ok: e.ok, ms: e.ms, bytes: e.bytes });
    }
  };
  return { sink, calls: () => [...calls.values()], failedServers: () => [...failed] };
}
