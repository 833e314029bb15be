// The OpenAI-compatible provider against an HTTP fake of the chat completions API: streamed and whole
// answers, tool calls with arguments in fragments, structured output, the same loop and grounding as Ollama.
import { describe, expect, it, onTestFinished } from 'vitest';
import { reportSchema } from '../../src/core/report.js';
import { investigateWithModel } from '../../src/llm/model-pass.js';
import { createOpenAiProvider, toOpenAiMessages } from '../../src/llm/openai-provider.js';
import { parseTurnsJsonl } from '../../src/llm/scripted-provider.js';
import { startOpenAiFake } from '../helpers/model-fake.js';
import { unusedHost } from '../helpers/model-fake.js';
import { demoOfflineReport, POOL_SHA, SECRET_TOKEN, startDemoTools } from './demo-tools.js';
import { turns } from './fixtures.js';

describe('openai-compatible provider', () => {
  for (const stream of [true, false]) {
    it(`chat (${stream ? 'SSE' : 'JSON'}): content, tool calls (arguments as a string for the guard) and usage`, async () => {
      const f = await startOpenAiFake({ turns: parseTurnsJsonl(JSON.stringify({ message: { content: 'Looking.', tool_calls: [{ function: { name: 'logs__search_logs', arguments: { pattern: 'timeout' } } }] } })), models: ['qwen'], stream });
      onTestFinished(() => f.close());
      const p = createOpenAiProvider({ baseUrl: f.baseUrl, model: 'qwen', apiKey: 'sk-test' });
      expect(await p.check()).toEqual({ ok: true });
      const res = await p.chat({ messages: [{ role: 'user', content: 'why?' }], format: { type: 'object' } });
      expect(res.message).toEqual({ role: 'assistant', content: 'Looking.', tool_calls: [{ function: { name: 'logs__search_logs', arguments: '{"pattern":"timeout"}' } }] });
      expect(res.promptTokens).toBeGreaterThan(0);
      const body = f.chatRequests()[0]!.body!;
      expect(body).toMatchObject({ model: 'qwen', temperature: 0, max_tokens: 1024, response_format: { type: 'json_schema', json_schema: { name: 'verdict', schema: { type: 'object' } } } });
      expect(f.chatRequests()[0]!.headers.authorization).toBe('Bearer sk-test');
    });
  }

  it('gives each tool result the id of the call it answers', () => {
    const out = toOpenAiMessages([
      { role: 'user', content: 'q' },
      { role: 'assistant', content: '', tool_calls: [{ function: { name: 'a', arguments: {} } }, { function: { name: 'b', arguments: { x: 1 } } }] },
      { role: 'tool', tool_name: 'a', content: 'ra' },
      { role: 'tool', tool_name: 'b', content: 'rb' },
    ]);
    expect(out[1]).toMatchObject({ tool_calls: [{ id: 'call_1_0', function: { name: 'a', arguments: '{}' } }, { id: 'call_1_1', function: { arguments: '{"x":1}' } }] });
    expect(out.slice(2)).toEqual([{ role: 'tool', tool_call_id: 'call_1_0', content: 'ra' }, { role: 'tool', tool_call_id: 'call_1_1', content: 'rb' }]);
  });

  it('a model the server does not list, and a closed port: one readable line each', async () => {
    const f = await startOpenAiFake({ turns: [], models: ['other'] });
    onTestFinished(() => f.close());
    expect(await createOpenAiProvider({ baseUrl: f.baseUrl, model: 'qwen' }).check()).toEqual({ ok: false, notice: `model 'qwen' is not served by the OpenAI-compatible server at ${f.baseUrl} (it serves other)` });
    const host = await unusedHost();
    const closed = await createOpenAiProvider({ baseUrl: `${host}/v1`, model: 'qwen' }).check();
    expect(closed).toEqual({ ok: false, notice: expect.stringMatching(/^the OpenAI-compatible server at .* is not reachable \(ECONNREFUSED\)$/) });
  });

  it('runs the same investigation as Ollama: merged, grounded, secrets redacted on the wire', async () => {
    const tools = await startDemoTools();
    onTestFinished(() => tools.close());
    const f = await startOpenAiFake({ turns: turns('demo-normal'), models: ['scripted'] });
    onTestFinished(() => f.close());
    const offline = demoOfflineReport();
    const result = await investigateWithModel({ provider: createOpenAiProvider({ baseUrl: f.baseUrl, model: 'scripted' }), incident: offline.incident, offline, tools: tools.specs, call: tools.call });
    const r = result.report;
    expect(reportSchema.safeParse(r).success).toBe(true);
    expect(r.engine).toBe('openai:scripted');
    expect(r.model).toMatchObject({ name: 'scripted', provider: 'openai', adopted: true });
    expect(r.root_cause.suspect_change?.sha).toBe(POOL_SHA);
    expect(r.evidence.filter((e) => e.verified).map((e) => e.tool)).toEqual(['logs__error_signatures', 'git__show_commit', 'git__get_recent_commits']);
    expect(tools.received.map((c) => c.tool)).toEqual(['logs__error_signatures', 'git__get_recent_commits', 'git__show_commit']);
    expect(f.chatRequests().map((q) => q.raw).join('\n')).not.toContain(SECRET_TOKEN);
  });
});
