// Near misses of the rules that name an older change by what it measurably did (concurrency-rank, runtime-rank,
// redelivery-rank, named-setting): the measured trait is there, but the errors come from a release at the onset.
import { describe, expect, it } from 'vitest';
import type { ErrorSignature } from '../../src/core/evidence.js';
import type { AnalysisContext } from '../../src/rca/context.js';
import type { RelatedSignature } from '../../src/rca/related-signatures.js';
import { rank } from '../../src/rca/rank.js';
import { change, ctxFor } from './rank-findings.js';

/** An error signature new at the onset, as the context's related list holds it. */
function related(template: string, service: string, weight: number): RelatedSignature {
  const sig: ErrorSignature = { id: template.slice(0, 8), template, level: 'error', services: [service], count: 90, first_seen: null, last_seen: null, example: template, example_source: 'app.log:1', per_minute: [], baseline_count: 0, new: true };
  return { sig, service, pre: 0, post: 90, isNew: true, weight };
}
const withErrors = (ctx: AnalysisContext, ...sigs: RelatedSignature[]): AnalysisContext => ({ ...ctx, related: sigs });

/** checkout's release a minute before the onset, its words the errors' words. */
const release = change('c0de5eed'.padEnd(40, '0'), 'checkout: call fraud-check before each payment (2 s deadline)', 1, {
  relevance: 0.8,
  matched: ['fraud', 'check', 'deadline', 'payment'],
  paths: ['checkout/internal/pay/fraud.go'],
});

describe('concurrency-rank near misses', () => {
  // rates stepped GOMAXPROCS past its CPU limit 70 min before; it is not what checkout's errors wait on.
  const drop = change('a1b2c3d4'.padEnd(40, '0'), 'rates: drop go.uber.org/automaxprocs, the runtime reads the quota now', 70, {
    change: { sha: 'a1b2c3d4'.padEnd(40, '0'), ref: 'rates/v2.4.0', message: 'rates: drop go.uber.org/automaxprocs, the runtime reads the quota now', author: 'a <a@x>', time: new Date(Date.parse('2026-12-05T14:00:00Z') - 70 * 60_000).toISOString() },
    relevance: 0.02,
    matched: [],
    paths: ['rates/go.mod'],
    concurrency: { service: 'rates', step: 'go_sched_gomaxprocs_threads of rates went from 2 to 32', names: true },
  });
  const ctx = ctxFor('checkout', ['checkout', 'rates', 'fraud-check']);

  it('leaves the release first when the errors are no waits (a throttled service is slow, not wrong)', () => {
    const v = rank([release, drop], withErrors(ctx, related('POST /pay: pq: column "fraud_score" of relation "payments" does not exist', 'checkout', 1)));
    expect(v.best.suspect?.sha).toBe(release.change.sha);
  });

  it('leaves the release first when every wait names another service than the throttled one', () => {
    const v = rank([release, drop], withErrors(ctx, related('POST /pay: fraud-check score: rpc error: code = DeadlineExceeded desc = context deadline exceeded', 'checkout', 1)));
    expect(v.best.suspect?.sha).toBe(release.change.sha);
  });

  it('still names the step when the waits name no service (a bare read timeout) or name it', () => {
    for (const t of ['Faraday::TimeoutError: Net::ReadTimeout with #<TCPSocket:(closed)>', 'GET rates:8080/v1/quote: context deadline exceeded']) {
      expect(rank([release, drop], withErrors(ctx, related(t, 'checkout', 1))).best.suspect?.sha, t).toBe(drop.change.sha);
    }
  });
});

describe('runtime-rank near misses', () => {
  // One release carries a base-image bump (the runtime series switched) and a commit whose new host the errors quote.
  const at = (sha: string, message: string, over: Parameters<typeof change>[3]) =>
    change(sha.padEnd(40, '0'), message, 3, { ...over, change: { sha: sha.padEnd(40, '0'), ref: 'invoice-api/v3.0.0', message, author: 'a <a@x>', time: new Date(Date.parse('2026-12-05T14:00:00Z') - 3 * 60_000).toISOString() } });
  const image = at('beef0001', 'invoice-api: base image node:16-alpine -> node:18-alpine', { relevance: 0.05, matched: [], paths: ['invoice-api/Dockerfile'], runtime: 'node 16 -> 18' });
  const ctx = withErrors(ctxFor('invoice-api', ['invoice-api']), related('getaddrinfo ENOTFOUND tax-rates.internal.example', 'invoice-api', 1));

  it('leaves the sibling first when the errors quote what it changed (the host it added)', () => {
    const host = at('beef0002', 'invoice-api: fetch tax rates from tax-rates.internal.example', { relevance: 0.8, matched: ['tax', 'rates'], mentions: ['tax-rates.internal.example'], paths: ['invoice-api/src/tax.ts'] });
    expect(rank([host, image], ctx).best.suspect?.sha).toBe(host.change.sha);
  });

  it('still names the runtime commit over a sibling that only shares words', () => {
    const words = at('beef0003', 'invoice-api: tax rates lookups in one place', { relevance: 0.8, matched: ['tax', 'rates'], paths: ['invoice-api/src/tax.ts'] });
    expect(rank([words, image], ctx).best.suspect?.sha).toBe(image.change.sha);
  });
});

describe('redelivery-rank near misses', () => {
  const setting = { path: 'worker/celeryconfig.py', key: 'visibility_timeout', from: '10800', to: '600', line: '"visibility_timeout": 600', period_ms: 604_000, count: 40, service: 'transcoder' };
  const ctx = ctxFor('checkout', ['checkout', 'transcoder']);

  it('does not name a change that set the timeout after the onset (a fix made during the incident)', () => {
    const later = change('d00d0001'.padEnd(40, '0'), 'celery: visibility_timeout 10 min', -20, { relevance: 0.05, paths: ['worker/celeryconfig.py'], redelivers: setting });
    expect(rank([release, later], ctx).best.suspect?.sha).toBe(release.change.sha);
  });

  it('does not name a change whose value matched no redelivery gap', () => {
    const other = change('d00d0002'.padEnd(40, '0'), 'celery: visibility_timeout 10 min', 34, { relevance: 0.05, paths: ['worker/celeryconfig.py'] });
    expect(rank([release, other], ctx).best.suspect?.sha).toBe(release.change.sha);
  });
});

describe('named-setting near misses', () => {
  const set = (sha: string, gap: number, key: string) =>
    change(sha.padEnd(40, '0'), `worker: ${key} tuned`, gap, { relevance: 0.05, configOnly: true, paths: ['worker/config.yaml'], settings: [{ path: 'worker/config.yaml', key, from: '300000', to: '60000', line: `${key}: 60000` }] });
  const ctx = withErrors(ctxFor('checkout', ['checkout', 'worker']), related('POST /pay: fraud-check timeout after 2s; adjust fraud.deadline.ms', 'checkout', 1));

  it('does not name a setting the errors do not name verbatim, nor one set after the onset', () => {
    expect(rank([release, set('e0e00001', 600, 'max.poll.interval.ms')], ctx).best.suspect?.sha).toBe(release.change.sha);
    expect(rank([release, set('e0e00002', -15, 'fraud.deadline.ms')], ctx).best.suspect?.sha).toBe(release.change.sha);
  });

  it('does not name a bare word the errors happen to use (timeout)', () => {
    expect(rank([release, set('e0e00003', 600, 'timeout')], ctx).best.suspect?.sha).toBe(release.change.sha);
  });
});
