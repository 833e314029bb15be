// Classification with a model: the scripted provider and the HTTP fake of Ollama (the real client code)
// answer with valid, repairable and unusable JSON; the verdict stored with the execution says who decided.
import { describe, expect, it, onTestFinished } from 'vitest';
import { classifyExecution } from '../../src/learn/classify.js';
import { z } from 'zod';
import { modelVerdictSchema } from '../../src/learn/classify-model.js';
import { createOllamaProvider, createScriptedProvider } from '../../src/llm/index.js';
import { getClassification, getExecution } from '../../src/store/index.js';
import { startOllamaFake, unusedHost } from '../helpers/model-fake.js';
import { failedRun, memoryDb, recorded } from './helpers.js';

const YAML = `id: RB-M
title: m
steps:
  - id: act
    run: [true]
    mutating: true
`;

const answer = (o: unknown) => ({ message: { role: 'assistant' as const, content: typeof o === 'string' ? o : JSON.stringify(o) } });
const good = { failure_type: 'external_dependency', reasoning: 'The vendor API answered 503 for every call; nothing in the runbook could fix that.', confidence: 0.7, evidence: ['503'] };

function setup(stderr = 'dependency missing: redis') {
  const db = memoryDb();
  return { db, ...recorded(db, YAML, failedRun({ failing: { step_id: 'act', mutating: true, stderr } })) };
}

/** The format every classification request carries: the JSON schema of the verdict it must answer. */
const VERDICT_JSON_SCHEMA = z.toJSONSchema(modelVerdictSchema);

describe('classification by a model', () => {
  it('uses a valid answer, sends the JSON schema as format, and stores model and name', async () => {
    const { db, rb, result } = setup();
    const provider = createScriptedProvider({ turns: [answer(good)], model: 'qwen3:8b' });
    const c = await classifyExecution(db, result, rb, { provider });
    expect(c).toMatchObject({ failure_type: 'external_dependency', classified_by: 'model', model: 'qwen3:8b', confidence: 0.7 });
    expect(provider.requests[0].format).toEqual(VERDICT_JSON_SCHEMA);
    expect(provider.requests[0].messages[1].content).toContain('dependency missing: redis');
    expect(provider.requests[0].messages[1].content).toContain('"failure_type": "runbook_insufficient"');
    expect(getExecution(db, result.execution_id)?.failure_type).toBe('external_dependency');
  });

  it('repairs once: a second, valid answer after the problem is named', async () => {
    const { db, rb, result } = setup();
    const provider = createScriptedProvider({ turns: [answer({ failure_type: 'broken', reasoning: 'x' }), answer(good)] });
    const c = await classifyExecution(db, result, rb, { provider });
    expect(c?.classified_by).toBe('model');
    expect(provider.requests).toHaveLength(2);
    expect(provider.requests[1].messages.at(-1)?.content).toMatch(/could not be used: the JSON does not match the schema \(failure_type/);
  });

  it('falls back to the rules after two unusable answers, with a notice', async () => {
    const { db, rb, result } = setup();
    const notices: string[] = [];
    const provider = createScriptedProvider({ turns: [answer('not json'), answer('```json\n{"failure_type":"x"}\n```')] });
    const c = await classifyExecution(db, result, rb, { provider, notice: (m) => notices.push(m) });
    expect(c).toMatchObject({ failure_type: 'runbook_insufficient', classified_by: 'rules', model: null });
    expect(c?.evidence[0]).toBe('rule: dependency-missing');
    expect(notices[0]).toMatch(/invalid twice .*using the rules/);
    expect(getClassification(db, result.execution_id)?.classified_by).toBe('rules');
  });

  it('through the real Ollama client against the HTTP fake', async () => {
    const fake = await startOllamaFake({ turns: [answer(good)], models: ['qwen3:8b'] });
    onTestFinished(() => fake.close());
    const { db, rb, result } = setup('GET https://api.vendor.io returned status 503');
    const provider = createOllamaProvider({ host: fake.host, model: 'qwen3:8b' });
    const c = await classifyExecution(db, result, rb, { provider });
    expect(c).toMatchObject({ failure_type: 'external_dependency', classified_by: 'model', model: 'qwen3:8b' });
    const body = fake.chatRequests()[0].body as { format: unknown };
    expect(body.format).toEqual(VERDICT_JSON_SCHEMA);
  });

  it('an unreachable Ollama leaves the rules in charge', async () => {
    const { db, rb, result } = setup();
    const notices: string[] = [];
    const provider = createOllamaProvider({ host: await unusedHost(), model: 'qwen3:8b', checkTimeoutMs: 1000 });
    const c = await classifyExecution(db, result, rb, { provider, notice: (m) => notices.push(m) });
    expect(c).toMatchObject({ failure_type: 'runbook_insufficient', classified_by: 'rules' });
    expect(notices).toHaveLength(1);
  });

  it('does not classify a run that succeeded', async () => {
    const { db, rb, result } = setup();
    expect(await classifyExecution(db, { ...result, status: 'success', success: true }, rb)).toBeNull();
  });
});

describe('classification with the investigation the run answered', () => {
  it('a root cause outside the runbook`s match makes it wrong_runbook (read from the stored investigation)', async () => {
    const { saveInvestigation } = await import('../../src/store/index.js');
    const db = memoryDb();
    const yaml = `id: RB-OOM\ntitle: oom\nmatch:\n  categories: [resource_exhaustion]\nsteps:\n  - id: act\n    run: [true]\n    mutating: true\n`;
    const report = {
      incident: 'checkout 500s', engine: 'offline', window: { from: '2026-03-02T09:00:00Z', to: '2026-03-02T10:00:00Z' }, onset: null,
      root_cause: { summary: 'pool_size raised past the db limit', category: 'config_error' as const, service: 'checkout', suspect_change: null, confidence: 0.8 },
      ruled_out: [], timeline: [], evidence: [], recommendations: [], tool_calls: [], stats: { duration_ms: 1, tool_calls: 0, model_rounds: 0, prompt_tokens: 0 },
    };
    const inv = saveInvestigation(db, { incident: 'checkout 500s', window: report.window, sources: {}, report, toolCalls: [] });
    const { rb, result } = recorded(db, yaml, failedRun({ failing: { step_id: 'act', mutating: true, stderr: 'still failing' }, over: { incident_id: inv } }));
    const c = await classifyExecution(db, result, rb);
    expect(c).toMatchObject({ failure_type: 'wrong_runbook', classified_by: 'rules' });
    expect(c?.reasoning).toContain('config_error');
  });
});
