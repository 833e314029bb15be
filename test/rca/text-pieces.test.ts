// Unit tests of the pure text pieces: identifier splitting and stems, grounded quotes, names of other
// systems in error text, relevance of a change to the errors, diff settings and argument fitting.
import { describe, expect, it } from 'vitest';
import type { ToolSpec } from '../../src/core/tools.js';
import type { RelatedSignature } from '../../src/rca/related-signatures.js';
import { canonicalEntity, mentionedEntities } from '../../src/rca/entities.js';
import { groundQuote } from '../../src/rca/quote.js';
import { changedSettings, changeProfile, idfOver, incidentProfile, isConfig, isNonRuntime, scoreRelevance } from '../../src/rca/relevance.js';
import { fitArgs } from '../../src/rca/tool-args.js';
import { splitIdentifiers, stem, tokenize } from '../../src/rca/tokens.js';
import { commit, signature } from './helpers.js';

describe('tokens', () => {
  it('splits camelCase, snake_case, kebab-case and paths', () => {
    expect(splitIdentifiers('QueuePool handleCheckout pool_size max-overflow src/api/gift_cards.py')).toEqual([
      'Queue', 'Pool', 'handle', 'Checkout', 'pool', 'size', 'max', 'overflow', 'src', 'api', 'gift', 'cards', 'py',
    ]);
    expect(splitIdentifiers('HTTPServerError')).toEqual(['HTTP', 'Server', 'Error']);
  });
  it('stems plurals and verb forms to one stem', () => {
    expect(stem('connections')).toBe(stem('connection'));
    expect(stem('handlers')).toBe(stem('handler'));
    expect(stem('exhausted')).toBe(stem('exhaustion'));
    expect(stem('retries')).toBe('retry');
  });
  it('drops noise words and long numbers but keeps limits when asked', () => {
    const t = tokenize('ERROR Unhandled exception: QueuePool limit of size 10 reached req_id=4f9a0c1d2e 1754153520', { numbers: true });
    expect([...t].sort()).toEqual(['10', 'limit', 'pool', 'queu', 'reach', 'size']);
    expect(tokenize('pool size 10').has('10')).toBe(false);
  });
});

describe('groundQuote', () => {
  const output = JSON.stringify({ example: 'connection to server at "postgres" (172.18.0.5) failed\n  at db.js:4' });
  it('returns the text itself when it occurs literally', () => {
    expect(groundQuote(output, '(172.18.0.5) failed')).toBe('(172.18.0.5) failed');
  });
  it('returns the JSON-escaped form when the raw text has quotes or newlines', () => {
    const q = groundQuote(output, 'connection to server at "postgres" (172.18.0.5) failed\n  at db.js:4');
    expect(q).not.toBeNull();
    expect(output.includes(q!)).toBe(true);
  });
  it('returns null for text that is not there', () => {
    expect(groundQuote(output, 'restart the database now')).toBeNull();
  });
  it('never cuts a quote inside an escape sequence', () => {
    const long = `${'x'.repeat(195)}"quoted"`;
    const q = groundQuote(JSON.stringify({ m: long }), long);
    expect(q).not.toBeNull();
    expect(JSON.stringify({ m: long }).includes(q!)).toBe(true);
  });
});

describe('mentionedEntities', () => {
  it('finds known services, internal hosts, host:port and cue-word names, but not the own service or files', () => {
    const text = 'orders: request to payment-gateway timed out; dial tcp redis-cache:6379 refused; GET https://fx.internal/v1 failed at /app/orders/src/client.js:4; upstream inventory returned 503';
    const names = mentionedEntities(text, ['payment-gateway', 'orders'], ['orders']).map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(['payment-gateway', 'redis-cache', 'fx.internal', 'inventory']));
    expect(names).not.toContain('orders');
    expect(names.some((n) => n.endsWith('.js'))).toBe(false);
  });
  it("reads Envoy's 503 wording as no name, and the upstream it names as the dependency", () => {
    const text = 'upstream connect error or disconnect/reset before headers. reset reason: connection failure upstream=geo.prod.svc.cluster.local:8000';
    expect(mentionedEntities(text, [], ['api-gateway']).map((m) => m.name)).toEqual(['geo.prod.svc.cluster.local']);
  });
  it('ignores documentation links', () => {
    const text = 'QueuePool limit of size 5 overflow 0 reached, connection timed out (Background on this error at: https://sqlalche.me/e/20/3o7r)';
    expect(mentionedEntities(text, [], ['checkout'])).toEqual([]);
  });
  it('maps internal host names to service names', () => {
    expect(canonicalEntity('carrier-api.internal', new Set())).toBe('carrier-api');
    expect(canonicalEntity('payments.prod.example.com', new Set(['payments']))).toBe('payments');
    expect(canonicalEntity('api.stripe.com', new Set())).toBe('api.stripe.com');
  });
});

