// One HTTP fake of a model server on 127.0.0.1 that speaks both APIs the CLI uses: Ollama's (/api/chat as NDJSON or
// JSON, /api/tags, /api/show) and the OpenAI-compatible one (/v1/chat/completions as SSE or JSON, /v1/models). It
// replays one queue of recorded turns, so the real client code of either provider runs in tests, and keeps every request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { RecordedTurn } from '../../src/llm/scripted-provider.js';

export interface FakeRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown> | null;
  raw: string;
}

export interface ModelFake {
  /** The Ollama host (OLLAMA_HOST). */
  host: string;
  /** The OpenAI-compatible base URL (OPENAI_BASE_URL). */
  baseUrl: string;
  requests: FakeRequest[];
  /** Chat requests of either API, in order. */
  chatRequests(): FakeRequest[];
  close(): Promise<void>;
}

export interface ModelFakeOptions {
  /** Models the server knows (/api/tags, /api/show, /v1/models); others get 404. */
  models?: string[];
  /** Replies to chat requests in order; an `error` turn maps to a failure (see below). */
  turns: RecordedTurn[];
  /** Characters per streamed content chunk (streaming splits content to exercise reassembly). */
  chunkChars?: number;
  /** Pause between streamed chunks (a slow CPU generating), default none. */
  chunkDelayMs?: number;
  /** Answer server_error turns with an HTML 502 page, as a reverse proxy in front of Ollama would. */
  htmlErrors?: boolean;
  /** OpenAI API: false answers JSON even when the client asks for a stream. */
  stream?: boolean;
}

