// The production provider: the real `ollama` client against OLLAMA_HOST (local or hosted with a bearer key).
// Settings are passed in by the composition root; responses are validated with zod before use.
import { Ollama, type Message, type Tool } from 'ollama';
import { z } from 'zod';
import { guardNdjson } from './ndjson-guard.js';
import { startDeadlines } from './deadlines.js';
import { classifyOllamaError } from './ollama-errors.js';
import { repetitionWatch } from './repetition.js';
import {
  ProviderError,
  type ChatMessage,
  type ChatRequest,
  type ChatResult,
  type ChatTool,
  type LlmProvider,
  type ProviderCheck,
} from './provider.js';

export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';
/** Room for the largest request the default budget allows (8k tokens, prefix included) plus the answer. */
export const DEFAULT_NUM_CTX = 10_240;
export const DEFAULT_NUM_PREDICT = 1024;
export const DEFAULT_CHAT_TIMEOUT_MS = 300_000;
export const DEFAULT_FIRST_TOKEN_TIMEOUT_MS = 180_000;

export interface OllamaProviderOptions {
  /** OLLAMA_HOST, e.g. http://127.0.0.1:11434 or https://ollama.com */
  host?: string;
  /** OLLAMA_MODEL or --model */
  model: string;
  /** OLLAMA_API_KEY: sent as `Authorization: Bearer <key>` when set. */
  apiKey?: string;
  /** Whole chat request, first token to last. Default 300 s. */
  chatTimeoutMs?: number;
  /** Until the first streamed token (the model reading the prompt: minutes for a 3B model on 2 CPU cores). Default 180 s. */
  firstTokenTimeoutMs?: number;
  /** Generation cap per request (Ollama num_predict). Default 1024 tokens. */
  numPredict?: number;
  /** For the reachability/model check. Default 3 s. */
  checkTimeoutMs?: number;
  /** Stream /api/chat as NDJSON (default true: long generations do not hit idle proxies). */
  stream?: boolean;
  /** Context window asked of the server (default 8192); Ollama's own default (2-4k tokens) would silently cut our prompt. */
  numCtx?: number;
  /** Injectable for tests; defaults to global fetch. */
  fetch?: typeof fetch;
}

const toolCallSchema = z.object({ function: z.object({ name: z.string(), arguments: z.unknown() }) });
const chatChunkSchema = z.object({
  message: z
    .object({
      role: z.string().optional(),
      content: z.string().optional().default(''),
      thinking: z.string().optional(),
      tool_calls: z.array(toolCallSchema).optional(),
    })
    .optional(),
  done: z.boolean().optional(),
  done_reason: z.string().optional(),
  prompt_eval_count: z.number().optional(),
  eval_count: z.number().optional(),
});
const tagsSchema = z.object({ models: z.array(z.object({ name: z.string(), model: z.string().optional() })) });

/**
 * Adds the timeout, and turns a non-JSON error body (a proxy's HTML page) into JSON: the client would
 * otherwise console.log while reading it, and stdout belongs to the report.
 */
function guardedFetch(base: typeof fetch, ms: number, opts: { ndjson?: boolean } = {}): typeof fetch {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(ms);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const res = await base(input, { ...init, signal });
    // A streamed body is checked line by line (the client would console.warn a bad line and go on).
    if (res.ok && opts.ndjson) return guardNdjson(res);
    if (res.ok || res.headers.get('content-type')?.includes('application/json')) return res;
    const text = (await res.text().catch(() => '')).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
    return new Response(JSON.stringify({ error: text.slice(0, 300) || res.statusText || `HTTP ${res.status}` }), {
      status: res.status,
      statusText: res.statusText,
      headers: { 'content-type': 'application/json' },
    });
  };
}

function sameModel(a: string, b: string): boolean {
  const norm = (s: string) => (s.includes(':') ? s : `${s}:latest`);
  return norm(a) === norm(b);
}

function toOllamaMessage(m: ChatMessage): Message {
  const out: Message = { role: m.role, content: m.content };
  if (m.tool_calls?.length) {
    out.tool_calls = m.tool_calls.map((c) => ({
      function: {
        name: c.function.name,
        arguments: c.function.arguments && typeof c.function.arguments === 'object' && !Array.isArray(c.function.arguments)
          ? (c.function.arguments as Record<string, unknown>)
          : {},
      },
    }));
  }
  if (m.tool_name) out.tool_name = m.tool_name;
  return out;
}

function toOllamaTool(t: ChatTool): Tool {
  // The client's Tool type is narrower than JSON Schema; the server accepts any JSON Schema object.
  return { type: 'function', function: { ...t.function, parameters: t.function.parameters as Tool['function']['parameters'] } };
}

