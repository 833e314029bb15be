// `--audience exec|customer` through the built CLI: a plain-words summary from the report (no hash, no tool
// name), reworded by a model only when the rewording keeps to the facts; a bad value is a usage error.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { RecordedTurn } from '../../src/llm/scripted-provider.js';
import { cliBuilt, REPO_ROOT, runCli, runCliJson } from '../helpers/cli.js';
import { startOllamaFake } from '../helpers/model-fake.js';

const DEMO = join(REPO_ROOT, 'fixtures', 'checkout-500');
const SOURCES = ['--logs', join(DEMO, 'logs'), '--metrics', join(DEMO, 'metrics', 'metrics.om'), '--at', '2026-02-17T15:00:00Z'];

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'rca-audience-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return { INCIDENT_COPILOT_DB: join(dir, 'h.db'), OLLAMA_MODEL: undefined, OLLAMA_HOST: undefined };
}

interface Summary { audience: string; title: string; sections: Array<{ heading: string; text: string }>; worded_by: string }

describe.skipIf(!cliBuilt('rca'))('rca --audience', () => {
  it('exec: impact, cause, what is being done and what customers notice, in plain words; rca show gives the same', async () => {
    const env = setup();
    const r = await runCli('rca', ['500 errors on checkout', ...SOURCES, '--offline', '--audience', 'exec'], { env });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Incident summary: 500 errors on checkout\n\nImpact\n {2}500 errors on checkout, since 14:45 UTC on 17 Feb 2026; checkout is affected\./);
    expect(r.stdout).toContain('The cause is the service running out of a resource it needs');
    expect(r.stdout).toMatch(/What is being done\n {2}The team is restoring the resource limit/);
    expect(r.stdout).not.toMatch(/\b[0-9a-f]{7,40}\b|__|<\*>|QueuePool/);
    const id = /saved as (\S+)/.exec(r.stderr)![1]!;
    const shown = await runCli('rca', ['show', id, '--audience', 'exec'], { env });
    expect(shown.stdout).toBe(r.stdout);
  });

  it('customer --json: what they notice and what is being done; no engineering words', async () => {
    const env = setup();
    const r = await runCliJson<Summary>('rca', ['500 errors on checkout', ...SOURCES, '--offline', '--audience', 'customer', '--json', '--quiet'], { env });
    expect(r.exitCode).toBe(0);
    expect(r.json.sections.map((s) => s.heading)).toEqual(['What you may notice', 'What we are doing', 'Your data']);
    expect(r.json.sections[0]!.text).toBe('Some requests to checkout may fail or be slow since 14:45 UTC on 17 Feb 2026.');
    expect(r.json.worded_by).toBe('code');
  });

  it('a model rewording that adds a fact is discarded; one that keeps to them is used', async () => {
    const env = setup();
    const investigate: RecordedTurn[] = [{ message: { role: 'assistant', content: 'nothing to call' } }, { message: { role: 'assistant', content: '{}' } }, { message: { role: 'assistant', content: '{}' } }];
    const reword = (texts: string[]): RecordedTurn => ({ message: { role: 'assistant', content: JSON.stringify({ sections: texts.map((text) => ({ heading: 'x', text })) }) } });
    const adding = await startOllamaFake({ turns: [...investigate, reword(['Some checkout requests fail since 14:45 UTC on 17 Feb 2026, about 3000 orders lost.', 'We are fixing it.', 'No data lost.'])], models: ['m'] });
    onTestFinished(() => adding.close());
    const bad = await runCliJson<Summary>('rca', ['500 errors on checkout', ...SOURCES, '--model', 'm', '--audience', 'customer', '--json'], { env: { ...env, OLLAMA_HOST: adding.host } });
    expect(bad.exitCode, bad.stderr).toBe(0);
    expect(bad.json.worded_by).toBe('code');
    expect(bad.stderr).toContain("the model's rewording added to the facts or broke the shape; the summary is code's wording");
    const keeping = await startOllamaFake({ turns: [...investigate, reword(['Since 14:45 UTC on 17 Feb 2026 some checkout requests may fail or be slow.', 'We found the likely cause and are restoring the resource limit.', 'No data appears lost; retry failed requests.'])], models: ['m'] });
    onTestFinished(() => keeping.close());
    const good = await runCliJson<Summary>('rca', ['500 errors on checkout', ...SOURCES, '--model', 'm', '--audience', 'customer', '--json', '--quiet'], { env: { ...env, OLLAMA_HOST: keeping.host } });
    expect(good.json.worded_by).toBe('model');
    expect(good.json.sections[0]).toEqual({ heading: 'What you may notice', text: 'Since 14:45 UTC on 17 Feb 2026 some checkout requests may fail or be slow.' });
  });

  it('an unknown audience is a usage error (exit 2) before anything runs', async () => {
    const r = await runCli('rca', ['500 errors', ...SOURCES, '--audience', 'board'], { env: setup() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--audience board: use exec or customer/);
  });
});
