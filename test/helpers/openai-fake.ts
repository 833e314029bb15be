// An HTTP fake of an OpenAI-compatible chat server on 127.0.0.1 (/v1/chat/completions as SSE or JSON,
// /v1/models), replaying the same recorded turns as the Ollama fake and keeping every request it received.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { RecordedTurn } from '../../src/llm/scripted-provider.js';

export interface OpenAiFake {
  baseUrl: string;
  requests: Array<{ path: string; headers: IncomingMessage['headers']; body: Record<string, unknown> | null; raw: string }>;
  chatRequests(): OpenAiFake['requests'];
  close(): Promise<void>;
}

export async function startOpenAiFake(opts: { turns: RecordedTurn[]; models?: string[]; stream?: boolean; chunkChars?: number }): Promise<OpenAiFake> {
  const queue = [...opts.turns];
  const models = opts.models ?? ['scripted'];
  const requests: OpenAiFake['requests'] = [];
  const sockets = new Set<Socket>();
  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const c of req) raw += String(c);
    let body: Record<string, unknown> | null = null;
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
    } catch {
      body = null;
    }
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push({ path, headers: req.headers, body, raw });
    const json = (status: number, v: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(v));
    };
    if (path === '/v1/models') return json(200, { object: 'list', data: models.map((id) => ({ id, object: 'model' })) });
    if (path !== '/v1/chat/completions') return json(404, { error: { message: 'not found' } });
    if (!models.includes(String(body?.model))) return json(404, { error: { message: `model ${String(body?.model)} not found` } });
    if (body?.response_format) {
      const finalAt = queue.findIndex((t) => 'message' in t && t.final === true);
      if (finalAt > 0) queue.splice(0, finalAt);
    }
    const turn = queue.shift();
    if (!turn) return json(500, { error: { message: 'the fake has no turn left' } });
    if ('error' in turn) return turn.error.kind === 'timeout' ? undefined : json(500, { error: { message: turn.error.message } });
    const toolCalls = turn.message.tool_calls?.map((c, index) => ({
      index, id: `fake_${index}`, type: 'function',
      function: { name: c.function.name, arguments: typeof c.function.arguments === 'string' ? c.function.arguments : JSON.stringify(c.function.arguments) },
    }));
    const usage = { prompt_tokens: Math.ceil(raw.length / 4), completion_tokens: Math.ceil(turn.message.content.length / 4) + 1 };
    const finish = toolCalls ? 'tool_calls' : 'stop';
    if (opts.stream === false || body?.stream !== true) {
      return json(200, { id: 'x', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: turn.message.content, ...(toolCalls ? { tool_calls: toolCalls } : {}) }, finish_reason: finish }], usage });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const send = (v: unknown) => res.write(`data: ${JSON.stringify(v)}\n\n`);
    const step = opts.chunkChars ?? 9;
    for (let i = 0; i < turn.message.content.length; i += step) send({ choices: [{ index: 0, delta: { content: turn.message.content.slice(i, i + step) } }] });
    // Arguments in two fragments, as real servers stream them.
    for (const t of toolCalls ?? []) {
      const a = t.function.arguments;
      send({ choices: [{ index: 0, delta: { tool_calls: [{ index: t.index, id: t.id, type: 'function', function: { name: t.function.name, arguments: a.slice(0, 3) } }] } }] });
      send({ choices: [{ index: 0, delta: { tool_calls: [{ index: t.index, function: { arguments: a.slice(3) } }] } }] });
    }
    send({ choices: [{ index: 0, delta: {}, finish_reason: finish }] });
    send({ choices: [], usage });
    res.end('data: [DONE]\n\n');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.path === '/v1/chat/completions'),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
