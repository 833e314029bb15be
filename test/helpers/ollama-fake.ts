// An HTTP fake of Ollama on 127.0.0.1 (/api/chat streaming NDJSON or not, /api/tags, /api/show), so the
// real `ollama` client code runs in tests. It replays recorded turns and keeps every request it received.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { RecordedTurn } from '../../src/llm/scripted-provider.js';

export interface FakeRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
  raw: string;
}

export interface OllamaFake {
  host: string;
  requests: FakeRequest[];
  chatRequests(): FakeRequest[];
  close(): Promise<void>;
}

export interface OllamaFakeOptions {
  /** Models /api/tags lists and /api/show knows; others get 404. */
  models?: string[];
  /** Replies to /api/chat in order; an `error` turn maps to a failure (see below). */
  turns: RecordedTurn[];
  /** Characters per streamed content chunk (streaming splits content to exercise reassembly). */
  chunkChars?: number;
  /** Pause between streamed chunks (a slow CPU generating), default none. */
  chunkDelayMs?: number;
  /** Answer server_error turns with an HTML 502 page, as a reverse proxy in front of Ollama would. */
  htmlErrors?: boolean;
}

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

export async function startOllamaFake(opts: OllamaFakeOptions): Promise<OllamaFake> {
  const models = opts.models ?? ['scripted'];
  const queue = [...opts.turns];
  const requests: FakeRequest[] = [];
  const sockets = new Set<Socket>();
  const chunkChars = opts.chunkChars ?? 7;

  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    let body: unknown = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = null;
    }
    const path = (req.url ?? '/').split('?')[0];
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body, raw });
    const b = (body ?? {}) as { model?: string; stream?: boolean };

    if (path === '/api/tags' && req.method === 'GET') {
      return json(res, 200, { models: models.map((m) => ({ name: norm(m), model: norm(m), size: 1, digest: 'x', modified_at: new Date(0).toISOString() })) });
    }
    if (path === '/api/show' && req.method === 'POST') {
      if (!models.some((m) => norm(m) === norm(b.model ?? ''))) return json(res, 404, { error: `model '${b.model}' not found` });
      return json(res, 200, { modelfile: '', parameters: '', template: '', details: {}, capabilities: ['completion', 'tools'] });
    }
    if (path !== '/api/chat' || req.method !== 'POST') return json(res, 404, { error: 'not found' });
    if (!models.some((m) => norm(m) === norm(b.model ?? ''))) return json(res, 404, { error: `model '${b.model}' not found, try pulling it first` });

    // As the scripted provider does: asked for the verdict (format), the model skips its unplayed tool turns.
    if ((body as { format?: unknown } | null)?.format) {
      const finalAt = queue.findIndex((t) => 'message' in t && t.final === true);
      if (finalAt > 0) queue.splice(0, finalAt);
    }
    const turn = queue.shift();
    if (!turn) return json(res, 500, { error: 'the fake has no turn left' });
    if ('error' in turn) {
      switch (turn.error.kind) {
        case 'timeout':
          return; // never answer: the client's timeout must fire; close() ends the socket
        case 'bad_response':
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end('{"model": "x", "message": {"role": "assistant", "content": ');
        case 'unreachable':
          return req.socket.destroy();
        case 'model_missing':
          return json(res, 404, { error: turn.error.message });
        default:
          if (opts.htmlErrors) {
            res.writeHead(502, { 'content-type': 'text/html' });
            return res.end(`<html><body><h1>502 Bad Gateway</h1><p>${turn.error.message}</p></body></html>`);
          }
          return json(res, 500, { error: turn.error.message });
      }
    }
    const message = { role: 'assistant', content: turn.message.content, ...(turn.message.tool_calls ? { tool_calls: turn.message.tool_calls } : {}) };
    const counts = { prompt_eval_count: turn.prompt_tokens ?? Math.ceil(raw.length / 4), eval_count: Math.ceil(turn.message.content.length / 4) + 1 };
    const base = { model: b.model, created_at: new Date(0).toISOString() };
    if (!b.stream) return json(res, 200, { ...base, message, done: true, done_reason: 'stop', ...counts });

    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const content = turn.message.content;
    for (let i = 0; i < content.length; i += chunkChars) {
      if (res.destroyed) return;
      res.write(`${JSON.stringify({ ...base, message: { role: 'assistant', content: content.slice(i, i + chunkChars) }, done: false })}\n`);
      if (opts.chunkDelayMs) await new Promise((r) => setTimeout(r, opts.chunkDelayMs));
    }
    if (res.destroyed) return;
    if (turn.message.tool_calls) {
      res.write(`${JSON.stringify({ ...base, message: { role: 'assistant', content: '', tool_calls: turn.message.tool_calls }, done: false })}\n`);
    }
    res.end(`${JSON.stringify({ ...base, message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', ...counts })}\n`);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    host: `http://127.0.0.1:${port}`,
    requests,
    chatRequests: () => requests.filter((r) => r.path === '/api/chat'),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

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
