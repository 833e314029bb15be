// A second provider: any OpenAI-compatible chat endpoint (llama.cpp server, vLLM, LM Studio, a LiteLLM proxy)
// through the same loop, structured output (response_format json_schema) and grounding. Plain fetch + SSE, zod-checked.
import { z } from 'zod';
import { startDeadlines } from './deadlines.js';
import { ProviderError, type ChatMessage, type ChatRequest, type ChatResult, type LlmProvider, type ProviderCheck } from './provider.js';
import { repetitionWatch } from './repetition.js';

export const DEFAULT_OPENAI_BASE_URL = 'http://127.0.0.1:8080/v1';

export interface OpenAiProviderOptions {
  /** Base URL including /v1, e.g. http://127.0.0.1:8080/v1 (llama.cpp server) or http://localhost:4000/v1 (LiteLLM). */
  baseUrl?: string;
  model: string;
  /** Sent as `Authorization: Bearer <key>` when set (OPENAI_API_KEY). */
  apiKey?: string;
  chatTimeoutMs?: number;
  firstTokenTimeoutMs?: number;
  checkTimeoutMs?: number;
  /** max_tokens per request. */
  numPredict?: number;
  fetch?: typeof fetch;
}

const toolCallDelta = z.object({
  index: z.number().optional(),
  id: z.string().optional(),
  function: z.object({ name: z.string().optional(), arguments: z.string().optional() }).optional(),
});
const chunkSchema = z.object({
  choices: z.array(z.object({
    delta: z.object({ content: z.string().nullish(), tool_calls: z.array(toolCallDelta).nullish() }).optional(),
    message: z.object({ content: z.string().nullish(), tool_calls: z.array(toolCallDelta).nullish() }).optional(),
    finish_reason: z.string().nullish(),
  })).default([]),
  usage: z.object({ prompt_tokens: z.number().optional(), completion_tokens: z.number().optional() }).nullish(),
});
const modelsSchema = z.object({ data: z.array(z.object({ id: z.string() })) });

/** Our transcript in OpenAI's shape: tool results answer the ids given to the assistant's calls, in order. */
export function toOpenAiMessages(messages: ChatMessage[]): Array<Record<string, unknown>> {
  const pending: string[] = [];
  return messages.map((m, i) => {
    if (m.role === 'assistant' && m.tool_calls?.length) {
      const calls = m.tool_calls.map((c, k) => {
        const id = `call_${i}_${k}`;
        pending.push(id);
        const args = c.function.arguments;
        return { id, type: 'function', function: { name: c.function.name, arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}) } };
      });
      return { role: 'assistant', content: m.content || null, tool_calls: calls };
    }
    if (m.role === 'tool') return { role: 'tool', tool_call_id: pending.shift() ?? `call_${i}`, content: m.content };
    return { role: m.role, content: m.content };
  });
}

