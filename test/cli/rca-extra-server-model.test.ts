// Extra mcpServers reach the model: a real third-party server (server-everything) from rca.config.yaml is
// described to it, the model's call goes through the hub, and the report names the server of each cited tool.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { reportSchema } from '../../src/core/report.js';
import type { RecordedTurn } from '../../src/llm/scripted-provider.js';
import { cliBuilt, REPO_ROOT, runCli, runCliJson } from '../helpers/cli.js';
import { startOllamaFake } from '../helpers/model-fake.js';

const DEMO = join(REPO_ROOT, 'fixtures', 'checkout-500');
const EVERYTHING_BIN = resolve(REPO_ROOT, 'node_modules', '.bin', 'mcp-server-everything');
const NOTE = 'checkout pool exhausted per the on-call runbook service';

const verdict = {
  summary: 'The checkout database pool is exhausted.', category: 'resource_exhaustion', service: 'checkout', suspect_sha: null, confidence: 0.8, onset: null,
  evidence: [
    { call_id: 'llm-1', detail: 'the extra server confirms it', quote: NOTE },
    { call_id: 'llm-2', detail: 'the pool errors', quote: 'QueuePool limit of size' },
  ],
  ruled_out: [], recommendations: ['Raise the pool size back'],
};
const TURNS: RecordedTurn[] = [
  { message: { role: 'assistant', content: '', tool_calls: [
    { function: { name: 'everything__echo', arguments: { message: NOTE } } },
    { function: { name: 'logs__search_logs', arguments: { pattern: 'QueuePool limit', limit: 2 } } },
  ] } },
  { message: { role: 'assistant', content: 'enough' } },
  { message: { role: 'assistant', content: JSON.stringify(verdict) }, final: true },
];

describe.skipIf(!cliBuilt('rca'))('rca with an extra MCP server and a model', () => {
  it('describes the extra server tools to the model, runs its call, and names the server of each cited tool', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rca-extra-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'rca.config.yaml'), `mcpServers:\n  everything:\n    command: ${JSON.stringify(EVERYTHING_BIN)}\n    args: [stdio]\n`);
    const args = ['500 errors on checkout', '--config', join(dir, 'rca.config.yaml'), '--logs', join(DEMO, 'logs'), '--metrics', join(DEMO, 'metrics', 'metrics.om'), '--at', '2026-02-17T15:00:00Z', '--model', 'scripted'];
    const env = { INCIDENT_COPILOT_DB: join(dir, 'h.db'), OLLAMA_API_KEY: undefined, OLLAMA_MODEL: undefined };
    const fake = await startOllamaFake({ turns: TURNS, models: ['scripted'] });
    onTestFinished(() => fake.close());
    const r = await runCliJson<unknown>('rca', [...args, '--json', '--quiet'], { env: { ...env, OLLAMA_HOST: fake.host } });
    expect(r.exitCode, r.stderr).toBe(0);
    const offered = ((fake.chatRequests()[0]!.body as { tools: Array<{ function: { name: string } }> }).tools).map((t) => t.function.name);
    expect(offered).toContain('everything__echo');
    // Read-only tools only: server-everything's state-changing tools are not described.
    expect(offered).not.toContain('everything__toggle-subscriber-updates');
    const report = reportSchema.parse(r.json);
    const cited = report.evidence.find((e) => e.tool === 'everything__echo');
    expect(cited).toMatchObject({ source: 'everything', verified: true });
    expect(report.tool_calls.some((c) => c.tool === 'everything__echo' && c.ok)).toBe(true);

    // The text report says which server each cited tool belongs to, and what became of the model's answer.
    const again = await startOllamaFake({ turns: TURNS, models: ['scripted'] });
    onTestFinished(() => again.close());
    const text = await runCli('rca', [...args, '--quiet'], { env: { ...env, OLLAMA_HOST: again.host } });
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/everything__echo \S+ \(everything server\): "checkout pool exhausted/);
    expect(text.stdout).toMatch(/Model ollama:scripted, \d+ request\(s\): its conclusion adopted/);
  });
});
