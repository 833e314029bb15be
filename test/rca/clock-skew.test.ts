// A node's clock jumping seconds ahead while tokens signed there are refused as not yet valid: the clock is the cause
// (infrastructure, the issuer's service), over the release that shortened the tokens' lifetime and shares their words.
import { describe, expect, it } from 'vitest';
import type { RequestFlows } from '../../src/rca/bundle.js';
import { NOT_YET_VALID } from '../../src/rca/analyzers/clock-skew.js';
import { rank } from '../../src/rca/rank.js';
import { analyze, BASE, bundleOf, conditions, MIN, ONSET, samples } from './general-rules-kit.js';
import { commit, deployment, signature, span, withFlows } from './helpers.js';
import { change, condition, ctxFor } from './rank-findings.js';

const release = () => {
  const c = commit('3c588385d8514e6676ed3c3f30e038130dcbed53', 'Shorten access tokens to ten minutes', BASE + (ONSET - 24) * MIN, ['auth-svc/internal/token/claims.go']);
  return {
    deployments: [deployment('auth-svc/v2.31.0', BASE + (ONSET - 24) * MIN, [c])],
    diffs: { [c.sha]: '--- a/auth-svc/internal/token/claims.go\n+++ b/auth-svc/internal/token/claims.go\n-\tAccessTokenTTL = time.Hour // token claims exp\n+\tAccessTokenTTL = 10 * time.Minute // token claims exp, sub\n' },
  };
};
const rejected = () => [
  signature({
    template: 'auth: rejecting GET <*>: token has invalid claims: token is not valid yet (sub=<*> iss=https://auth.shop.example.com)',
    example: 'auth: rejecting GET /v1/orders: token has invalid claims: token is not valid yet (sub=user:1 iss=https://auth.shop.example.com)',
    service: 'orders-api',
    base: BASE,
    minutes: span(ONSET, 120, 3),
  }),
];
// node_exporter on three nodes; the second one's clock jumps 127 s ahead at the onset when `jump`.
const offsets = (jump: boolean) =>
  ['ip-10-0-1-1', 'ip-10-0-1-2', 'ip-10-0-1-3'].map((n, i) =>
    samples('node_timex_offset_seconds', { instance: `${n}:9100`, job: 'node-exporter' }, (m) => (jump && i === 1 && m >= ONSET ? 127 - (m - ONSET) * 0.5 : 0.0002)),
  );
const issued = samples('auth_tokens_issued', { service: 'auth-svc' }, (m) => 100 + m);

describe('a node clock jump behind tokens refused as not yet valid', () => {
  it("names the node's clock (no change) with the service that signs the tokens, and rules the release out", () => {
    const { findings, verdict } = analyze(bundleOf({ signatures: rejected(), series: [...offsets(true), issued], ...release() }));
    expect(conditions(findings, 'clock_skew')).toHaveLength(1);
    expect(verdict.best.suspect).toBeNull();
    expect(verdict.best.category).toBe('infrastructure');
    expect(verdict.best.service).toBe('auth-svc');
    expect(verdict.best.summary).toContain('ip-10-0-1-2');
    expect(verdict.ruledOut.map((r) => r.what).join(' ')).toContain('auth-svc/v2.31.0');
  });

  it('finds no clock condition when every clock stayed in sync', () => {
    const { findings } = analyze(bundleOf({ signatures: rejected(), series: [...offsets(false), issued], ...release() }));
    expect(conditions(findings, 'clock_skew')).toHaveLength(0);
  });
});

describe("a node's own lines announcing the jump, without node_exporter", () => {
  it("names that node's clock from chrony's line", () => {
    const b = bundleOf({ signatures: rejected(), series: [issued], ...release() });
    const announcements: NonNullable<RequestFlows['announcements']> = [
      { time: BASE + (ONSET + 2) * MIN, service: 'chronyd', kind: 'clock', text: 'System clock wrong by -127.203481 seconds, adjustment started', host: 'ip-10-0-1-2' },
    ];
    withFlows(b, { announcements });
    const { findings, verdict } = analyze(b);
    expect(conditions(findings, 'clock_skew')).toHaveLength(1);
    expect(verdict.best.suspect).toBeNull();
    expect(verdict.best.summary).toContain('ip-10-0-1-2 ran 127 s ahead');
    // A clock jump is no runtime change a service made.
    expect(findings.some((f) => f.kind === 'runtime_change')).toBe(false);
  });
});

describe('NOT_YET_VALID', () => {
  it('reads the JWT libraries\' words for a token used before its validity began', () => {
    for (const t of ['token has invalid claims: token is not valid yet', 'jwt.exceptions.ImmatureSignatureError: The token is not yet valid (iat)', 'NotBeforeError: jwt not active', 'token used before issued'])
      expect(NOT_YET_VALID.test(t), t).toBe(true);
  });
  it("does not read Go's x509 wording, which an expired certificate gets too", () => {
    expect(NOT_YET_VALID.test('x509: certificate has expired or is not yet valid: current time 2026-12-05T11:00:00Z is after 2026-12-04T23:59:59Z')).toBe(false);
  });
});

describe('rankClockSkew', () => {
  const ctx = ctxFor('orders-api', ['orders-api', 'auth-svc']);
  const skew = condition({ condition: 'clock_skew', category: 'infrastructure', service: 'auth-svc', confidence: 0.8, names: ['ip-10-0-1-2'] });
  it('keeps a release first that changed how time is checked (the leeway)', () => {
    const c = change('aa11bb22cc33dd44', 'Drop the clock leeway of token validation to zero', 10, { relevance: 0.9, matched: ['token', 'leeway'] });
    expect(rank([skew, c], ctx).best.suspect?.sha).toBe(c.change.sha);
  });
  it('ranks a release that only shares the words below the clock', () => {
    const c = change('aa11bb22cc33dd44', 'Shorten access tokens to ten minutes', 10, { relevance: 0.9, matched: ['token', 'claims'] });
    const v = rank([skew, c], ctx);
    expect(v.best.suspect).toBeNull();
    expect(v.best.category).toBe('infrastructure');
  });
});
