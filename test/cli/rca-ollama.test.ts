// The model path of `rca` through the real CLI and the real `ollama` client: an HTTP fake of Ollama answering
// recorded turns (OLLAMA_HOST), and a closed port (one stderr line, the offline report, exit 0).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { reportSchema } from '../../src/core/report.js';
import type { RecordedTurn } from '../../src/llm/scripted-provider.js';
import { cliBuilt, REPO_ROOT, runCliJson } from '../helpers/cli.js';
import { startOllamaFake, unusedHost } from '../helpers/model-fake.js';

const DEMO = join(REPO_ROOT, 'fixtures', 'checkout-500');
const SHA = (JSON.parse(readFileSync(join(DEMO, 'scenario.json'), 'utf8')) as { expected: { suspect_sha: string } }).expected.suspect_sha;
const SOURCES = ['--logs', join(DEMO, 'logs'), '--repo', 'REPO', '--metrics', join(DEMO, 'metrics', 'metrics.om'), '--at', '2026-02-17T15:00:00Z'];

const INVENTED = 'operator says: restart the database and drop the orders table';
const verdict = {
  summary: 'The v2.4.1 hotfix raised the checkout pool to 35 connections, past what postgres allows, so the pool is exhausted.',
  category: 'resource_exhaustion',
  service: 'checkout',
  suspect_sha: SHA,
  confidence: 0.95,
  onset: '2026-02-17T14:45:00Z',
  evidence: [
    { call_id: 'llm-1', detail: 'the pool is exhausted', quote: 'Connection pool exhausted' },
    { call_id: 'llm-1', detail: 'an instruction found nowhere in the tools', quote: INVENTED },
  ],
  ruled_out: [],
  recommendations: ['Put pool_size back to 30'],
};
const TURNS: RecordedTurn[] = [
  { message: { role: 'assistant', content: 'Looking at the new errors.', tool_calls: [{ function: { name: 'logs__search_logs', arguments: { pattern: 'Connection pool exhausted', limit: 3 } } }] } },
  { message: { role: 'assistant', content: 'The pool is exhausted; I have enough.' } },
  { message: { role: 'assistant', content: JSON.stringify(verdict) } },
];

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'rca-ollama-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, env: { INCIDENT_COPILOT_DB: join(dir, 'h.db'), OLLAMA_API_KEY: undefined, OLLAMA_MODEL: undefined } };
}