export function createOllamaProvider(opts: OllamaProviderOptions): LlmProvider {
  const host = opts.host?.trim() || DEFAULT_OLLAMA_HOST;
  const model = opts.model;
  const chatTimeoutMs = opts.chatTimeoutMs ?? DEFAULT_CHAT_TIMEOUT_MS;
  const firstTokenMs = Math.min(opts.firstTokenTimeoutMs ?? DEFAULT_FIRST_TOKEN_TIMEOUT_MS, chatTimeoutMs);
  const checkTimeoutMs = opts.checkTimeoutMs ?? 3_000;
  const baseFetch = opts.fetch ?? fetch;
  const headers: Record<string, string> = opts.apiKey ? { Authorization: `Bearer ${opts.apiKey}` } : {};
  const stream = opts.stream ?? true;
  const chatFetch = guardedFetch(baseFetch, chatTimeoutMs, { ndjson: stream });
  const checkClient = new Ollama({ host, headers, fetch: guardedFetch(baseFetch, checkTimeoutMs) });

  async function check(): Promise<ProviderCheck> {
    const ctx = { host, model, timeoutMs: checkTimeoutMs };
    try {
      const tags = tagsSchema.safeParse(await checkClient.list());
      if (tags.success && tags.data.models.some((m) => sameModel(m.name, model) || sameModel(m.model ?? '', model))) {
        return { ok: true };
      }
      // Not listed (or an unexpected listing): ask for the model itself; a 404 means it is missing.
      await checkClient.show({ model });
      return { ok: true };
    } catch (err) {
      return { ok: false, notice: classifyOllamaError(err, ctx).message };
    }
  }

  async function chat(request: ChatRequest): Promise<ChatResult> {
    const ctx = { host, model, timeoutMs: chatTimeoutMs };
    const deadline = startDeadlines({ firstTokenMs: stream ? firstTokenMs : null, totalMs: chatTimeoutMs, signal: request.signal });
    // One client per request: its fetch carries this request's deadlines and the person's stop key.
    const client = new Ollama({ host, headers, fetch: (input, init) => chatFetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, deadline.signal]) : deadline.signal }) });
    const base = {
      model,
      messages: request.messages.map(toOllamaMessage),
      ...(request.tools?.length ? { tools: request.tools.map(toOllamaTool) } : {}),
      ...(request.format ? { format: request.format } : {}),
      options: { temperature: 0, num_ctx: opts.numCtx ?? DEFAULT_NUM_CTX, num_predict: opts.numPredict ?? DEFAULT_NUM_PREDICT },
    };
    try {
      if (!stream) return assemble([await client.chat({ ...base, stream: false })], host);
      const chunks: unknown[] = [];
      const watch = repetitionWatch();
      const parts = await client.chat({ ...base, stream: true });
      let looping = false;
      for await (const part of parts) {
        deadline.firstToken();
        chunks.push(part);
        request.onProgress?.(deadline.progress(chunks.length));
        if (watch.push(part.message?.content ?? '')) {
          looping = true;
          parts.abort();
          break;
        }
      }
      const result = assemble(chunks, host);
      return looping ? { ...result, message: { ...result.message, content: watch.cut() }, stopped: 'repetition' } : result;
    } catch (err) {
      throw deadline.explain(err, `Ollama at ${host}`) ?? classifyOllamaError(err, ctx);
    } finally {
      deadline.clear();
    }
  }

  return { model, label: `ollama:${model}`, check, chat };
}

/** Folds streamed (or single) chat chunks into one message, validating each with zod. */
function assemble(chunks: unknown[], host: string): ChatResult {
  let content = '';
  const toolCalls: ChatMessage['tool_calls'] = [];
  let promptTokens: number | null = null;
  let completionTokens: number | null = null;
  let stopped: ChatResult['stopped'];
  for (const raw of chunks) {
    const parsed = chatChunkSchema.safeParse(raw);
    if (!parsed.success) {
      throw new ProviderError('bad_response', `Ollama at ${host} sent a chat response of an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    }
    const c = parsed.data;
    content += c.message?.content ?? '';
    if (c.message?.tool_calls) toolCalls.push(...c.message.tool_calls);
    if (c.prompt_eval_count !== undefined) promptTokens = c.prompt_eval_count;
    if (c.eval_count !== undefined) completionTokens = c.eval_count;
    if (c.done_reason === 'length') stopped = 'length';
  }
  const message: ChatMessage = { role: 'assistant', content };
  if (toolCalls.length) message.tool_calls = toolCalls;
  return { message, promptTokens, completionTokens, ...(stopped ? { stopped } : {}) };
}
