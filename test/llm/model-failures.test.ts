// What small real models do, replayed through the real ollama client (HTTP fake) and real MCP tools: token
// soup, numbers far out of range, the same call forever, calls written as text, a verdict cut mid-way.
import { describe, expect, it, onTestFinished } from 'vitest';
import { reportSchema } from '../../src/core/report.js';
import { investigateWithModel } from '../../src/llm/model-pass.js';
import { createOllamaProvider } from '../../src/llm/ollama-provider.js';
import { startOllamaFake } from '../helpers/model-fake.js';
import { demoOfflineReport, POOL_SHA, startDemoTools } from './demo-tools.js';
import { turns } from './fixtures.js';

async function run(fixture: string) {
  const tools = await startDemoTools();
  onTestFinished(() => tools.close());
  const fake = await startOllamaFake({ turns: turns(fixture), models: ['small'] });
  onTestFinished(() => fake.close());
  const provider = createOllamaProvider({ host: fake.host, model: 'small' });
  const offline = demoOfflineReport();
  const result = await investigateWithModel({ provider, incident: offline.incident, offline, tools: tools.specs, call: tools.call });
  expect(reportSchema.safeParse(result.report).success).toBe(true);
  return { result, tools, fake, offline };
}

describe('recorded failure modes of small models', () => {
  it('gibberish: no call is made, the verdict is invalid twice, the offline report stands and says why', async () => {
    const { result, tools, offline } = await run('gibberish');
    expect(tools.received).toEqual([]);
    expect(result.usedModel).toBe(false);
    expect(result.report.engine).toBe('offline');
    expect(result.report.root_cause).toEqual(offline.root_cause);
    expect(result.report.model).toMatchObject({ name: 'small', adopted: false, reason: expect.stringMatching(/^the model's final answer was invalid twice/) });
  });

  it('huge numbers and a list repeated 12 times: the stream is cut at the repetition, the JSON closed, the confidence clamped then capped, no repair round', async () => {
    const { result, fake } = await run('huge-numbers');
    const r = result.report;
    expect(fake.chatRequests()).toHaveLength(3); // one tool round, the stop round, one verdict: no repair
    expect(r.model?.adopted).toBe(true);
    expect(r.root_cause.confidence).toBeLessThanOrEqual(0.8);
    expect(r.root_cause.summary.length).toBeLessThanOrEqual(400);
    expect(r.recommendations.filter((x) => x === 'Restore maximumPoolSize to 20')).toHaveLength(1);
    expect(r.notices?.find((n) => n.startsWith("the model's verdict was repaired by code"))).toMatch(/cut-off JSON closed; confidence 7373737373737373 clamped; 1 long field\(s\) cut$/);
    expect(r.notices).toContain('the model repeated itself in request 3; its answer was cut there');
  });

  it('repeated identical calls: one call runs, the repeats are refused, and the loop gives up on tools after two idle rounds', async () => {
    const { result, tools, fake } = await run('repeat-loop');
    expect(tools.received.map((c) => c.tool)).toEqual(['logs__error_signatures']);
    expect(result.report.notices).toContain('model investigation stopped: two rounds in a row asked only for calls that were refused');
    expect(fake.chatRequests()).toHaveLength(4); // the call, two refused rounds, the verdict
    expect(result.report.model?.adopted).toBe(true);
  });

  it('tool calls written as text are read as calls of offered tools', async () => {
    const { result, tools } = await run('text-tool-calls');
    expect(tools.received.map((c) => c.tool)).toEqual(['logs__error_signatures', 'git__show_commit']);
    expect(result.report.notices).toContain('the model wrote 1 tool call(s) as text; they were read as calls');
    expect(result.report.root_cause.suspect_change?.sha).toBe(POOL_SHA);
    expect(result.report.evidence.some((e) => e.verified === true && e.tool === 'logs__error_signatures')).toBe(true);
  });

  it('a verdict cut mid-way is closed by code and used without a repair round', async () => {
    const { result, fake } = await run('truncated-json');
    expect(fake.chatRequests()).toHaveLength(3);
    expect(result.report.model?.adopted).toBe(true);
    expect(result.report.notices).toContain("the model's verdict was repaired by code: cut-off JSON closed");
    expect(result.report.root_cause.category).toBe('resource_exhaustion');
  });
});
