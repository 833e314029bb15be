// Ordinary logs through the logs server's tools: the JSON a model reads must come back whole (nothing taken for
// a secret, valid JSON), and the loop's second redaction pass must not change a byte of it.
import { cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { redact, REDACTED } from '../../../src/core/redact.js';
import { REPO_ROOT } from '../../helpers/cli.js';
import { connect, tempDir } from './helpers.js';

const FIXTURES = path.join(REPO_ROOT, 'fixtures');

async function outputsFor(dir: string, at: string): Promise<Array<[string, string]>> {
  const { call } = await connect({ sources: [dir], at: Date.parse(at) });
  const out: Array<[string, string]> = [];
  const sources = (await call('list_sources')).json<{ sources: Array<{ file: string }> }>().sources;
  const calls: Array<[string, Record<string, unknown>]> = [
    ['list_sources', {}],
    ['search_logs', { pattern: 'error', limit: 500 }],
    ['search_logs', { pattern: '/token|auth|password|secret|key|sig/', limit: 500 }],
    ['error_signatures', { top: 100 }],
    ['log_stats', {}],
    ...sources.map((s): [string, Record<string, unknown>] => ['read_logs', { file: s.file, limit: 500 }]),
  ];
  for (const [tool, args] of calls) {
    const r = await call(tool, args);
    expect(r.isError, `${tool}: ${r.text}`).toBe(false);
    out.push([`${tool} ${JSON.stringify(args)}`, r.text]);
  }
  return out;
}

describe('no false redactions in logs tool outputs', () => {
  it.each([
    ['the ordinary-lines corpus', 'secrets/ordinary-lines.txt', '2026-03-01T11:00:00Z'],
    ['the demo incident logs', 'checkout-500/logs', '2026-02-17T15:00:00Z'],
  ])('%s', async (_name, rel, at) => {
    const dir = tempDir();
    cpSync(path.join(FIXTURES, rel), path.join(dir, rel.endsWith('.txt') ? 'app.log' : 'logs'), { recursive: true });
    const outputs = await outputsFor(dir, at);
    for (const [what, text] of outputs) {
      expect(() => JSON.parse(text), what).not.toThrow();
      expect(text.includes(REDACTED), `${what} took something for a secret`).toBe(false);
      expect(redact(text) === text, what).toBe(true);
    }
    // The outputs are not empty: the lines themselves came through.
    expect(outputs.map(([, t]) => t).join('\n')).toContain(at.startsWith('2026-03') ? 'token expired for user 42' : 'KeyError');
  });
});
