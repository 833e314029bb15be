// The stored history's view of the event stream: each tool call with its arguments, outcome and duration,
// and the servers down at the end (their evidence is missing, which every report format must say).
import type { EventSink } from '../core/events.js';

export interface RecordedCall {
  id: string;
  tool: string;
  args: Record<string, unknown>;
  ok: boolean | null;
  ms: number | null;
  bytes: number | null;
}

export interface DownServer {
  server: string;
  started: boolean;
  error: string;
}

export function callRecorder() {
  const calls = new Map<string, RecordedCall>();
  // Per server: whether it was ever ready, and its last failure if it is down at the end.
  const servers = new Map<string, { started: boolean; error: string | null }>();
  const sink: EventSink = (e) => {
    if (e.type === 'server_ready') servers.set(e.server, { started: true, error: null });
    if (e.type === 'server_failed') servers.set(e.server, { started: servers.get(e.server)?.started ?? false, error: e.error });
    if (e.type === 'tool_call_started') calls.set(e.id, { id: e.id, tool: e.tool, args: e.args, ok: null, ms: null, bytes: null });
    if (e.type === 'tool_call_finished') {
      const c = calls.get(e.id);
      calls.set(e.id, { id: e.id, tool: e.tool, args: c?.args ?? {}, ok: e.ok, ms: e.ms, bytes: e.bytes });
    }
  };
  /** Servers down at the end: one that never started, or one that started and then died (not the same to a reader). */
  const downServers = (): DownServer[] =>
    [...servers].flatMap(([server, s]) => (s.error === null ? [] : [{ server, started: s.started, error: s.error }]));
  return { sink, calls: () => [...calls.values()], downServers };
}