type Message = { role: 'assistant'; content: string; tool_calls?: Array<{ function: { name: string; arguments: unknown } }> };

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const norm = (m: string) => (m.includes(':') ? m : `${m}:latest`);
const pause = (ms: number | undefined) => (ms ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

export async function startModelFake(opts: ModelFakeOptions): Promise<ModelFake> {
  const models = opts.models ?? ['scripted'];
  const queue = [...opts.turns];
  const requests: FakeRequest[] = [];
  const sockets = new Set<Socket>();

  /** The next turn; asked for the final answer (a schema), the model skips its unplayed tool turns, as the scripted provider does. */
  const nextTurn = (structured: boolean): RecordedTurn | undefined => {
    if (structured) {
      const finalAt = queue.findIndex((t) => 'message' in t && t.final === true);
      if (finalAt > 0) queue.splice(0, finalAt);
    }
    return queue.shift();
  };

  async function ollamaChat(req: IncomingMessage, res: ServerResponse, b: Record<string, unknown>, raw: string): Promise<void> {
    if (!models.some((m) => norm(m) === norm(String(b.model ?? '')))) return json(res, 404, { error: `model '${String(b.model)}' not found, try pulling it first` });
    const turn = nextTurn(Boolean(b.format));
    if (!turn) return json(res, 500, { error: 'the fake has no turn left' });
    if ('error' in turn) {
      switch (turn.error.kind) {
        case 'timeout':
          return; // never answer: the client's timeout must fire; close() ends the socket
        case 'bad_response':
          res.writeHead(200, { 'content-type': 'application/json' });
          return void res.end('{"model": "x", "message": {"role": "assistant", "content": ');
        case 'unreachable':
          return void req.socket.destroy();
        case 'model_missing':
          return json(res, 404, { error: turn.error.message });
        default:
          if (opts.htmlErrors) {
            res.writeHead(502, { 'content-type': 'text/html' });
            return void res.end(`<html><body><h1>502 Bad Gateway</h1><p>${turn.error.message}</p></body></html>`);
          }
          return json(res, 500, { error: turn.error.message });
      }
    }
    const message: Message = { role: 'assistant', content: turn.message.content, ...(turn.message.tool_calls ? { tool_calls: turn.message.tool_calls } : {}) };
    const counts = { prompt_eval_count: turn.prompt_tokens ?? Math.ceil(raw.length / 4), eval_count: Math.ceil(turn.message.content.length / 4) + 1 };
    const base = { model: b.model, created_at: new Date(0).toISOString() };
    if (!b.stream) return json(res, 200, { ...base, message, done: true, done_reason: 'stop', ...counts });
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const step = opts.chunkChars ?? 7;
    for (let i = 0; i < message.content.length; i += step) {
      if (res.destroyed) return;
      res.write(`${JSON.stringify({ ...base, message: { role: 'assistant', content: message.content.slice(i, i + step) }, done: false })}\n`);
      await pause(opts.chunkDelayMs);
    }
    if (res.destroyed) return;
    if (message.tool_calls) res.write(`${JSON.stringify({ ...base, message: { role: 'assistant', content: '', tool_calls: message.tool_calls }, done: false })}\n`);
    res.end(`${JSON.stringify({ ...base, message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', ...counts })}\n`);
  }

  async function openAiChat(res: ServerResponse, b: Record<string, unknown>, raw: string): Promise<void> {
    const fail = (status: number, message: string) => json(res, status, { error: { message } });
    if (!models.includes(String(b.model))) return fail(404, `model ${String(b.model)} not found`);
    const turn = nextTurn(Boolean(b.response_format));
    if (!turn) return fail(500, 'the fake has no turn left');
    if ('error' in turn) return turn.error.kind === 'timeout' ? undefined : fail(500, turn.error.message);
    const toolCalls = turn.message.tool_calls?.map((c, index) => ({
      index, id: `fake_${index}`, type: 'function',
      function: { name: c.function.name, arguments: typeof c.function.arguments === 'string' ? c.function.arguments : JSON.stringify(c.function.arguments) },
    }));
    const usage = { prompt_tokens: turn.prompt_tokens ?? Math.ceil(raw.length / 4), completion_tokens: Math.ceil(turn.message.content.length / 4) + 1 };
    const finish = toolCalls ? 'tool_calls' : 'stop';
    if (opts.stream === false || b.stream !== true) {
      return json(res, 200, { id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: turn.message.content, ...(toolCalls ? { tool_calls: toolCalls } : {}) }, finish_reason: finish }], usage });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const send = (v: unknown) => res.write(`data: ${JSON.stringify(v)}\n\n`);
    const step = opts.chunkChars ?? 9;
    for (let i = 0; i < turn.message.content.length; i += step) {
      if (res.destroyed) return;
      send({ choices: [{ index: 0, delta: { content: turn.message.content.slice(i, i + step) } }] });
      await pause(opts.chunkDelayMs);
    }
    // Arguments in two fragments, as real servers stream them.
    for (const t of toolCalls ?? []) {
      const a = t.function.arguments;
      send({ choices: [{ index: 0, delta: { tool_calls: [{ index: t.index, id: t.id, type: 'function', function: { name: t.function.name, arguments: a.slice(0, 3) } }] } }] });
      send({ choices: [{ index: 0, delta: { tool_calls: [{ index: t.index, function: { arguments: a.slice(3) } }] } }] });
    }
    send({ choices: [{ index: 0, delta: {}, finish_reason: finish }] });
    send({ choices: [], usage });
    res.end('data: [DONE]\n\n');
  }

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    let body: Record<string, unknown> | null = null;
    try {
      const parsed: unknown = raw ? JSON.parse(raw) : null;
      body = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
    } catch {
      body = null;
    }
    const path = (req.url ?? '/').split('?')[0]!;
    const method = req.method ?? 'GET';
    requests.push({ method, path, headers: req.headers, body, raw });
    const b = body ?? {};
    if (path === '/api/tags' && method === 'GET') {
      return json(res, 200, { models: models.map((m) => ({ name: norm(m), model: norm(m), size: 1, digest: 'x', modified_at: new Date(0).toISOString() })) });
    }
    if (path === '/api/show' && method === 'POST') {
      if (!models.some((m) => norm(m) === norm(String(b.model ?? '')))) return json(res, 404, { error: `model '${String(b.model)}' not found` });
      return json(res, 200, { modelfile: '', parameters: '', template: '', details: {}, capabilities: ['completion', 'tools'] });
    }
    if (path === '/api/chat' && method === 'POST') return ollamaChat(req, res, b, raw);
    if (path === '/v1/models') return json(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model' })) });
    if (path === '/v1/chat/completions') return openAiChat(res, b, raw);
    return path.startsWith('/v1/') ? json(res, 404, { error: { message: 'not found' } }) : json(res, 404, { error: 'not found' });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `http://127.0.0.1:${port}`,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.path === '/api/chat' || r.path === '/v1/chat/completions'),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The same fake, named for the tests of either provider. */
export const startOllamaFake = startModelFake;
export const startOpenAiFake = startModelFake;
export type OllamaFake = ModelFake;
export type OpenAiFake = ModelFake;
export type OllamaFakeOptions = ModelFakeOptions;

/**
 * A host where nothing listens: a free port below the ephemeral range. Servers started with port 0 (every fake
 * here) get ephemeral ports, so a test running alongside cannot take this one between the check and its use.
 */
export async function unusedHost(): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    const server = createServer();
    const free = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!free) continue;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return `http://127.0.0.1:${port}`;
  }
  throw new Error('no free port below the ephemeral range');
}
