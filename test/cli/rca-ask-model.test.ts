// `rca ask ID "..."` with a model, through the built CLI against the HTTP fake of Ollama: the model gets the stored
// evidence and the read-only tools (its call runs on the investigation's own sources, at its moment), its claims are
// checked like report evidence (an invented quote is left out and marked), and the exchange is kept for `rca show`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { FollowUp } from '../../src/core/follow-up.js';
import { cliBuilt, REPO_ROOT, runCli, runCliJson } from '../helpers/cli.js';
import { startOllamaFake } from '../helpers/model-fake.js';

const DEMO = join(REPO_ROOT, 'fixtures', 'checkout-500');

const answerTurn = (answer: unknown) => ({ message: { role: 'assistant' as const, content: JSON.stringify(answer) }, final: true });

describe.skipIf(!cliBuilt('rca'))('rca ask with a model', () => {
  it('answers with verified citations from its own calls and the stored evidence, drops an invented one, and keeps the exchange', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rca-ask-model-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const repo = join(dir, 'repo');
    execFileSync('git', ['clone', '-q', join(DEMO, 'repo.bundle'), repo]);
    const env = { INCIDENT_COPILOT_DB: join(dir, 'h.db'), OLLAMA_MODEL: undefined, OLLAMA_API_KEY: undefined };
    const made = await runCliJson<{ id: string; evidence: Array<{ call_id: string; tool: string; quote: string }> }>(
      'rca', ['500 errors on checkout', '--logs', join(DEMO, 'logs'), '--repo', repo, '--at', '2026-02-17T15:00:00Z', '--offline', '--json', '--quiet'], { env },
    );
    expect(made.exitCode).toBe(0);
    const stored = made.json.evidence.find((e) => e.tool === 'git__get_deployments') ?? made.json.evidence[0]!;

    const fake = await startOllamaFake({
      models: ['scripted'],
      turns: [
        // A relative `since` means what it meant at the investigation's moment (15:00), not today.
        { message: { role: 'assistant', content: '', tool_calls: [{ function: { name: 'logs__search_logs', arguments: { pattern: 'too many clients', since: '30m', limit: 3 } } }] } },
        { message: { role: 'assistant', content: 'The pool settles it.' } },
        answerTurn({
          answer: 'Not v2.4.0: the database refused connections after v2.4.1 raised the pool to 35.',
          claims: [
            { statement: 'postgres refused connections', call_id: 'q-1', quote: 'sorry, too many clients already' },
            { statement: 'stored evidence', call_id: stored.call_id, quote: stored.quote.slice(0, 60) },
            { statement: 'v2.4.0 dropped a table', call_id: 'q-1', quote: 'DROP TABLE orders executed by v2.4.0' },
          ],
        }),
      ],
    });
    onTestFinished(() => fake.close());
    const asked = await runCliJson<FollowUp & { id: string; lines: string[] }>('rca', ['ask', made.json.id, 'why not v2.4.0?', '--model', 'scripted', '--json'], {
      env: { ...env, OLLAMA_HOST: fake.host },
    });
    expect(asked.exitCode, asked.stderr).toBe(0);
    expect(asked.json, asked.stderr).toMatchObject({ id: made.json.id, kind: 'model', model: 'ollama:scripted', question: 'why not v2.4.0?' });
    expect(asked.json.answer).toBe('Not v2.4.0: the database refused connections after v2.4.1 raised the pool to 35.');
    expect(asked.json.citations.map((c) => [c.call_id, c.verified])).toEqual([['q-1', true], [stored.call_id, true], ['q-1', false]]);
    expect(asked.json.citations[0]!.tool).toBe('logs__search_logs');
    expect(asked.json.citations[2]!.why).toBe("the quote is not in that call's output");
    expect(asked.json.stats).toMatchObject({ tool_calls: 1, rounds: 3 });
    expect(asked.json.lines).toContain('Not verified, left out of the answer (1):');

    // What the model was sent: the question, the stored evidence by call id, read-only tools only.
    const first = fake.chatRequests()[0]!.body as { messages: Array<{ role: string; content: string }>; tools: Array<{ function: { name: string } }> };
    const opening = first.messages[1]!.content;
    expect(opening).toContain('Question: why not v2.4.0?');
    expect(opening).toContain(`call_id=${stored.call_id} ${stored.tool}:`);
    expect(first.tools.map((t) => t.function.name).every((n) => !/restart|update_resources|exec_command/.test(n))).toBe(true);
    // The tool result the model read came from the demo logs in the investigation's window.
    const toolResult = (fake.chatRequests()[1]!.body as { messages: Array<{ role: string; content: string }> }).messages.find((m) => m.role === 'tool')!;
    expect(toolResult.content).toMatch(/^call_id=q-1\n/);
    expect(toolResult.content).toContain('too many clients already');

    // Kept with the investigation: `rca show` lists it in text and JSON.
    const shown = await runCli('rca', ['show', made.json.id], { env });
    expect(shown.stdout).toMatch(/Asked \S+ \(ollama:scripted\): why not v2\.4\.0\?\n {2}Not v2\.4\.0: the database refused/);
    expect(shown.stdout).toContain('(unverified: the quote is not in that call\'s output) v2.4.0 dropped a table');
    const json = await runCliJson<{ follow_ups: FollowUp[] }>('rca', ['show', made.json.id, '--json'], { env });
    expect(json.json.follow_ups).toHaveLength(1);
    expect(json.json.follow_ups[0]!.citations).toHaveLength(3);
  });

  it('falls back to the stored evidence with one notice when the model is not reachable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rca-ask-down-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const env = { INCIDENT_COPILOT_DB: join(dir, 'h.db'), OLLAMA_MODEL: undefined, OLLAMA_API_KEY: undefined };
    const made = await runCliJson<{ id: string }>('rca', ['500 errors on checkout', '--logs', join(DEMO, 'logs'), '--at', '2026-02-17T15:00:00Z', '--offline', '--json', '--quiet'], { env });
    const fake = await startOllamaFake({ models: ['other'], turns: [] });
    onTestFinished(() => fake.close());
    const asked = await runCliJson<FollowUp>('rca', ['ask', made.json.id, 'what is the root cause evidence?', '--model', 'scripted', '--json'], { env: { ...env, OLLAMA_HOST: fake.host } });
    expect(asked.exitCode).toBe(0);
    expect(asked.json.kind).toBe('root_cause');
    expect(asked.json.model).toBeNull();
    expect(asked.json.notices.join('\n')).toMatch(/scripted.*answering from the stored evidence/);
    expect(asked.stderr).toMatch(/answering from the stored evidence/);
    expect(fake.chatRequests()).toHaveLength(0);
  });
});
