// Records what real llama.cpp inference answers the rca loop: random-weight tiny llama GGUFs (written by
// tiny-gguf.mjs) served by node-llama-cpp behind an Ollama-compatible endpoint, driven by the built `rca demo`.
//
//   mkdir /tmp/llama && (cd /tmp/llama && npm init -y && npm install node-llama-cpp@3.22.1)   # outside the project
//   npm run build && node scripts/record-turns/record.mjs --llama-dir /tmp/llama [--out fixtures/turns]
//
// node-llama-cpp is not a dependency of the project: its prebuilt CPU binary is loaded from --llama-dir.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startLlamaEndpoint } from './llama-endpoint.mjs';
import { writeTinyLlama } from './tiny-gguf.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({ options: { 'llama-dir': { type: 'string' }, out: { type: 'string', default: join(ROOT, 'fixtures', 'turns') } } });
if (!values['llama-dir']) throw new Error('--llama-dir DIR: a directory where `npm install node-llama-cpp` was run');
const entry = createRequire(join(resolve(values['llama-dir']), 'package.json')).resolve('node-llama-cpp');
const { getLlama, LlamaCompletion } = await import(pathToFileURL(entry).href);

/** Each variant: a model (seed, weight scale) and the generation cap rca sends; what it shows is in `about`. */
const VARIANTS = [
  { name: 'random-gibberish', seed: 11, std: 0.5, numPredict: 96, about: 'random weights, moderate scale: token soup; under the verdict grammar, JSON with nonsense strings and numbers' },
  { name: 'random-peaked', seed: 12, std: 4, numPredict: 160, about: 'random weights, large scale: peaked next-token distributions, so the same few tokens repeat' },
  { name: 'random-long', seed: 14, std: 0.5, numPredict: 1024, about: 'num_predict 1024: room for the grammar to get past the summary to the numbers' },
  { name: 'random-cut', seed: 13, std: 0.5, numPredict: 64, about: 'num_predict 64 (the lowest rca allows): every answer, the verdict JSON included, stops at the cap' },
];

const llama = await getLlama({ gpu: false, build: 'never' });
const work = mkdtempSync(join(tmpdir(), 'record-turns-'));
try {
  for (const v of VARIANTS) {
    const file = join(work, `${v.name}.gguf`);
    const bytes = writeTinyLlama(file, { seed: v.seed, std: v.std, name: v.name });
    const model = await llama.loadModel({ modelPath: file });
    const replies = [];
    const endpoint = await startLlamaEndpoint({ llama, LlamaCompletion, models: [{ name: v.name, model, seed: v.seed }], onReply: (r) => replies.push(r) });
    // `rca demo` reads rca.config.yaml in its working directory: the model, its host and num_predict.
    const cwd = mkdtempSync(join(work, `${v.name}-`));
    writeFileSync(join(cwd, 'rca.config.yaml'), `model:\n  name: ${v.name}\n  host: ${endpoint.host}\n  num_predict: ${v.numPredict}\n`);
    const env = { ...process.env, INCIDENT_COPILOT_DB: join(work, 'h.db'), XDG_CACHE_HOME: join(work, 'cache'), NO_COLOR: '1' };
    delete env.OLLAMA_MODEL;
    delete env.OLLAMA_HOST;
    const started = Date.now();
    // Asynchronously: the endpoint answers from this process's event loop.
    const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'bin', 'rca.js'), 'demo', '--json', '--quiet'], { cwd, env, maxBuffer: 64 << 20 });
    const report = JSON.parse(stdout);
    await endpoint.close();
    await model.dispose();
    const lines = replies.map((r, i) => JSON.stringify({
      message: { role: 'assistant', content: r.content },
      ...(r.request.format ? { final: true } : {}),
      prompt_tokens: r.promptTokens,
      note: `recorded: node-llama-cpp 3.22.1 (llama.cpp, CPU) on ${v.name} (GGUF ${bytes} B, seed ${v.seed}, std ${v.std}), request ${i + 1}: ${r.tokens} tokens, stop ${r.stop}, grammar ${r.grammarNote}`,
    }));
    const out = join(values.out, `recorded-${v.name}.jsonl`);
    writeFileSync(out, `${lines.join('\n')}\n`);
    process.stdout.write(`${v.name}: ${replies.length} requests in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${out}; report engine ${report.engine}, model ${JSON.stringify(report.model)}\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
