// The secrets corpus (fixtures/secrets/credentials.json, 40+ kinds) through the redactor in every shape it meets:
// a log line, JSON, JSON inside JSON, an env entry, a diff. Nothing of a secret survives; ordinary text is untouched.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redact, redactValue, REDACTED } from '../../src/core/redact.js';
import { presetSecretSpans } from '../../src/core/secret-preset.js';
import { tokenize } from '../../src/rca/tokens.js';
import { redactEnvEntry } from '../../servers/docker/redact-env.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { leaksIn, loadCorpus } from '../helpers/secrets-corpus.js';

const corpus = loadCorpus();
const ordinary = readFileSync(join(REPO_ROOT, 'fixtures', 'secrets', 'ordinary-lines.txt'), 'utf8').split('\n').filter(Boolean);

describe('the secrets corpus', () => {
  it('has at least 30 kinds of credentials, each secret inside its line', () => {
    expect(new Set(corpus.map((e) => e.kind)).size).toBeGreaterThanOrEqual(30);
    for (const e of corpus) expect(e.line).toContain(e.secret);
  });

  const forms: Array<[string, (line: string) => string]> = [
    ['a log line', (l) => l],
    ['a JSON log record', (l) => JSON.stringify({ level: 'error', msg: l })],
    ['JSON inside JSON (a tool output quoted again)', (l) => JSON.stringify({ content: JSON.stringify({ msg: l }) })],
    ['an added line of a diff', (l) => `@@ -1,2 +1,3 @@\n context\n+${l}\n context after`],
  ];
  it.each(forms)('no part of any secret survives in %s, and the result is stable', (_name, shape) => {
    for (const e of corpus) {
      const input = shape(e.line);
      const out = redact(input);
      expect(leaksIn(out, [e]), `${e.kind}: ${out}`).toEqual([]);
      expect(out, e.kind).toContain(REDACTED);
      expect(redact(out), `${e.kind} redacted twice`).toBe(out);
      if (input.startsWith('{')) expect(() => JSON.parse(out), `${e.kind}: ${out}`).not.toThrow();
      expect(out.split('\n').length, e.kind).toBe(input.split('\n').length);
    }
  });

  it('hides env values by value and by name, keeping the name', () => {
    for (const e of corpus.filter((c) => c.env)) {
      const name = e.env!.split('=')[0]!;
      for (const out of [redactEnvEntry(e.env!), redact(e.env!), (redactValue({ env: [e.env!] }) as { env: string[] }).env[0]!]) {
        expect(leaksIn(out, [e]), `${e.kind}: ${out}`).toEqual([]);
        expect(out.startsWith(`${name}=`), out).toBe(true);
      }
    }
  });

  it('runs secretlint\'s recommended preset (not only our own patterns)', () => {
    for (const kind of ['github-pat-classic', 'gitlab-pat', 'slack-webhook', 'stripe-secret-key', 'npm-token', 'sendgrid-api-key', 'postgres-url-password']) {
      const e = corpus.find((c) => c.kind === kind)!;
      const spans = presetSecretSpans(e.line);
      expect(spans.length, kind).toBeGreaterThan(0);
      expect(spans.some((s) => e.line.slice(s.start, s.end).includes(e.secret) || e.secret.includes(e.line.slice(s.start, s.end))), kind).toBe(true);
    }
  });

  it('redacts values, not keys: the names around a secret stay readable', () => {
    const out = corpus.map((e) => redact(e.line)).join('\n');
    for (const kept of ['aws_secret_access_key = ', 'AccountKey=', 'AccountName=acmeprod', 'password=', '"db_password":"', '--password ', 'client_secret=', 'Authorization: Bearer ', 'postgres://orders:', '@db-primary:5432/orders', 'sig=']) {
      expect(out).toContain(kept);
    }
  });
});

describe('no false redactions', () => {
  it('leaves every ordinary log line as it was', () => {
    const changed = ordinary.filter((l) => redact(l) !== l).map((l) => `${l}\n  -> ${redact(l)}`);
    expect(changed).toEqual([]);
  });

  it('keeps JSON tool outputs byte for byte: `signatures`, token counts and nested JSON are not secrets', () => {
    const output = JSON.stringify({
      signatures: [{ id: 'sig-1', template: 'Connection pool exhausted (<*>/<*> in use)', count: 42, example: ordinary[1] }],
      stats: { prompt_tokens: 1200, max_tokens: 4096, tokens: 12 },
      lines: ordinary.slice(0, 20).map((text, i) => ({ line: i + 1, text })),
    });
    expect(redact(output)).toBe(output);
    expect(redactValue(JSON.parse(output))).toEqual(JSON.parse(output));
  });

  it('redacting a JSON-escaped diff twice deletes no line of evidence', () => {
    const diff = ['diff --git a/config/app.env b/config/app.env', '@@ -1,3 +1,4 @@', ' POOL_SIZE=30', '+DB_PASSWORD=Sup3r-s3cret-1', '+POOL_SIZE=35', ' TIMEOUT_MS=5000'].join('\n');
    const text = JSON.stringify({ sha: 'abc1234', diff });
    const once = redact(text);
    const twice = redact(redact(JSON.stringify({ result: once })));
    const back = JSON.parse((JSON.parse(twice) as { result: string }).result) as { diff: string };
    expect(back.diff.split('\n')).toEqual(diff.replace('Sup3r-s3cret-1', REDACTED).split('\n'));
  });

  it('a redaction marker is not a word that two texts share', () => {
    expect([...tokenize(`DB_PASSWORD=${REDACTED} in the pool config`)]).not.toContain('redact');
    expect([...tokenize(`DB_PASSWORD=${REDACTED} in the pool config`)]).not.toContain('redacted');
  });
});
