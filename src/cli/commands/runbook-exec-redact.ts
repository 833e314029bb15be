// What `runbook exec` shows passes through here first: every event is redacted like what is stored, and live
// output is cut into whole lines before redaction, so a token split across two reads is still recognised.
import { redact, redactValue } from '../../core/redact.js';
import type { ExecEvent } from '../../runbook/executor.js';

const MAX_PARTIAL = 64 * 1024;

/** Wraps an event consumer (the plain progress or the Ink view) so it only ever sees redacted events. */
export function redactingEvents(next: (e: ExecEvent) => void): (e: ExecEvent) => void {
  const partial = new Map<string, string>();
  const flush = (stepId: string) => {
    for (const stream of ['stdout', 'stderr'] as const) {
      const key = `${stepId}\0${stream}`;
      const rest = partial.get(key);
      partial.delete(key);
      if (rest) next({ type: 'output', stepId, stream, chunk: redact(rest) });
    }
  };
  return (e) => {
    if (e.type === 'output') {
      const key = `${e.stepId}\0${e.stream}`;
      const text = (partial.get(key) ?? '') + e.chunk;
      // A line longer than any secret shape is shown in pieces rather than held without bound.
      const cut = text.length > MAX_PARTIAL ? text.length : text.lastIndexOf('\n') + 1;
      partial.set(key, text.slice(cut));
      if (cut > 0) next({ ...e, chunk: redact(text.slice(0, cut)) });
      return;
    }
    if (e.type === 'step_end') flush(e.step.step_id);
    next(redactValue(e));
  };
}