/** Folds SSE chunks (or one whole response) into one message; tool-call arguments arrive as string fragments. */
function assemble(chunks: unknown[], where: string): ChatResult {
  let content = '';
  const calls = new Map<number, { name: string; args: string }>();
  let promptTokens: number | null = null;
  let completionTokens: number | null = null;
  let stopped: ChatResult['stopped'];
  for (const raw of chunks) {
    const parsed = chunkSchema.safeParse(raw);
    if (!parsed.success) throw new ProviderError('bad_response', `${where} sent a chat response of an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    for (const choice of parsed.data.choices) {
      const part = choice.delta ?? choice.message;
      content += part?.content ?? '';
      for (const [k, t] of (part?.tool_calls ?? []).entries()) {
        const index = t.index ?? k;
        const c = calls.get(index) ?? { name: '', args: '' };
        calls.set(index, { name: c.name + (t.function?.name ?? ''), args: c.args + (t.function?.arguments ?? '') });
      }
      if (choice.finish_reason === 'length') stopped = 'length';
    }
    if (parsed.data.usage?.prompt_tokens !== undefined) promptTokens = parsed.data.usage.prompt_tokens;
    if (parsed.data.usage?.completion_tokens !== undefined) completionTokens = parsed.data.usage.completion_tokens;
  }
  const message: ChatMessage = { role: 'assistant', content };
  // Arguments stay a string: the call guard parses it (and refuses it when it is not a JSON object).
  if (calls.size) message.tool_calls = [...calls.values()].map((c) => ({ function: { name: c.name, arguments: c.args } }));
  return { message, promptTokens, completionTokens, ...(stopped ? { stopped } : {}) };
}

/** The `data:` payloads of an SSE body, as they arrive. */
async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      if (line.startsWith('data:')) yield line.slice(5).trim();
    }
  }
  if (buffer.startsWith('data:')) yield buffer.slice(5).trim();
}

export function createOpenAiProvider(opts: OpenAiProviderOptions): LlmProvider {
  const base = (opts.baseUrl?.trim() || DEFAULT_OPENAI_BASE_URL).replace(/\/+$/, '');
  const where = `the OpenAI-compatible server at ${base}`;
  const doFetch = opts.fetch ?? fetch;
  const headers = { 'content-type': 'application/json', ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}) };
  const totalMs = opts.chatTimeoutMs ?? 300_000;

  const failure = (err: unknown): ProviderError => {
    if (err instanceof ProviderError) return err;
    const code = (err as { cause?: { code?: string } })?.cause?.code;
    if (err instanceof TypeError || code) return new ProviderError('unreachable', `${where} is not reachable (${code ?? 'connection failed'})`);
    return new ProviderError('bad_response', `${where} failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300));
  };
  const httpError = async (res: Response): Promise<ProviderError> => {
    const text = (await res.text().catch(() => '')).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
    if (res.status === 404) return new ProviderError('model_missing', `model '${opts.model}' is not served by ${where} (HTTP 404: ${text})`);
    if (res.status === 401 || res.status === 403) return new ProviderError('server_error', `${where} refused the request (HTTP ${res.status}): check OPENAI_API_KEY`);
    return new ProviderError('server_error', `${where} answered HTTP ${res.status}: ${text}`);
  };

  async function check(): Promise<ProviderCheck> {
    try {
      const res = await doFetch(`${base}/models`, { headers, signal: AbortSignal.timeout(opts.checkTimeoutMs ?? 3000) });
      // Some servers serve one model and no listing: only a listing without the model is a "missing model".
      if (res.status === 404) return { ok: true };
      if (!res.ok) return { ok: false, notice: (await httpError(res)).message };
      const list = modelsSchema.safeParse(await res.json().catch(() => null));
      if (list.success && list.data.data.length && !list.data.data.some((m) => m.id === opts.model)) {
        return { ok: false, notice: `model '${opts.model}' is not served by ${where} (it serves ${list.data.data.map((m) => m.id).slice(0, 5).join(', ')})` };
      }
      return { ok: true };
    } catch (err) {
      return { ok: false, notice: (err as Error)?.name === 'TimeoutError' ? `${where} did not answer within ${opts.checkTimeoutMs ?? 3000} ms` : failure(err).message };
    }
  }

  async function chat(request: ChatRequest): Promise<ChatResult> {
    const deadline = startDeadlines({ firstTokenMs: Math.min(opts.firstTokenTimeoutMs ?? 180_000, totalMs), totalMs, signal: request.signal });
    const body = {
      model: opts.model,
      messages: toOpenAiMessages(request.messages),
      ...(request.tools?.length ? { tools: request.tools } : {}),
      ...(request.format ? { response_format: { type: 'json_schema', json_schema: { name: 'verdict', schema: request.format } } } : {}),
      temperature: 0,
      max_tokens: opts.numPredict ?? 1024,
      stream: true,
      stream_options: { include_usage: true },
    };
    try {
      const res = await doFetch(`${base}/chat/completions`, { method: 'POST', headers, body: JSON.stringify(body), signal: deadline.signal });
      if (!res.ok) throw await httpError(res);
      if (!res.body) throw new ProviderError('bad_response', `${where} sent no body`);
      if (!res.headers.get('content-type')?.includes('text/event-stream')) return assemble([await res.json()], where);
      const chunks: unknown[] = [];
      const watch = repetitionWatch();
      for await (const data of sseData(res.body)) {
        if (data === '[DONE]') break;
        let value: unknown;
        try {
          value = JSON.parse(data);
        } catch {
          throw new ProviderError('bad_response', `${where} sent a stream event that is not JSON (${data.slice(0, 60)})`);
        }
        deadline.firstToken();
        chunks.push(value);
        request.onProgress?.(deadline.progress(chunks.length));
        const delta = chunkSchema.safeParse(value);
        if (watch.push(delta.success ? (delta.data.choices[0]?.delta?.content ?? '') : '')) {
          const result = assemble(chunks, where);
          return { ...result, message: { ...result.message, content: watch.cut() }, stopped: 'repetition' };
        }
      }
      return assemble(chunks, where);
    } catch (err) {
      throw deadline.explain(err, where) ?? failure(err);
    } finally {
      deadline.clear();
    }
  }

  return { model: opts.model, label: `openai:${opts.model}`, check, chat };
}
