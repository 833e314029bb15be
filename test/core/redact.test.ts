// Tests for secret redaction: what must never reach a model, a printed line or the database.
import { describe, expect, it } from 'vitest';
import { isSecretName, redact, redactValue, REDACTED } from '../../src/core/redact.js';

describe('redact', () => {
  it.each([
    ['postgres://app:s3cr3tPass@db:5432/shop', 's3cr3tPass'],
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.abcdefghijk', 'eyJhbGciOiJIUzI1NiJ9'],
    ['password=hunter22 user=bob', 'hunter22'],
    ['"api_key": "abcd1234efgh"', 'abcd1234efgh'],
    ['DB_PASSWORD: "p@ss w0rd"', 'p@ss w0rd'],
    ['using key AKIAIOSFODNN7EXAMPLE for s3', 'AKIAIOSFODNN7EXAMPLE'],
    ['token ghp_abcdefghijklmnopqrstuvwxyz0123456789 leaked', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\n-----END RSA PRIVATE KEY-----', 'MIIEabc'],
    ['redis://:topsecret@cache:6379/0', 'topsecret'],
    ['git clone https://deploy:glTok3nValue@git.example.com/ops.git', 'glTok3nValue'],
    ['amqp://guest:rabbitPw9@mq:5672/%2f', 'rabbitPw9'],
    ['client_secret=xyz987&grant=1', 'xyz987'],
  ])('hides the secret in %s', (input, secret) => {
    const out = redact(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
  });

  it('leaves ordinary log lines alone', () => {
    const line = '2025-03-04T10:15:02Z ERROR [checkout] Connection pool exhausted (35/35 in use) after 5000ms';
    expect(redact(line)).toBe(line);
    expect(redact('GET /api/cart 200 17ms req_id=a5532205f4')).toBe('GET /api/cart 200 17ms req_id=a5532205f4');
  });

  it('keeps the user of a connection string so the evidence still says which account', () => {
    expect(redact('mysql://reporting:pw123@10.0.0.5/db')).toBe(`mysql://reporting:${REDACTED}@10.0.0.5/db`);
  });

  it('recognises secret-looking names and deep-redacts objects', () => {
    expect(isSecretName('DB_PASSWORD')).toBe(true);
    expect(isSecretName('STRIPE_API_KEY')).toBe(true);
    expect(isSecretName('GITHUB_TOKEN')).toBe(true);
    expect(isSecretName('DATABASE_URL')).toBe(true);
    expect(isSecretName('PATH')).toBe(false);
    expect(isSecretName('LOG_LEVEL')).toBe(false);
    const out = redactValue({ env: { DB_PASSWORD: 'x1', PORT: 8080 }, note: ['url postgres://u:p4ss@h/db'] });
    expect(out).toEqual({ env: { DB_PASSWORD: REDACTED, PORT: 8080 }, note: [`url postgres://u:${REDACTED}@h/db`] });
  });
});

describe('redact keeps ordinary words that merely contain a secret word', () => {
  it.each([
    'auth.service: Main process exited, code=exited, status=1/FAILURE',
    'tokenizer_mode=fast batch=32',
    'session_store: redis connected',
    'passwordless login enabled for tenant 42',
  ])('%s', (line) => {
    expect(redact(line)).toBe(line);
  });

  it('still catches keys that end with a secret word, camelCase and suffixed', () => {
    expect(redact('accessToken: abc123def')).toBe(`accessToken: ${REDACTED}`);
    expect(redact('SECRET_KEY_BASE=deadbeefcafe')).toBe(`SECRET_KEY_BASE=${REDACTED}`);
    expect(redact('x-auth-token=zzz999')).toBe(`x-auth-token=${REDACTED}`);
    expect(isSecretName('auth.service')).toBe(false);
  });
});
