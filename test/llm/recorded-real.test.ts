// Turns recorded from real llama.cpp inference (random-weight tiny llama GGUFs served by node-llama-cpp behind an
// Ollama-compatible endpoint, scripts/record-turns/), replayed through the real ollama client and the loop: byte soup,
// verdicts cut at num_predict, a confidence of -3.0E1546464646464646. The offline report stands each time, saying why.
import { describe, expect, it, onTestFinished } from 'vitest';
import { reportSchema } from '../../src/core/report.js';
import { investigateWithModel } from '../../src/llm/model-pass.js';
import { createOllamaProvider } from '../../src/llm/ollama-provider.js';
import { parseVerdict } from '../../src/llm/verdict.js';
import { startOllamaFake } from '../helpers/model-fake.js';
import { demoOfflineReport, startDemoTools } from './demo-tools.js';
import { turns } from './fixtures.js';

async function replay(fixture: string) {
  const tools = await startDemoTools();
  onTestFinished(() => tools.close());
  const fake = await startOllamaFake({ turns: turns(fixture), models: ['tiny'] });
  onTestFinished(() => fake.close());
  const offline = demoOfflineReport();
  const result = await investigateWithModel({ provider: createOllamaProvider({ host: fake.host, model: 'tiny' }), incident: offline.incident, offline, tools: tools.specs, call: tools.call });
  expect(reportSchema.safeParse(result.report).success).toBe(true);
  expect(result.usedModel).toBe(false);
  expect(result.report.engine).toBe('offline');
  expect(result.report.root_cause).toEqual(offline.root_cause);
  expect(tools.received).toEqual([]);
  return { result, fake };
}

describe('recorded outputs of real random-weight models', () => {
  for (const name of ['recorded-random-gibberish', 'recorded-random-peaked', 'recorded-random-cut']) {
    it(`${name}: no call, the verdict is cut or off-schema twice (one repair round), the offline report says why`, async () => {
      const { result, fake } = await replay(name);
      expect(fake.chatRequests()).toHaveLength(3);
      expect(result.report.model?.reason).toMatch(/^the model's final answer was invalid twice \(the JSON does not match the verdict schema/);
    });
  }

  it('recorded-random-long: the verdict is complete JSON; code clamps its confidence of -3.0E1546464646464646; no evidence, not adopted', async () => {
    const final = turns('recorded-random-long')[1]!;
    if (!('message' in final)) throw new Error('the recorded verdict is a message');
    expect(final.message.content).toContain('"confidence":-3.0E1546464646464646');
    const parsed = parseVerdict(final.message.content);
    expect(parsed.ok && parsed.verdict.confidence).toBe(0);
    const { result, fake } = await replay('recorded-random-long');
    expect(fake.chatRequests()).toHaveLength(2);
    expect(result.report.notices?.find((n) => n.startsWith("the model's verdict was repaired by code"))).toMatch(/confidence -Infinity clamped/);
    expect(result.report.model?.reason).toBe('none of its evidence was found in tool outputs');
  });
});
