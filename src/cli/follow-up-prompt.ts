// The prompt after the report of `rca --interactive`: one follow-up question per line, answered through the
// same session as `rca ask` (answers on stdout, the prompt on stderr); an empty line, Ctrl-D or Ctrl-C ends it.
import { createInterface } from 'node:readline';
import { followUpLines } from '../core/follow-up.js';
import { redactValue } from '../core/redact.js';
import type { FollowUpSession } from '../investigation/follow-up.js';

export interface PromptStreams {
  input: NodeJS.ReadableStream;
  /** Where the prompt and the echo of what is typed go (stderr: stdout stays results). */
  prompt: NodeJS.WritableStream;
  out: { write(text: string): unknown };
}

export const PROMPT = 'ask> ';

/** Reads questions until an empty line or the end of input; resolves with how many were answered. */
export async function followUpPrompt(session: FollowUpSession, io: PromptStreams, opts: { model: string | null }): Promise<number> {
  // The live view (Ink) unrefs stdin when it unmounts: without a ref the process would exit at the prompt.
  const handle = io.input as { ref?: () => void; unref?: () => void };
  handle.ref?.();
  const rl = createInterface({ input: io.input, output: io.prompt, terminal: true, historySize: 50 });
  let closed = false;
  rl.on('close', () => (closed = true));
  // Without a listener readline only pauses on Ctrl-C; here it ends the questions like Ctrl-D.
  rl.on('SIGINT', () => rl.close());
  const next = () =>
    new Promise<string | null>((resolve) => {
      if (closed) return resolve(null);
      const onClose = () => resolve(null);
      rl.once('close', onClose);
      rl.question(PROMPT, (answer) => {
        rl.off('close', onClose);
        resolve(answer);
      });
    });
  io.prompt.write(
    `\nFollow-up questions about this investigation (${opts.model ? `answered by ${opts.model} with the read-only tools` : 'answered from the stored evidence; name a model with --model for more'}).\n` +
      'An empty line or Ctrl-D ends.\n',
  );
  let asked = 0;
  try {
    for (;;) {
      const q = await next();
      if (q === null || !q.trim()) break;
      // The answer's own wait is not typed into: keep the keys for the next prompt.
      rl.pause();
      const f = redactValue(await session.ask(q.trim()));
      asked += 1;
      io.out.write(`${followUpLines(f).join('\n')}\n\n`);
      rl.resume();
    }
  } finally {
    rl.close();
    handle.unref?.();
  }
  return asked;
}
