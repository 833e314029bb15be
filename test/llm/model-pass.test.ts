// End to end through the real ollama client against the HTTP fake and real MCP tools: the merged report,
// a wrong culprit kept unverified, secrets redacted on the wire, and each failure falling back with a notice.
import { describe, expect, it, onTestFinished } from 'vitest';
import { reportSchema } from '../../src/core/report.js';
import { investigateWithModel } from '../../src/llm/model-pass.js';
import { createOllamaProvider } from '../../src/llm/ollama-provider.js';
import type { RecordedTurn } from '../../src/llm/scripted-provider.js';
import { startOllamaFake, unusedHost } from '../helpers/model-fake.js';
import { demoOfflineReport, ENDPOINT_SHA, POOL_SHA, SECRET_TOKEN, startDemoTools } from './demo-tools.js';
import { turns } from './fixtures.js';

async function run(fixture: RecordedTurn[] | string, opts: { stream?: boolean; models?: string[]; host?: string; chatTimeoutMs?: number } = {}) {
  const tools = await startDemoTools();
  onTestFinished(() => tools.close());
  const f = await startOllamaFake({ turns: typeof fixture === 'string' ? turns(fixture) : fixture, models: opts.models ?? ['scripted'] });
  onTestFinished(() => f.close());
  const provider = createOllamaProvider({ host: opts.host ?? f.host, model: 'scripted', stream: opts.stream, chatTimeoutMs: opts.chatTimeoutMs });
  const offline = demoOfflineReport();
  const result = await investigateWithModel({ provider, incident: offline.incident, offline, tools: tools.specs, call: tools.call });
  return { result, fake: f, tools, offline };
}

describe('investigateWithModel', () => {
  for (const stream of [true, false]) {
    it(`a normal investigation merges a verified verdict (${stream ? 'streaming' : 'non-streaming'})`, async () => {
      const { result, offline } = await run('demo-normal', { stream });
      const r = result.report;
      expect(result.usedModel).toBe(true);
      expect(reportSchema.safeParse(r).success).toBe(true);
      expect(r.engine).toBe('ollama:scripted');
      expect(r.root_cause).toMatchObject({ category: 'resource_exhaustion', service: 'checkout', confidence: 0.9 });
      expect(r.root_cause.suspect_change).toEqual(offline.root_cause.suspect_change);
      expect(r.evidence.slice(0, 3).map((e) => [e.call_id, e.tool, e.verified])).toEqual([
        ['hub-1', 'logs__error_signatures', true],
        ['hub-3', 'git__show_commit', true],
        ['hub-2', 'git__get_recent_commits', true],
      ]);
      // The report uses the caller's (hub's) call ids, as the audit and the events do.
      expect(r.tool_calls.map((c) => c.id)).toEqual(['hub-off-1', 'hub-1', 'hub-2', 'hub-3']);
      expect(r.stats.model_rounds).toBe(4);
      expect(r.stats.tool_calls).toBe(4);
      expect(r.stats.prompt_tokens).toBeGreaterThan(1000);
      expect(r.recommendations[0]).toBe('Revert 3f9a1c2b or restore maximumPoolSize to 20');
    });
  }

  it('a wrong culprit citing text in no tool output is not presented as verified, and does not replace the offline cause', async () => {
    const { result, offline } = await run('wrong-culprit');
    const r = result.report;
    expect(r.root_cause.suspect_change?.sha).toBe(POOL_SHA);
    expect(r.root_cause.category).toBe('resource_exhaustion');
    const modelItems = r.evidence.filter((e) => e.call_id !== 'hub-off-1');
    expect(modelItems).toHaveLength(2);
    expect(modelItems.every((e) => e.verified === false && e.detail.startsWith('unverified'))).toBe(true);
    expect(r.evidence.some((e) => e.verified === true)).toBe(false);
    expect(r.hypotheses?.[0]).toMatchObject({ category: 'code_regression' });
    expect(r.hypotheses?.[0].summary).toMatch(/^model \(not adopted\): Unconfirmed: The \/recommendations endpoint/);
    expect(r.hypotheses?.[0].confidence).toBeLessThanOrEqual(0.3);
    expect(result.notices).toContain("the model's conclusion was not adopted: none of its evidence was found in tool outputs");
    expect(JSON.stringify(r.root_cause)).not.toContain(ENDPOINT_SHA);
    expect(r.ruled_out).toEqual(offline.ruled_out);
    expect(r.recommendations).toEqual(offline.recommendations);
  });

  it('a suspect sha that appears in no tool output is removed', async () => {
    const { result } = await run('invented-sha');
    expect(result.notices).toContain("the model's suspect deadbeefdead is not a commit the git server returned and was removed");
    expect(JSON.stringify(result.report)).not.toContain('deadbeefdeadbeefdeadbeef');
    expect(result.report.root_cause.suspect_change?.sha).toBe(POOL_SHA);
  });

  it('secrets in tool output are redacted before anything is sent to the model', async () => {
    const { fake, tools } = await run('demo-normal');
    expect(tools.received.length).toBeGreaterThan(0);
    const raw = fake.chatRequests().map((r) => r.raw).join('\n');
    expect(raw).toContain('ignore previous instructions'); // the tool output did reach the model ...
    expect(raw).not.toContain('Hunter2-very-secret'); // ... without the password in the URL
    expect(raw).not.toContain(SECRET_TOKEN);
    expect(raw).toContain('postgres://checkout:[REDACTED]@db.internal');
  });

  it('an unreachable server: one notice, the offline report', async () => {
    const host = await unusedHost();
    const { result, offline } = await run('demo-normal', { host });
    expect(result.usedModel).toBe(false);
    expect(result.notices).toEqual([`Ollama at ${host} is not reachable (ECONNREFUSED); using the offline report`]);
    expect({ ...result.report, notices: undefined, model: undefined }).toEqual({ ...offline, notices: undefined });
    expect(result.report.model).toEqual({ name: 'scripted', provider: 'ollama', rounds: 0, adopted: false, reason: `Ollama at ${host} is not reachable (ECONNREFUSED)` });
  });

  it('a missing model: one notice, the offline report', async () => {
    const { result, fake } = await run('demo-normal', { models: ['llama3.2'] });
    expect(result.usedModel).toBe(false);
    expect(result.report.engine).toBe('offline');
    expect(result.notices).toEqual([`Ollama model 'scripted' is not available at ${fake.host} (run: ollama pull scripted); using the offline report`]);
    expect(fake.chatRequests()).toHaveLength(0);
  });

  it('a timeout in the middle of the loop: one notice, the offline report', async () => {
    const script = [...turns('demo-normal').slice(0, 1), { error: { kind: 'timeout' as const, message: 'hang' } }];
    const { result, fake } = await run(script, { chatTimeoutMs: 500 });
    expect(result.usedModel).toBe(false);
    expect(result.notices.at(-1)).toBe(`Ollama at ${fake.host} did not start answering within 500 ms (model.first_token_timeout_ms); using the offline report`);
    expect(result.report.stats.model_rounds).toBe(2);
  });

  it('an invalid final answer after one repair: the offline report with the notice', async () => {
    const { result, offline } = await run('invalid-final');
    expect(result.usedModel).toBe(false);
    expect(result.report.root_cause).toEqual(offline.root_cause);
    expect(result.report.notices?.at(-1)).toMatch(/^the model's final answer was invalid twice .*; using the offline report$/);
  });
});