describe('relevance', () => {
  const base = Date.parse('2026-02-17T14:00:00Z');
  const related = (template: string, example: string, weight: number): RelatedSignature => ({
    sig: signature({ template, example, service: 'checkout', base, minutes: [[45, 10]] }),
    service: 'checkout',
    pre: 0,
    post: 10,
    isNew: true,
    weight,
  });
  it('blames the commit that touched the pool size over one that added an endpoint in the same release', () => {
    const incident = incidentProfile(
      [related('Connection pool exhausted: <*> connections in use', 'Connection pool exhausted: 35/35 connections in use', 0.8), related('POST <*> <*> <*>', 'POST /api/v1/checkout 500 10003ms', 0.2)],
      new Set(['checkout']),
    );
    const pool = changeProfile(commit('p1', 'HOTFIX: Increase default connection pool from 30 to 35', base, ['config/database.yaml']), { ...commit('p1', '', base, ['config/database.yaml']), diff: '-  pool_size: 30\n+  pool_size: 35\n', diff_truncated: false }, new Set(['checkout']));
    const gift = changeProfile(commit('g1', 'Add gift card balance endpoint', base, ['src/api/gift_cards.py', 'tests/test_gift_cards.py']), { ...commit('g1', '', base, []), diff: '+@app.get("/api/v1/gift-cards/<code>/balance")\n+def balance(code):\n+    return lookup(code)\n', diff_truncated: false }, new Set(['checkout']));
    const idf = idfOver([pool, gift]);
    const a = scoreRelevance(incident, pool, idf);
    const b = scoreRelevance(incident, gift, idf);
    expect(a.relevance).toBeGreaterThan(0.5);
    expect(b.relevance).toBeLessThan(0.2);
    expect(a.matched).toEqual(expect.arrayContaining(['pool', '35']));
  });
  it('counts a stack frame naming a changed file', () => {
    const incident = incidentProfile([related('TypeError: <*>', "TypeError: Cannot read properties of undefined (reading 'x')\n    at charge (/app/billing/src/handlers/charge.js:4:39)", 1)], new Set());
    const c = changeProfile(commit('c1', 'Refactor', base, ['billing/src/handlers/charge.js']), null, new Set());
    const r = scoreRelevance(incident, c, () => 1);
    expect(r.pathMatch).toBe('billing/src/handlers/charge.js');
    expect(r.relevance).toBeGreaterThan(0.7);
  });
  it('classifies paths and reads changed settings', () => {
    expect(isNonRuntime('README.md')).toBe(true);
    expect(isNonRuntime('tests/test_gift_cards.py')).toBe(true);
    expect(isNonRuntime('src/api/gift_cards.py')).toBe(false);
    expect(isConfig('config/database.yaml')).toBe(true);
    expect(isConfig('src/handlers/charge.js')).toBe(false);
    expect(changedSettings(' database:\n-  pool_size: 30\n+  pool_size: 10\n   pool_timeout_ms: 3000\n')).toEqual([{ key: 'pool_size', from: '30', to: '10' }]);
  });
});

describe('fitArgs', () => {
  const spec = (properties: Record<string, unknown>): ToolSpec => ({
    name: 'logs__log_stats', server: 'logs', tool: 'log_stats', description: '', inputSchema: { type: 'object', properties }, readOnly: true, destructive: false,
  });
  it('drops arguments the tool does not declare and converts durations to what it wants', () => {
    expect(fitArgs(spec({ since: { type: 'string' }, bucket: { type: 'number' } }), { since: '2h', bucket: '1m', extra: 1 })).toEqual({ since: '2h', bucket: 60 });
    expect(fitArgs(spec({ step: { type: 'string' } }), { step: 60 })).toEqual({ step: '60s' });
    expect(fitArgs(spec({ baseline: { type: 'boolean' } }), { baseline: '2h' })).toEqual({ baseline: true });
  });
  it('passes everything through when the schema lists no properties', () => {
    expect(fitArgs(undefined, { a: 1 })).toEqual({ a: 1 });
  });
});

describe('serviceFromSource', () => {
  it('reads the service from a log file name and refuses generic names', async () => {
    const { serviceFromSource } = await import('../../src/rca/service-names.js');
    expect(serviceFromSource('/var/log/billing.log:12')).toBe('billing');
    // Where the logs server could not count the line, the file still names the service.
    expect(serviceFromSource('/var/log/billing.log (sampled piece, bytes 65536-131072; lines before it not counted)')).toBe('billing');
    expect(serviceFromSource('/logs (old)/billing.log (line 7 from byte 4096; the lines before that byte were skipped, not counted)')).toBe('billing');
    expect(serviceFromSource('logs/orders-2025-02-20.log.gz:3')).toBe('orders');
    expect(serviceFromSource('logs/app.log:1')).toBeNull();
    expect(serviceFromSource('')).toBeNull();
  });
});
