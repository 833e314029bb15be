// A provider that replays recorded model turns (JSONL under fixtures/turns/) in order, for tests and
// benchmarks: no network, deterministic, and it keeps every request it was sent for assertions.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ProviderError, type ChatRequest, type ChatResult, type LlmProvider, type ProviderCheck } from './provider.js';

const turnSchema = z.union([
  z.object({
    note: z.string().optional(),
    message: z.object({
      role: z.literal('assistant').default('assistant'),
      content: z.string().default(''),
      tool_calls: z.array(z.object({ function: z.object({ name: z.string(), arguments: z.unknown() }) })).optional(),
    }),
    prompt_tokens: z.number().int().nonnegative().optional(),
    /** The final answer: a request with `format` (the loop concluding early) skips ahead to it. */
    final: z.boolean().optional(),
  }),
  z.object({
    note: z.string().optional(),
    /** Simulates a provider failure at this point of the conversation. */
    error: z.object({
      kind: z.enum(['unreachable', 'model_missing', 'timeout', 'bad_response', 'server_error']),
      message: z.string(),
    }),
  }),
]);
export type RecordedTurn = z.infer<typeof turnSchema>;

/** Parses JSONL text (one turn per non-blank line); errors name the line and what is wrong. */
export function parseTurnsJsonl(text: string, source = 'turns'): RecordedTurn[] {
  const turns: RecordedTurn[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${source}:${i + 1}: not valid JSON`);
    }
    const parsed = turnSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${source}:${i + 1}: ${issue?.path.join('.') || 'turn'}: ${issue?.message ?? 'invalid'} (want {message:{content,tool_calls}} or {error:{kind,message}})`);
    }
    turns.push(parsed.data);
  });
  return turns;
}

export function loadTurnsFile(path: string): RecordedTurn[] {
  return parseTurnsJsonl(readFileSync(path, 'utf8'), path);
}

export interface ScriptedProvider extends LlmProvider {
  /** Every request received, in order (after the loop's redaction: exactly what a server would see). */
  readonly requests: ChatRequest[];
  /** How many recorded turns are left unplayed. */
  remaining(): number;
}

export function createScriptedProvider(opts: { turns: RecordedTurn[]; model?: string; check?: ProviderCheck }): ScriptedProvider {
  const model = opts.model ?? 'scripted';
  const queue = [...opts.turns];
  const requests: ChatRequest[] = [];
  return {
    model,
    label: `ollama:${model}`,
    requests,
    remaining: () => queue.length,
    async check() {
      return opts.check ?? { ok: true };
    },
    async chat(request: ChatRequest): Promise<ChatResult> {
      // What a server would receive: the data, not the progress callback or the stop signal.
      const { onProgress: _progress, signal, ...data } = request;
      requests.push(structuredClone(data));
      if (signal?.aborted) throw new ProviderError('cancelled', 'stopped waiting for the model');
      // A model asked to conclude answers with its verdict; unplayed tool turns are skipped, as a real
      // model would not make them once asked for the final answer.
      if (request.format) {
        const finalAt = queue.findIndex((t) => 'message' in t && t.final === true);
        if (finalAt > 0) queue.splice(0, finalAt);
      }
      const turn = queue.shift();
      if (!turn) throw new ProviderError('script_exhausted', `the scripted model has no turn left for request ${requests.length}`);
      if ('error' in turn) throw new ProviderError(turn.error.kind, turn.error.message);
      const message = { role: 'assistant' as const, content: turn.message.content, ...(turn.message.tool_calls ? { tool_calls: turn.message.tool_calls } : {}) };
      return { message, promptTokens: turn.prompt_tokens ?? null, completionTokens: null };
    },
  };
}
