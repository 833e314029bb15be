// The Ollama provider against an HTTP fake of Ollama, so the real `ollama` client code runs:
// streaming and not, auth header, the reachability/model check, and each failure's one-line message.
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createOllamaProvider } from '../../src/llm/ollama-provider.js';
import { resolveOllamaSettings } from '../../src/llm/ollama-settings.js';
import { parseTurnsJsonl, type RecordedTurn } from '../../src/llm/scripted-provider.js';
import { startOllamaFake, unusedHost } from '../helpers/model-fake.js';

async function fake(turns: RecordedTurn[], models = ['qwen3:8b']) {
  const f = await startOllamaFake({ turns, models });
  onTestFinished(() => f.close());
  return f;
}

const toolTurn = parseTurnsJsonl(
  JSON.stringify({ message: { content: 'Looking at the logs first.', tool_calls: [{ function: { name: 'logs__search_logs', arguments: { query: 'timeout' } } }] }, prompt_tokens: 321 }),
);

describe('ollama provider', () => {
  for (const stream of [true, false]) {
    it(`chat (${stream ? 'streaming NDJSON' : 'non-streaming'}) returns the message, tool calls and token counts`, async () => {
      const f = await fake(toolTurn);
      const p = createOllamaProvider({ host: f.host, model: 'qwen3:8b', stream });
      const res = await p.chat({
        messages: [{ role: 'user', content: 'why 500s?' }],
        tools: [{ type: 'function', function: { name: 'logs__search_logs', description: 'search', parameters: { type: 'object', properties: { query: { type: 'string' } } } } }],
        format: { type: 'object' },
      });
      expect(res).toEqual({
        message: { role: 'assistant', content: 'Looking at the logs first.', tool_calls: [{ function: { name: 'logs__search_logs', arguments: { query: 'timeout' } } }] },
        promptTokens: 321,
        completionTokens: expect.any(Number),
      });
      const body = f.chatRequests()[0].body as Record<string, unknown>;
      expect(body).toMatchObject({ model: 'qwen3:8b', stream, format: { type: 'object' }, options: { temperature: 0, num_ctx: 10_240, num_predict: 1024 } });
      expect((body.tools as unknown[]).length).toBe(1);
      expect(f.chatRequests()[0].headers.authorization).toBeUndefined();
    });
  }

  it('sends OLLAMA_API_KEY as a bearer token', async () => {
    const f = await fake(toolTurn);
    const settings = resolveOllamaSettings({ OLLAMA_HOST: f.host, OLLAMA_MODEL: 'qwen3:8b', OLLAMA_API_KEY: 'k-123' });
    const p = createOllamaProvider({ host: settings.host, model: settings.model!, apiKey: settings.apiKey });
    expect(await p.check()).toEqual({ ok: true });
    await p.chat({ messages: [{ role: 'user', content: 'x' }] });
    expect(f.requests.map((r) => r.headers.authorization)).toEqual(['Bearer k-123', 'Bearer k-123']);
  });

  it('resolves settings: --model wins, OLLAMA_HOST may be missing', () => {
    expect(resolveOllamaSettings({ OLLAMA_MODEL: 'a' }, { model: 'b' })).toEqual({ host: 'http://127.0.0.1:11434', model: 'b' });
    expect(resolveOllamaSettings({ OLLAMA_HOST: ' ', OLLAMA_API_KEY: '' })).toEqual({ host: 'http://127.0.0.1:11434', model: null });
  });

  it('check: a listed model is fine (":latest" implied), a missing one gets a pull hint', async () => {
    const f = await fake([], ['llama3.2']);
    expect(await createOllamaProvider({ host: f.host, model: 'llama3.2:latest' }).check()).toEqual({ ok: true });
    expect(await createOllamaProvider({ host: f.host, model: 'qwen3:8b' }).check()).toEqual({
      ok: false,
      notice: `Ollama model 'qwen3:8b' is not available at ${f.host} (run: ollama pull qwen3:8b)`,
    });
    expect(f.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/tags', 'GET /api/tags', 'POST /api/show']);
  });

  it('check: an unreachable server is one clear line', async () => {
    const host = await unusedHost();
    expect(await createOllamaProvider({ host, model: 'm' }).check()).toEqual({ ok: false, notice: `Ollama at ${host} is not reachable (ECONNREFUSED)` });
  });

  it('chat: a missing model (404) is model_missing', async () => {
    const f = await fake(toolTurn, ['other']);
    await expect(createOllamaProvider({ host: f.host, model: 'qwen3:8b' }).chat({ messages: [] })).rejects.toMatchObject({
      kind: 'model_missing',
      message: `Ollama model 'qwen3:8b' is not available at ${f.host} (run: ollama pull qwen3:8b)`,
    });
  });

  for (const stream of [true, false]) {
    it(`chat: a server that does not answer hits the timeout (${stream ? 'streaming' : 'non-streaming'})`, async () => {
      const f = await fake(parseTurnsJsonl('{"error":{"kind":"timeout","message":"hang"}}'));
      const p = createOllamaProvider({ host: f.host, model: 'qwen3:8b', chatTimeoutMs: 300, stream });
      const said = stream ? 'did not start answering within 300 ms (model.first_token_timeout_ms)' : 'did not finish answering within 300 ms (model.timeout_ms)';
      await expect(p.chat({ messages: [] })).rejects.toMatchObject({ kind: 'timeout', message: `Ollama at ${f.host} ${said}` });
    });
  }

  it('chat: time to the first token and total time are separate deadlines; progress reports tokens and their rate', async () => {
    const long = parseTurnsJsonl(JSON.stringify({ message: { content: 'x'.repeat(40) } }));
    // 10 chunks 60 ms apart: the first arrives well within 2 s, the whole answer takes ~600 ms.
    const slow = await startOllamaFake({ turns: long, models: ['m'], chunkChars: 4, chunkDelayMs: 60 });
    onTestFinished(() => slow.close());
    const progress: Array<{ tokens: number; tokensPerSecond: number | null }> = [];
    const ok = createOllamaProvider({ host: slow.host, model: 'm', firstTokenTimeoutMs: 2000, chatTimeoutMs: 5000 });
    const res = await ok.chat({ messages: [], onProgress: (p) => progress.push(p) });
    expect(res.message.content).toBe('x'.repeat(40));
    expect(progress.map((p) => p.tokens)).toEqual(Array.from({ length: progress.length }, (_, i) => i + 1));
    expect(progress.at(-1)!.tokensPerSecond).toBeGreaterThan(0);
    const again = await startOllamaFake({ turns: long, models: ['m'], chunkChars: 4, chunkDelayMs: 60 });
    onTestFinished(() => again.close());
    const tight = createOllamaProvider({ host: again.host, model: 'm', firstTokenTimeoutMs: 2000, chatTimeoutMs: 250 });
    await expect(tight.chat({ messages: [] })).rejects.toMatchObject({ kind: 'timeout', message: `Ollama at ${again.host} did not finish answering within 250 ms (model.timeout_ms)` });
  });

  it('chat: a stop signal ends the wait with a cancelled error', async () => {
    const f = await fake(parseTurnsJsonl('{"error":{"kind":"timeout","message":"hang"}}'));
    const stop = new AbortController();
    const pending = createOllamaProvider({ host: f.host, model: 'qwen3:8b' }).chat({ messages: [], signal: stop.signal });
    stop.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'cancelled', message: 'stopped waiting for the model' });
  });

  it('chat: a model repeating itself is cut while it streams, one copy kept', async () => {
    const loop = 'I will call the tool now. '.repeat(60);
    const f = await fake(parseTurnsJsonl(JSON.stringify({ message: { content: `Thinking. ${loop}` } })));
    const res = await createOllamaProvider({ host: f.host, model: 'qwen3:8b' }).chat({ messages: [] });
    expect(res.stopped).toBe('repetition');
    expect(res.message.content.length).toBeLessThan(loop.length / 2);
    expect(res.message.content.startsWith('Thinking. I will call the tool now.')).toBe(true);
  });

  it('chat: a connection dropped mid-conversation is unreachable', async () => {
    const f = await fake(parseTurnsJsonl('{"error":{"kind":"unreachable","message":"drop"}}'));
    await expect(createOllamaProvider({ host: f.host, model: 'qwen3:8b' }).chat({ messages: [] })).rejects.toMatchObject({
      kind: 'unreachable',
      message: expect.stringMatching(new RegExp(`^Ollama at ${f.host} is not reachable \\((UND_ERR_SOCKET|ECONNRESET|connection failed)\\)$`)),
    });
  });

  it('chat: a body that is not JSON is bad_response', async () => {
    const f = await fake(parseTurnsJsonl('{"error":{"kind":"bad_response","message":"cut"}}'));
    const p = createOllamaProvider({ host: f.host, model: 'qwen3:8b', stream: false });
    await expect(p.chat({ messages: [] })).rejects.toMatchObject({ kind: 'bad_response', message: `Ollama at ${f.host} sent a response that is not valid JSON` });
  });

  it('chat: a streamed line that is not JSON is bad_response, and the client prints nothing', async () => {
    const f = await fake(parseTurnsJsonl('{"error":{"kind":"bad_response","message":"cut"}}'));
    const warn = vi.spyOn(console, 'warn');
    onTestFinished(() => warn.mockRestore());
    await expect(createOllamaProvider({ host: f.host, model: 'qwen3:8b', stream: true }).chat({ messages: [] })).rejects.toMatchObject({
      kind: 'bad_response',
      message: expect.stringMatching(new RegExp(`^Ollama at ${f.host} failed: the chat stream held a line that is not JSON \\(\\{"model": "x"`)),
    });
    expect(warn).not.toHaveBeenCalled();
  });

  it('chat: a server error keeps its status and message on one line', async () => {
    const f = await fake(parseTurnsJsonl('{"error":{"kind":"server_error","message":"out of memory\\nwhile loading"}}'));
    await expect(createOllamaProvider({ host: f.host, model: 'qwen3:8b' }).chat({ messages: [] })).rejects.toMatchObject({
      kind: 'server_error',
      message: `Ollama at ${f.host} answered HTTP 500: out of memory while loading`,
    });
  });
});

describe('ollama provider behind a proxy', () => {
  it('an HTML error page becomes one line, and nothing is printed on stdout', async () => {
    const f = await startOllamaFake({ turns: parseTurnsJsonl('{"error":{"kind":"server_error","message":"upstream gone"}}'), models: ['m'], htmlErrors: true });
    onTestFinished(() => f.close());
    const log = vi.spyOn(console, 'log');
    onTestFinished(() => log.mockRestore());
    await expect(createOllamaProvider({ host: f.host, model: 'm' }).chat({ messages: [] })).rejects.toMatchObject({
      kind: 'server_error',
      message: `Ollama at ${f.host} answered HTTP 502: 502 Bad Gateway upstream gone`,
    });
    expect(log).not.toHaveBeenCalled();
  });
});
