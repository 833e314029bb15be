// The secrets corpus through `runbook exec` as CI and a person's pipe run it: every credential passed as a
// param, echoed by a step on stdout and by a failing step on stderr. Nothing of a secret may be printed
// (--json result, plain progress, summary) or stored, and `runbook history` shows none either.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../src/core/redact.js';
import type { ExecutionResult } from '../../src/runbook/execution-result.js';
import { cliBuilt, runCli, runCliJson } from '../helpers/cli.js';
import { leaksIn, loadCorpus } from '../helpers/secrets-corpus.js';
import { tempDir } from '../runbook/helpers.js';

const corpus = loadCorpus();
const aws = corpus.find((e) => e.kind === 'aws-access-key-id')!;

const RUNBOOK = `id: RB-SECRETS
title: Echo what it is given
params:
  - name: token
    required: true
  - name: note
    required: true
steps:
  - id: show
    run: [sh, -c, 'printf "token %s\\n%s\\n" "$RB_TOKEN" "$RB_NOTE"']
  - id: fail
    run: [sh, -c, 'printf "%s\\n" "$RB_NOTE" >&2; exit 3']
`;

describe.skipIf(!cliBuilt('runbook'))('secrets through runbook exec (built CLI)', () => {
  it('prints and stores params and step output redacted, in --json and in plain mode', async () => {
    const dir = tempDir('rb-secrets-');
    const file = join(dir, 'rb.yaml');
    writeFileSync(file, RUNBOOK);
    const db = join(dir, 'copilot.db');
    // One param per kind would be 46 runs; the note carries every corpus line, the token the issue's own example.
    const params = ['-p', `token=${aws.secret}`, '-p', `note=${corpus.map((e) => e.line).join('\n')}`];

    const json = await runCliJson<ExecutionResult>('runbook', ['exec', file, '--json', '--db', db, ...params]);
    expect(json.exitCode, json.stderr).toBe(1);
    expect(json.json.status).toBe('failure');
    // The steps did print the lines (the keys are there), with the values hidden.
    const shown = json.json.executed_steps.map((s) => `${s.stdout}\n${s.stderr}`).join('\n');
    expect(shown).toContain('AccountKey=');
    expect(shown).toContain(REDACTED);
    expect(json.json.params.token).toBe(REDACTED);

    const plain = await runCli('runbook', ['exec', file, '--db', db, ...params]);
    expect(plain.exitCode).toBe(1);
    expect(plain.stderr).toMatch(/fail/);
    const history = await runCli('runbook', ['history', '--json', '--db', db]);
    expect(history.exitCode).toBe(0);

    const database = readdirSync(dir).filter((n) => n.startsWith('copilot.db')).map((n) => readFileSync(join(dir, n)).toString('latin1')).join('\n');
    const places: Record<string, string> = {
      '--json stdout': json.stdout,
      '--json stderr': json.stderr,
      'plain stdout': plain.stdout,
      'plain stderr': plain.stderr,
      'runbook history': history.stdout,
      database,
    };
    for (const [where, text] of Object.entries(places)) expect(leaksIn(text, corpus), where).toEqual([]);
  }, 120_000);
});
