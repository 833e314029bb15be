// The one event stream an investigation emits; the Ink view, plain stderr progress and --json
// history are three consumers of it (the Gemini CLI pattern), so no output format is special-cased.

export type InvestigationEvent =
  | { type: 'server_starting'; server: string }
  | { type: 'server_ready'; server: string; tools: number; ms: number }
  | { type: 'server_failed'; server: string; error: string }
  | { type: 'tool_call_started'; id: string; tool: string; args: Record<string, unknown> }
  | { type: 'tool_call_finished'; id: string; tool: string; ok: boolean; ms: number; bytes: number; error?: string }
  | { type: 'finding'; analyzer: string; summary: string; confidence: number }
  | { type: 'analyzer_failed'; analyzer: string; error: string }
  | { type: 'model_round'; round: number; tool_calls: number }
  /** While a model request streams: tokens so far and their rate (null before the first token). */
  | { type: 'model_progress'; round: number; tokens: number; ms: number; tokens_per_second: number | null }
  | { type: 'notice'; message: string }
  | { type: 'report_ready'; headline: string };

export type EventSink = (event: InvestigationEvent) => void;

export const ignoreEvents: EventSink = () => {};

/** Fans one event out to every consumer (the view or stderr lines, the history recorder). */
export function fanOut(sinks: readonly EventSink[]): EventSink {
  return (e) => {
    for (const s of sinks) s(e);
  };
}
