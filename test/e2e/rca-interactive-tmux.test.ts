// `rca --interactive` in a real terminal (tmux) against the HTTP fake of Ollama: after the report, a prompt takes
// follow-up questions (the model answers with a read-only call and verified citations; when it fails, the stored
// evidence answers), an empty line or Ctrl-D ends it, the runbook offer follows, and the exchanges are stored.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { FollowUp } from '../../src/core/follow-up.js';
import type { RecordedTurn } from '../../src/llm/scripted-provider.js';
import { runCli, runCliJson } from '../helpers/cli.js';
import { startOllamaFake } from '../helpers/model-fake.js';
import { startPane, tmuxTestsRun } from '../helpers/tmux.js';

const say = (content: string, tool_calls?: Array<{ function: { name: string; arguments: unknown } }>): RecordedTurn => ({ message: { role: 'assistant', content, ...(tool_calls ? { tool_calls } : {}) } });
const final = (value: unknown): RecordedTurn => ({ message: { role: 'assistant', content: JSON.stringify(value) }, final: true });

function tempHome(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rca-interactive-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe.skipIf(!tmuxTestsRun('rca'))('rca --interactive in a terminal (tmux; apt-get install tmux)', () => {
  it('answers follow-ups with the model and its tools, falls back to the stored evidence, ends on an empty line', async () => {
    const dir = tempHome();
    const fake = await startOllamaFake({
      models: ['scripted'],
      turns: [
        // The investigation's own model pass: nothing to add, a verdict without evidence (not adopted).
        say('The offline analysis covers it.'),
        final({ summary: 'pool exhausted', category: 'resource_exhaustion', service: 'checkout', suspect_sha: null, confidence: 0.5, onset: null, evidence: [], ruled_out: [], recommendations: [] }),
        // The first follow-up: one read-only call, then an answer citing it.
        say('', [{ function: { name: 'logs__search_logs', arguments: { pattern: 'too many clients', limit: 2 } } }]),
        say('That answers it.'),
        final({ answer: 'Postgres ran out of connection slots once the pool grew.', claims: [{ statement: 'postgres refused clients', call_id: 'q-1', quote: 'sorry, too many clients already' }] }),
        // The second follow-up finds no turn left: the fake answers 500 and the stored evidence answers.
      ],
    });
    onTestFinished(() => fake.close());
    const env = { INCIDENT_COPILOT_DB: join(dir, 'h.db'), XDG_CACHE_HOME: join(dir, 'cache'), OLLAMA_HOST: fake.host, OLLAMA_MODEL: 'scripted' };
    const pane = startPane('rca', ['demo', '--interactive'], { env, cols: 160, rows: 50, history: 5000 });

    await pane.waitFor(/^ask>\s*$/m, { ms: 120_000 });
    expect(pane.everything()).toContain('Follow-up questions about this investigation (answered by ollama:scripted with the read-only tools)');
    pane.type('why did postgres refuse connections?');
    pane.keys('Enter');
    await pane.waitFor('Postgres ran out of connection slots once the pool grew.', { ms: 60_000 });
    await pane.waitFor(/\[q-1 logs__search_logs\] postgres refused clients: "sorry, too many clients already"/);
    await pane.waitFor(/^ask>\s*$/m);

    pane.type('what is the root cause evidence?');
    pane.keys('Enter');
    await pane.waitFor(/answering from the stored evidence/, { ms: 60_000 });
    await pane.waitFor(/^Root cause \(\d+%, resource_exhaustion\)/m);

    pane.keys('Enter'); // an empty line ends the questions; the runbook offer follows
    await pane.waitFor('[y]es / [n]o', { ms: 30_000 });
    pane.keys('n');
    await pane.waitFor('rca-exit=0', { ms: 30_000 });

    const id = /saved as (inv-\S+)/.exec(pane.everything())?.[1];
    expect(id).toBeTruthy();
    const shown = await runCliJson<{ follow_ups: FollowUp[] }>('rca', ['show', id!, '--json'], { env });
    expect(shown.json.follow_ups.map((f) => [f.question, f.kind, f.model])).toEqual([
      ['why did postgres refuse connections?', 'model', 'ollama:scripted'],
      ['what is the root cause evidence?', 'root_cause', null],
    ]);
    expect(shown.json.follow_ups[0]!.citations[0]).toMatchObject({ call_id: 'q-1', verified: true });
  }, 300_000);

  it('without a model answers from the stored evidence, and Ctrl-D ends the prompt', async () => {
    const dir = tempHome();
    const env = { INCIDENT_COPILOT_DB: join(dir, 'h.db'), XDG_CACHE_HOME: join(dir, 'cache'), OLLAMA_MODEL: '' };
    const pane = startPane('rca', ['demo', '--interactive', '--offline'], { env, cols: 160, rows: 50, history: 5000 });
    await pane.waitFor(/^ask>\s*$/m, { ms: 120_000 });
    expect(pane.everything()).toContain('answered from the stored evidence; name a model with --model for more');
    pane.type('why not v2.4.0?');
    pane.keys('Enter');
    await pane.waitFor(/^(Ruled out|Root cause|The stored evidence)/m, { ms: 30_000 });
    await pane.waitFor(/^ask>\s*$/m);
    pane.keys('C-d');
    await pane.waitFor('[y]es / [n]o', { ms: 30_000 });
    pane.keys('n');
    await pane.waitFor('rca-exit=0', { ms: 30_000 });
  }, 300_000);
});

describe('rca --interactive off a terminal', () => {
  it('is refused before anything starts, saying why and what to do instead (exit 2)', async () => {
    const dir = tempHome();
    const r = await runCli('rca', ['demo', '--interactive'], { env: { INCIDENT_COPILOT_DB: join(dir, 'h.db') } });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('--interactive asks follow-up questions at a prompt, but stdin is not a terminal');
    expect(r.stderr).toContain('rca ask ID');
    expect(r.stdout).toBe('');
  });
});
