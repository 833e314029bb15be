// An Ollama-compatible endpoint (/api/tags, /api/show, /api/chat streaming NDJSON or not) over node-llama-cpp:
// real llama.cpp inference of a GGUF on the CPU, honouring num_predict, temperature and `format` (a JSON Schema as a grammar).
import { createServer } from 'node:http';

/** A plain chat layout for models without a template of their own: tools and messages as text, then the reply. */
function promptOf(body) {
  const lines = [];
  if (body.tools?.length) lines.push(`<tools>${JSON.stringify(body.tools.map((t) => t.function))}</tools>`);
  for (const m of body.messages ?? []) {
    const calls = m.tool_calls?.length ? `\n<tool_call>${JSON.stringify(m.tool_calls.map((c) => c.function))}</tool_call>` : '';
    lines.push(`<|${m.role}|>\n${m.content ?? ''}${calls}`);
  }
  lines.push('<|assistant|>\n');
  return lines.join('\n');
}

/**
 * Serves `models` ({name, model}) from one llama; `onReply` receives every answered request (what the model was
 * asked, what it said, token counts, why it stopped) for the recorder.
 */
export async function startLlamaEndpoint({ llama, LlamaCompletion, models, onReply, threads = 1 }) {
  const loaded = new Map();
  for (const m of models) {
    const context = await m.model.createContext({ contextSize: 16384, threads, batchSize: 512 });
    loaded.set(m.name, { ...m, completion: new LlamaCompletion({ contextSequence: context.getSequence() }) });
  }
  const norm = (n) => (String(n).includes(':') ? String(n) : `${n}:latest`);
  const find = (n) => [...loaded.values()].find((m) => norm(m.name) === norm(n));
  let queue = Promise.resolve();

  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const c of req) raw += c;
    const body = raw ? JSON.parse(raw) : {};
    const send = (status, v) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(v));
    };
    if (req.url === '/api/tags') return send(200, { models: [...loaded.keys()].map((n) => ({ name: norm(n), model: norm(n), size: 1, digest: 'x', modified_at: new Date(0).toISOString() })) });
    if (req.url === '/api/show') return find(body.model) ? send(200, { modelfile: '', parameters: '', template: '', details: {}, capabilities: ['completion', 'tools'] }) : send(404, { error: 'model not found' });
    if (req.url !== '/api/chat') return send(404, { error: 'not found' });
    const m = find(body.model);
    if (!m) return send(404, { error: `model '${body.model}' not found` });
    // One generation at a time per process: the recorder's requests come in order anyway.
    const run = queue.then(async () => {
      const opts = body.options ?? {};
      const prompt = promptOf(body);
      let grammar;
      let grammarNote = 'none';
      if (body.format && typeof body.format === 'object') {
        try {
          grammar = await llama.createGrammarForJsonSchema(body.format);
          grammarNote = 'the request\'s JSON Schema';
        } catch (err) {
          grammar = await llama.getGrammarFor('json');
          grammarNote = `plain JSON (the schema was refused: ${err.message.slice(0, 80)})`;
        }
      } else if (body.format === 'json') {
        grammar = await llama.getGrammarFor('json');
        grammarNote = 'plain JSON';
      }
      const promptTokens = m.model.tokenize(prompt).length;
      const maxTokens = Math.max(1, Number(opts.num_predict ?? 128));
      let tokens = 0;
      const { response, metadata } = await m.completion.generateCompletionWithMeta(prompt, {
        maxTokens, grammar, temperature: Number(opts.temperature ?? 0.8), seed: m.seed, onToken: (t) => (tokens += t.length),
      });
      return { prompt, promptTokens, content: response, tokens, stop: metadata.stopReason, grammarNote };
    });
    queue = run.catch(() => undefined);
    let out;
    try {
      out = await run;
    } catch (err) {
      return send(500, { error: String(err?.message ?? err) });
    }
    onReply({ model: m.name, request: body, ...out });
    const base = { model: body.model, created_at: new Date().toISOString() };
    const counts = { prompt_eval_count: out.promptTokens, eval_count: out.tokens };
    const doneReason = out.stop === 'maxTokens' ? 'length' : 'stop';
    if (body.stream === false) return send(200, { ...base, message: { role: 'assistant', content: out.content }, done: true, done_reason: doneReason, ...counts });
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    for (let i = 0; i < out.content.length; i += 16) res.write(`${JSON.stringify({ ...base, message: { role: 'assistant', content: out.content.slice(i, i + 16) }, done: false })}\n`);
    res.end(`${JSON.stringify({ ...base, message: { role: 'assistant', content: '' }, done: true, done_reason: doneReason, ...counts })}\n`);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { host: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}
