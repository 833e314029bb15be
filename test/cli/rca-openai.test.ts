// `rca --model openai:<name>` through the built CLI against an HTTP fake of an OpenAI-compatible server
// (OPENAI_BASE_URL): the same loop, grounding and report as with Ollama.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { reportSchema } from '../../src/core/report.js';
import type { RecordedTurn } from '../../src/llm/scripted-provider.js';
import { cliBuilt, REPO_ROOT, runCliJson } from '../helpers/cli.js';
import { startOpenAiFake } from '../helpers/model-fake.js';

const DEMO = join(REPO_ROOT, 'fixtures', 'checkout-500');
const verdict = {
  summary: 'The checkout database pool is exhausted.', category: 'resource_exhaustion', service: 'checkout', suspect_sha: null, confidence: 0.8, onset: null,
  evidence: [{ call_id: 'llm-1', detail: 'pool errors', quote: 'QueuePool limit of size' }], ruled_out: [], recommendations: ['Raise the pool size back'],
};
const TURNS: RecordedTurn[] = [
  { message: { role: 'assistant', content: '', tool_calls: [{ function: { name: 'logs__search_logs', arguments: { pattern: 'QueuePool limit', limit: 2 } } }] } },
  { message: { role: 'assistant', content: 'enough' } },
  { message: { role: 'assistant', content: JSON.stringify(verdict) }, final: true },
];

describe.skipIf(!cliBuilt('rca'))('rca with an OpenAI-compatible endpoint', () => {
  it('--model openai:<name> with OPENAI_BASE_URL runs the loop there and grounds the verdict', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rca-openai-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const fake = await startOpenAiFake({ turns: TURNS, models: ['qwen2.5-3b'] });
    onTestFinished(() => fake.close());
    const args = ['500 errors on checkout', '--logs', join(DEMO, 'logs'), '--metrics', join(DEMO, 'metrics', 'metrics.om'), '--at', '2026-02-17T15:00:00Z', '--model', 'openai:qwen2.5-3b', '--json', '--quiet'];
    const r = await runCliJson<unknown>('rca', args, { env: { INCIDENT_COPILOT_DB: join(dir, 'h.db'), OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-local', OLLAMA_HOST: undefined } });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = reportSchema.parse(r.json);
    expect(report.engine).toBe('openai:qwen2.5-3b');
    expect(report.model).toMatchObject({ provider: 'openai', name: 'qwen2.5-3b', adopted: true });
    expect(report.evidence.some((e) => e.verified === true && e.tool === 'logs__search_logs')).toBe(true);
    expect(fake.chatRequests()).toHaveLength(3);
    expect(fake.chatRequests()[0]!.headers.authorization).toBe('Bearer sk-local');
  });
});
