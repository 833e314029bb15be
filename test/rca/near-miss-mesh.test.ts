// Near misses of the rules about connections, names and credentials between services (keepalive-race, policy-restart,
// clock-rank, dns-storm): a reuse change, a policy, a clock jump or a lookup storm is there, but elsewhere or too late.
import { describe, expect, it } from 'vitest';
import type { ErrorSignature } from '../../src/core/evidence.js';
import { rank } from '../../src/rca/rank.js';
import type { RelatedSignature } from '../../src/rca/related-signatures.js';
import { analyze, BASE, bundleOf, conditions, MIN, ONSET as AT, samples } from './general-rules-kit.js';
import { commit, deployment, signature, span } from './helpers.js';
import { change, condition, ctxFor, ONSET } from './rank-findings.js';

function sig(service: string, template: string): RelatedSignature {
  const s: ErrorSignature = { ...signature({ template, service, base: ONSET, minutes: span(0, 20) }), new: true };
  return { sig: s, service, pre: 0, post: 20, isNew: true, weight: 0.5 };
}

describe('keepalive-race near misses', () => {
  // checkout's calls to payments are reset since payments' release a minute before cut its idle-socket timeout.
  const ctx = { ...ctxFor('checkout', ['checkout', 'payments', 'search-web']), related: [sig('checkout', 'POST /pay: payments: read ECONNRESET'), sig('checkout', 'POST /pay: socket hang up (payments)')] };
  const payments = change('a0a0a0a0bbbb', 'payments: close idle keep-alive sockets after 1 s (socket reset storm fix)', 1, { relevance: 0.7, matched: ['socket', 'payments'], paths: ['payments/src/server.ts'] });
  const reuseAt = (path: string) => change('e8e18e72aaaa', 'http client: keep connections alive', 10, { relevance: 0.1, paths: [path], reuse: true });

  it('leaves the release first when another service turned reuse on (its resets would be in its own log)', () => {
    expect(rank([payments, reuseAt('search-web/src/http.ts')], ctx).best.suspect?.sha).toBe(payments.change.sha);
  });

  it('still names the reuse change of the service that logs the resets', () => {
    expect(rank([payments, reuseAt('checkout/src/http.ts')], ctx).best.suspect?.sha).toBe('e8e18e72aaaa');
  });
});

describe('policy-restart near misses', () => {
  const ctx = ctxFor('ledger', ['ledger', 'payments', 'statement-job']);
  // ledger's own release 10 min before requires an API key, and its callers are refused since.
  const release = change('095f9dd9bbbb', 'ledger: require an API key on /statements (forbidden without one)', 10, { relevance: 0.7, matched: ['statements', 'forbidden'], paths: ['ledger/auth.go'] });
  release.change.ref = 'ledger/v2.31.0';
  const refused = condition({ condition: 'cert_auth', category: 'certificate_or_auth', service: 'ledger', confidence: 0.6 });
  const policyFor = (ns: string) => {
    const p = change('f24b3515aaaa', `platform: ${ns} namespace admits only meshed clients`, 3 * 24 * 60, { relevance: 0.05, paths: [`platform/mesh/${ns}.yaml`], configOnly: true, admits: true });
    p.change.ref = 'platform/2026.12.02-1';
    return p;
  };

  it("leaves the callee's release first when the policy is another namespace's", () => {
    expect(rank([policyFor('payments'), release, refused], ctx).best.suspect?.sha).toBe(release.change.sha);
  });

  it("still names a policy of the callee's own namespace", () => {
    expect(rank([policyFor('ledger'), release, refused], ctx).best.suspect?.sha).toBe('f24b3515aaaa');
  });
});

describe('clock-rank near misses', () => {
  const LIB = '9b1e0c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b';
  // orders-api's release at the onset moves to a JWT library that checks nbf with no leeway: tokens from a signer a
  // second ahead are refused at once. A node's clock jumps half an hour later, after the errors began.
  const release = () => {
    const c = commit(LIB, 'orders-api: move to golang-jwt v5 for token parsing', BASE + (AT - 1) * MIN, ['orders-api/internal/auth/parse.go']);
    return {
      deployments: [deployment('orders-api/v7.0.0', BASE + (AT - 1) * MIN, [c])],
      diffs: { [c.sha]: '--- a/orders-api/internal/auth/parse.go\n+++ b/orders-api/internal/auth/parse.go\n-\t"github.com/dgrijalva/jwt-go"\n+\t"github.com/golang-jwt/jwt/v5" // token parsing, claims validated\n' },
    };
  };
  const rejected = [
    signature({ template: 'auth: rejecting GET <*>: token has invalid claims: token is not valid yet (sub=<*>)', service: 'orders-api', base: BASE, minutes: span(AT, 120, 3) }),
  ];
  const offsets = (jumpAt: number) =>
    ['ip-10-0-1-1', 'ip-10-0-1-2'].map((n, i) => samples('node_timex_offset_seconds', { instance: `${n}:9100`, job: 'node-exporter' }, (m) => (i === 1 && m >= jumpAt ? 127 : 0.0002)));

  it('leaves the release first when the clock jumped half an hour after the tokens were first refused', () => {
    const { findings, verdict } = analyze(bundleOf({ signatures: rejected, series: offsets(AT + 30), ...release() }));
    expect(conditions(findings, 'clock_skew')).toHaveLength(1);
    expect(verdict.best.suspect?.sha).toBe(LIB);
  });

  it('still names the clock when it jumped at the onset', () => {
    expect(analyze(bundleOf({ signatures: rejected, series: offsets(AT), ...release() })).verdict.best.suspect).toBeNull();
  });
});

describe('dns-storm near misses', () => {
  const coredns = condition({ condition: 'dependency', category: 'dependency_failure', service: 'coredns', confidence: 0.6, names: ['coredns'] });
  // reco's release an hour before began asking the cluster DNS for api.segment.io, most of its queries since.
  const storm = change('5e6e0001aaaa', 'reco: send an impression to segment per recommendation', 60, {
    relevance: 0.05,
    paths: ['reco/src/impressions.ts'],
    lookups: { host: 'api.segment.io', start: ONSET - 59 * 60_000, queries: 5000, share: 0.6, example: 'A IN api.segment.io.reco.svc.cluster.local.' },
  });
  // checkout's release at the onset points it at a host that does not exist: the DNS answers NXDOMAIN, promptly.
  const rename = change('5e6e0002bbbb', 'checkout: call ledger at ledger-v2.internal', 1, { relevance: 0.8, matched: ['ledger', 'internal', 'host'], paths: ['checkout/config.ts'], mentions: ['ledger-v2.internal'] });
  const nxdomain = { ...ctxFor('checkout', ['checkout', 'reco', 'coredns']), related: [sig('checkout', 'dial tcp: lookup ledger-v2.internal on 10.96.0.10:53: no such host')] };

  it('leaves the release first when the lookups that fail are answered (no such host), not left waiting', () => {
    expect(rank([rename, storm, coredns], nxdomain).best.suspect?.sha).toBe(rename.change.sha);
  });

  it('still names the storm when lookups time out at the DNS', () => {
    const waiting = { ...nxdomain, related: [sig('checkout', 'dial tcp: lookup ledger-v2.internal on 10.96.0.10:53: read udp 10.1.2.3:41234->10.96.0.10:53: i/o timeout')] };
    expect(rank([rename, storm, coredns], waiting).best.suspect?.sha).toBe('5e6e0001aaaa');
  });
});
