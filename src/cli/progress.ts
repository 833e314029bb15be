// Plain progress lines on stderr: the off-TTY consumer of the investigation event stream (the Ink view is
// the TTY one). One line per event worth a person's attention, no colour, no cursor movement, pipe-safe.
import type { EventSink, InvestigationEvent } from '../core/events.js';
import { redact } from '../core/redact.js';

export interface ProgressStream {
  write(text: string): unknown;
}

const kb = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);

/** The line for one event, or null for events that only the live view shows (a call starting). */
export function progressLine(e: InvestigationEvent): string | null {
  switch (e.type) {
    case 'server_starting':
      return `starting ${e.server} server`;
    case 'server_ready':
      return `${e.server} server ready: ${e.tools} tools in ${e.ms} ms`;
    case 'server_failed':
      return `${e.server} server failed: ${e.error}`;
    case 'tool_call_started':
      return null;
    case 'tool_call_finished':
      return e.ok ? `called ${e.tool} (${e.ms} ms, ${kb(e.bytes)})` : `FAILED ${e.tool} (${e.ms} ms): ${e.error ?? 'no message'}`;
    case 'finding':
      return `finding [${e.analyzer}] ${e.summary} (${Math.round(e.confidence * 100)}%)`;
    case 'analyzer_failed':
      return `analyzer ${e.analyzer} failed: ${e.error}`;
    case 'model_progress':
      return null; // many per second: the live view shows the rate, a pipe gets the round's line
    case 'model_round':
      return `model round ${e.round}: ${e.tool_calls} tool call(s)`;
    case 'notice':
      return e.message;
    case 'report_ready':
      return `report ready: ${e.headline}`;
  }
}

/** An EventSink writing `rca: <line>` per event; text from servers and logs is redacted on the way out. */
export function plainProgress(stream: ProgressStream, prefix = 'rca: '): EventSink {
  return (e) => {
    const line = progressLine(e);
    if (line !== null) stream.write(`${prefix}${redact(line).replace(/\s*\n\s*/g, ' ')}\n`);
  };
}
