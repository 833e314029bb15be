// A Squid egress proxy that tunnelled a partner's host and denies it from the onset on, its other destinations still
// tunnelled: the proxy change writing that host's domain just before is the culprit over the client's own release.
// Near misses: a host never passed before, denials already in the baseline, a proxy denying everything, a change
// writing another domain or going live after the first denial.
import { describe, expect, it } from 'vitest';
import { covers, deniedHost, proxyDenials, writtenDomains } from '../../src/rca/analyzers/proxy-denials.js';
import { rank } from '../../src/rca/rank.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import type { ConditionFinding } from '../../src/rca/change-settings.js';
import type { ErrorSignature } from '../../src/core/evidence.js';
import { handBundle, signature, span, withFlows } from './helpers.js';
import { change, ctxFor, MIN, ONSET } from './rank-findings.js';

const BASE = ONSET - 60 * MIN;
const ctx = ctxFor('label-svc', ['label-svc', 'squid-access']);
const MINUTES = Array.from({ length: 90 }, (_, i) => BASE + i * MIN);
/** Per minute of MINUTES: `before` entries until the onset's minute, `after` from it on. */
const counts = (before: number, after: number) => MINUTES.map((t) => (t < ONSET ? before : after));
const SHIP = 'api.shipengine.com';
const denial = (host: string, from = 0, baseline = 0): ErrorSignature => ({
  ...signature({ template: `CONNECT ${host} TCP_DENIED <*>`, example: `CONNECT ${host} TCP_DENIED 403`, service: 'squid-access', base: ONSET, minutes: span(from, 20, 40), level: 'warn' }),
  baseline_count: baseline,
  new: baseline === 0,
});
const step = (host: string, result: string) => ({ service: 'squid-access', step: `CONNECT ${host} ${result} <*>` });

/** The proxy's statements: the partner tunnelled `shipBefore` a minute until the onset, Stripe `stripeAfter` after it. */
function analyzed(sig: ErrorSignature, opts: { shipBefore?: number; stripeAfter?: number } = {}): ConditionFinding[] {
  const statements = [
    { ...step(SHIP, 'TCP_TUNNEL'), counts: counts(opts.shipBefore ?? 40, 1) },
    { ...step(SHIP, 'TCP_DENIED'), counts: counts(0, 40) },
    { ...step('api.stripe.com', 'TCP_TUNNEL'), counts: counts(60, opts.stripeAfter ?? 60) },
  ];
  const bundle = withFlows(handBundle('labels fail since 14:00', { from: BASE, to: ONSET + 30 * MIN }, { signatures: [sig] }), { statementMinutes: MINUTES, statements });
  return proxyDenials.analyze(bundle, ctx) as ConditionFinding[];
}

describe('a forward proxy denying one destination it passed before', () => {
  it('is registered among the analyzers the engine runs', () => {
    expect(ANALYZERS).toContain(proxyDenials);
  });

  it("reads Squid's denial as its parser words it, and no other 403", () => {
    expect(deniedHost('CONNECT api.shipengine.com TCP_DENIED 403')).toBe(SHIP);
    expect(deniedHost('CONNECT api.shipengine.com TCP_DENIED <*>')).toBe(SHIP);
    expect(deniedHost('CONNECT api.shipengine.com TCP_TUNNEL 200')).toBeNull();
    expect(deniedHost('"GET /v1/labels HTTP/1.1" 403 512')).toBeNull();
  });

  it('names the proxy, the host and when the denials began', () => {
    const [f] = analyzed(denial(SHIP));
    expect(f).toMatchObject({ condition: 'proxy_denied', category: 'config_error', service: 'squid-access', names: [SHIP] });
    expect(Date.parse(f!.timeline[0]!.time)).toBe(ONSET);
    expect(f!.evidence[0]?.quote).toContain('TCP_DENIED');
  });

  it('does not read a host it never passed, denials already in the baseline, or a proxy that denies everything', () => {
    expect(analyzed(denial(SHIP), { shipBefore: 0 })).toEqual([]);
    expect(analyzed(denial(SHIP, -40, 12))).toEqual([]);
    expect(analyzed(denial(SHIP), { stripeAfter: 0 })).toEqual([]);
  });

  it("reads the domains a diff writes, and a domain covers its subdomains only", () => {
    const lines = '-acl allowed_domains dstdomain .stripe.com .shipengine.com hooks.slack.com\n+shipengine.com\n+acl allowed_domains dstdomain "/etc/squid/allowed_domains.txt"';
    expect(writtenDomains(lines)).toEqual(expect.arrayContaining(['stripe.com', 'shipengine.com', 'hooks.slack.com']));
    expect(covers('shipengine.com', SHIP)).toBe(true);
    expect(covers('shipengine.com', 'api.myshipengine.com')).toBe(false);
    expect(covers('api.shipengine.com', 'shipengine.com')).toBe(false);
  });

  const release = change('3a54212f3eced2c6baa4aa4e93c9c1961499cf34', 'label-svc: ShipEngine v2 rate shopping', 9, {
    paths: ['label-svc/app/shipping/ShipEngineClient.scala'],
    matched: ['ship', 'engine', 'shipping'],
    relevance: 0.9,
  });
  const proxy = (gap: number, domains: string[]) =>
    change('02e7e7ed6c2fa11dcac8b913611f2fd92b6c9a69', 'egress-proxy: allowlist in allowed_domains.txt', gap, {
      change: { sha: '02e7e7ed6c2fa11dcac8b913611f2fd92b6c9a69', ref: 'egress-proxy/2026.12.28.1', message: 'egress-proxy: allowlist in allowed_domains.txt', author: 'Dev Two <two@example.com>', time: new Date(ONSET - gap * MIN).toISOString() },
      paths: ['platform/egress-proxy/squid.conf', 'platform/egress-proxy/allowed_domains.txt'],
      matched: ['proxy'],
      relevance: 0.2,
      configOnly: true,
      domains,
    });

  it("blames the proxy change that wrote the host's domain just before the first denial, over the client's release", () => {
    const [k] = analyzed(denial(SHIP));
    expect(rank([release, proxy(1, ['stripe.com'])], ctx).best.suspect?.sha).toBe(release.change.sha);
    const v = rank([release, proxy(1, ['stripe.com', 'shipengine.com']), k!], ctx);
    expect(v.best).toMatchObject({ service: 'egress-proxy', category: 'config_error' });
    expect(v.best.suspect?.sha).toBe('02e7e7ed6c2fa11dcac8b913611f2fd92b6c9a69');
    expect(v.best.summary).toContain('shipengine.com');
  });

  it('leaves the release blamed when the proxy change writes another domain, or went live after the denials began', () => {
    const [k] = analyzed(denial(SHIP));
    expect(rank([release, proxy(1, ['stripe.com', 'slack.com']), k!], ctx).best.suspect?.sha).toBe(release.change.sha);
    expect(rank([release, proxy(-5, ['shipengine.com']), k!], ctx).best.suspect?.sha).toBe(release.change.sha);
  });
});