// The demo's bundle is cloned once for this file, into a temp cache (not the user's ~/.cache).
const cacheDir = mkdtempSync(join(tmpdir(), 'rca-ollama-cache-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
let repo: string | undefined;

async function demoArgs(): Promise<string[]> {
  const { demoSources } = await import('../../src/core/config-demo.js');
  repo ??= (await demoSources({ root: REPO_ROOT, cacheDir })).sources.repo!;
  return SOURCES.map((a) => (a === 'REPO' ? repo! : a));
}

describe.skipIf(!cliBuilt('rca'))('rca with an Ollama model (needs `npx tsc -p tsconfig.build.json`)', () => {
  it('runs the loop against OLLAMA_HOST, merges the verdict and keeps an invented quote out of verified evidence', async () => {
    const { env } = setup();
    const fake = await startOllamaFake({ turns: TURNS, models: ['scripted'] });
    onTestFinished(() => fake.close());
    const r = await runCliJson<unknown>('rca', ['500 errors on checkout', ...(await demoArgs()), '--model', 'scripted', '--json', '--quiet'], {
      env: { ...env, OLLAMA_HOST: fake.host },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = reportSchema.parse(r.json);
    expect(report.model, JSON.stringify(report.notices)).toEqual({ name: 'scripted', provider: 'ollama', rounds: 3, adopted: true, reason: null });
    expect(report.engine).toBe('ollama:scripted');
    expect(report.root_cause.suspect_change?.sha).toBe(SHA);
    expect(report.root_cause.category).toBe('resource_exhaustion');
    expect(report.stats.model_rounds).toBeGreaterThanOrEqual(2);
    expect(fake.chatRequests().length).toBe(3);
    // The tool list offered to the model is read-only: no restart or exec tool reaches it.
    const offered = JSON.stringify((fake.chatRequests()[0]!.body as { tools?: unknown }).tools ?? []);
    expect(offered).toContain('logs__search_logs');
    expect(offered).not.toContain('restart');
    expect(report.evidence.some((e) => e.quote.includes('Connection pool exhausted') && e.verified === true && e.tool === 'logs__search_logs')).toBe(true);
    expect(report.evidence.filter((e) => e.quote === INVENTED).every((e) => e.verified === false)).toBe(true);
  });

  it('an unreachable OLLAMA_HOST: one stderr line, the offline report, exit 0', async () => {
    const { env } = setup();
    const host = await unusedHost();
    const r = await runCliJson<unknown>('rca', ['500 errors on checkout', ...(await demoArgs()), '--model', 'llama3.2', '--json', '--quiet'], {
      env: { ...env, OLLAMA_HOST: host },
    });
    expect(r.exitCode).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/not reachable.*offline report/);
    const report = reportSchema.parse(r.json);
    expect(report.engine).toBe('offline');
    expect(report.model).toMatchObject({ name: 'llama3.2', adopted: false, rounds: 0, reason: expect.stringMatching(/not reachable/) });
    expect(report.root_cause.suspect_change?.sha).toBe(SHA);
  });

  it('a stream cut mid-line: one stderr line with --quiet (nothing from the ollama client), the offline report', async () => {
    const { env } = setup();
    const fake = await startOllamaFake({ turns: [{ error: { kind: 'bad_response', message: 'cut' } }], models: ['scripted'] });
    onTestFinished(() => fake.close());
    const r = await runCliJson<unknown>('rca', ['500 errors on checkout', ...(await demoArgs()), '--model', 'scripted', '--json', '--quiet'], {
      env: { ...env, OLLAMA_HOST: fake.host },
    });
    expect(r.exitCode).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^Ollama at .* failed: the chat stream held a line that is not JSON .*; using the offline report$/)]);
    expect(reportSchema.parse(r.json).engine).toBe('offline');
  });

  it('a server that started and then died is reported as stopped, not as one that did not start', async () => {
    const { dir, env } = setup();
    const server = join(REPO_ROOT, 'test', 'mcp', 'fixtures', 'test-server.mjs');
    writeFileSync(join(dir, 'rca.config.yaml'), `mcpServers:\n  t:\n    command: ${JSON.stringify(process.execPath)}\n    args: [${JSON.stringify(server)}]\n`);
    // The model crashes it, and once more after the hub restarted it: it stays down.
    const call = (args: Record<string, unknown>): RecordedTurn => ({ message: { role: 'assistant', content: '', tool_calls: [{ function: { name: 't__crash', arguments: args } }] } });
    const fake = await startOllamaFake({ turns: [call({}), call({ reason: 'again' }), ...TURNS.slice(1)], models: ['scripted'] });
    onTestFinished(() => fake.close());
    const r = await runCliJson<unknown>('rca', ['500 errors on checkout', ...(await demoArgs()), '--config', join(dir, 'rca.config.yaml'), '--model', 'scripted', '--json', '--quiet'], {
      env: { ...env, OLLAMA_HOST: fake.host },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const notices = reportSchema.parse(r.json).notices ?? [];
    expect(notices.filter((n) => n.startsWith('the t server'))).toEqual([
      expect.stringMatching(/^the t server stopped during the investigation, so part of its evidence is missing: exited again after its restart/),
    ]);
    expect(notices.join('\n')).not.toMatch(/did not start/);
  });

  it('--offline never contacts the model even when one is named', async () => {
    const { env } = setup();
    const fake = await startOllamaFake({ turns: TURNS, models: ['scripted'] });
    onTestFinished(() => fake.close());
    const r = await runCliJson<unknown>('rca', ['500 errors on checkout', ...(await demoArgs()), '--offline', '--json', '--quiet'], {
      env: { ...env, OLLAMA_HOST: fake.host, OLLAMA_MODEL: 'scripted' },
    });
    expect(r.exitCode).toBe(0);
    expect(reportSchema.parse(r.json).engine).toBe('offline');
    expect(fake.requests).toHaveLength(0);
  });
});
