// The engine reading the changes themselves, end to end on built incidents: a commit that introduced the host the
// errors cannot reach, a config value the errors quote, a peer-labelled metric, comment-only, credential and memory diffs.
import { describe, expect, it } from 'vitest';
import { BASE, MIN, noise, ONSET, run } from './engine-world.js';
import { commit, deployment, errorRate, gauge, iso, signature, span } from './helpers.js';

describe('a change that points at a broken dependency', () => {
  it('blames the config commit that introduced the host the errors cannot reach', async () => {
    const hostChange = commit('b7', 'Move to the new settlement endpoint', BASE + 70 * MIN, ['payouts/config/production.yaml']);
    const { report } = await run({
      signatures: [
        ...noise,
        signature({
          template: 'settlement call failed: dial tcp: lookup <*>: no such host',
          example: 'settlement call failed: dial tcp: lookup settle-v2.internal: no such host',
          service: 'payouts',
          base: BASE,
          minutes: span(ONSET, 120, 8),
        }),
      ],
      errorRates: [errorRate('payouts', BASE, 120, ONSET)],
      deployments: [deployment('p-77', BASE + 76 * MIN, [hostChange])],
      diffs: { [hostChange.sha]: ' settlement:\n-  url: https://settle.internal/api\n+  url: https://settle-v2.internal/api\n   timeout: 5s\n' },
    });
    expect(report.root_cause.suspect_change?.sha).toBe(hostChange.sha);
    expect(report.root_cause.category).toBe('config_error');
    expect(report.root_cause.service).toBe('payouts');
  });
});

describe('a config value the errors quote', () => {
  it('blames the commit that cut a timeout over the dependency it makes look down', async () => {
    const cut = commit('b8', 'Fail faster on slow scoring', BASE + 72 * MIN, ['risk/config/clients.yaml']);
    const other = commit('b9', 'Add audit log export', BASE + 71 * MIN, ['risk/src/audit/export.ts']);
    const { report } = await run({
      signatures: [
        ...noise,
        signature({ template: 'call to scoring-api timed out after <*>', example: 'call to scoring-api timed out after 40ms', service: 'risk', base: BASE, minutes: span(ONSET, 120, 9) }),
        signature({ template: 'circuit breaker open for scoring-api', service: 'risk', base: BASE, minutes: span(ONSET + 2, 120, 2) }),
      ],
      errorRates: [errorRate('risk', BASE, 120, ONSET)],
      deployments: [deployment('v12', BASE + 76 * MIN, [cut, other])],
      diffs: {
        [cut.sha]: ' scoring_api:\n   url: https://scoring-api.internal\n-  timeout_ms: 800\n+  timeout_ms: 40\n',
        [other.sha]: '+export function exportAudit() { return []; }\n',
      },
    });
    expect(report.root_cause.suspect_change?.sha).toBe(cut.sha);
    expect(report.root_cause.category).toBe('config_error');
    expect(report.root_cause.service).toBe('risk');
  });
});

describe('a dependency failure that names nobody', () => {
  it('takes the failing peer from a peer-labelled metric that jumped at the onset', async () => {
    const { report } = await run({
      signatures: [...noise, signature({ template: 'upstream request failed: 503 after <*> retries', service: 'checkout', base: BASE, minutes: span(ONSET, 120, 6) })],
      errorRates: [errorRate('checkout', BASE, 120, ONSET)],
      anomalies: [
        { series: 'grpc_client_latency_seconds{target="tax-engine"}', metric: 'grpc_client_latency_seconds', labels: { target: 'tax-engine' }, time: iso(BASE + ONSET * MIN), before: 0.05, after: 2.4, relative_change: 47, direction: 'up', score: 30, kind: 'gauge' },
      ],
      deployments: [deployment('v8.8.0', BASE + 72 * MIN, [commit('ab', 'Rename cart fields', BASE + 70 * MIN, ['checkout/src/cart.ts'])])],
      diffs: {},
    });
    expect(report.root_cause.category).toBe('dependency_failure');
    expect(report.root_cause.service).toBe('tax-engine');
    expect(report.root_cause.suspect_change).toBeNull();
    expect(report.ruled_out.some((r) => r.what.includes('v8.8.0'))).toBe(true);
  });
});

describe('rules that read the diff itself', () => {
  it('never blames a comment-only change, even right before the errors', async () => {
    const comment = commit('c7', 'Explain request ids', BASE + 77 * MIN, ['geo/api/stores.go']);
    const code = commit('c8', 'Use a fallback location', BASE + 76 * MIN, ['geo/resolve/nearby.go']);
    const { report } = await run({
      signatures: [...noise, signature({ template: 'panic: runtime error: index out of range [<*>] with length <*>', service: 'geo', base: BASE, minutes: span(ONSET, 120, 3), level: 'fatal' })],
      errorRates: [errorRate('geo', BASE, 120, ONSET)],
      deployments: [deployment('g1', BASE + 78 * MIN, [comment, code])],
      diffs: { [comment.sha]: '+// request ids come from X-Request-Id\n', [code.sha]: '+\tloc = r.cities[loc.CityID].Centroid\n' },
    });
    expect(report.root_cause.suspect_change?.sha).toBe(code.sha);
    expect(report.ruled_out.find((r) => r.what.includes('Explain request ids'))?.reason).toBe('its diff changes only comments');
  });

  it('blames the release that rotated a credential when the credential is rejected right after', async () => {
    const rotate = commit('d7', 'Rotate provider auth token', BASE + 77 * MIN, ['sms/deploy/prod.env']);
    const copy = commit('d8', 'Add Spanish message templates', BASE + 76 * MIN, ['sms/templates/es.txt.tmpl']);
    const { report } = await run({
      signatures: [...noise, signature({ template: 'send failed: HTTP 401 Unauthorized from provider', service: 'sms', base: BASE, minutes: span(ONSET, 120, 6) })],
      errorRates: [errorRate('sms', BASE, 120, ONSET)],
      deployments: [deployment('s9', BASE + 78 * MIN, [rotate, copy])],
      diffs: { [rotate.sha]: '-PROVIDER_AUTH_TOKEN_REF=sm://prod/provider#3\n+PROVIDER_AUTH_TOKEN_REF=sm://prod/provider#4\n', [copy.sha]: '+Tu código es {{code}}\n' },
    });
    expect(report.root_cause.suspect_change?.sha).toBe(rotate.sha);
    expect(report.root_cause.category).toBe('certificate_or_auth');
    expect(report.root_cause.service).toBe('sms');
  });

  it('blames the release that started a memory climb when its change keeps data in memory', async () => {
    const cache = commit('e7', 'Reuse decoded frames across jobs', BASE + 20 * MIN, ['media/thumbs.py']);
    const bump = commit('e8', 'Bump base image', BASE + 19 * MIN, ['media/Dockerfile']);
    const { report } = await run({
      signatures: [...noise, signature({ template: 'worker exited: signal 9 (out of memory)', service: 'media', base: BASE, minutes: span(ONSET, 120).filter(([m]) => m % 5 === 0) })],
      errorRates: [errorRate('media', BASE, 120, ONSET)],
      deployments: [deployment('m2', BASE + 22 * MIN, [cache, bump])],
      diffs: { [cache.sha]: '+_frame_cache = {}\n+frames = _frame_cache.setdefault(job.id, decode(job))\n', [bump.sha]: '-FROM python:3.11\n+FROM python:3.12\n' },
      series: { process_resident_memory_bytes: [gauge({ service: 'media' }, BASE, 120, (m) => (m < 22 ? 4e8 : Math.min(4e8 + (m - 22) * 3e7, 2.2e9)))] },
    });
    expect(report.root_cause.suspect_change?.sha).toBe(cache.sha);
    expect(report.root_cause.category).toBe('resource_exhaustion');
    expect(report.root_cause.service).toBe('media');
  });
});

describe('a change in another service of the repository', () => {
  it("names the service whose directory the change is in, not the one whose errors show it", async () => {
    const producer = commit('c1', 'Serialize money fields as strings in order events', BASE + 60 * MIN, ['orders-api/src/events/OrderPaid.java']);
    const run1 = (files: string[]) =>
      run({
        signatures: [
          ...noise,
          signature({ template: 'failed to decode order event: json: cannot unmarshal string into Go struct field OrderPaid.amount_cents of type int64', service: 'fulfillment', base: BASE, minutes: span(ONSET, 120, 9) }),
        ],
        errorRates: [errorRate('fulfillment', BASE, 120, ONSET), errorRate('orders-api', BASE, 120, 200)],
        deployments: [deployment('orders-api/v3.2.0', BASE + 78 * MIN, [{ ...producer, files: files.map((path) => ({ path, added: 1, deleted: 1 })) }])],
        diffs: { [producer.sha]: '-public record OrderPaid(String orderId, long amountCents) {}\n+public record OrderPaid(String orderId, @JsonSerialize(using = ToStringSerializer.class) long amountCents) {}\n' },
      });
    const { report } = await run1(['orders-api/src/events/OrderPaid.java']);
    expect(report.root_cause.suspect_change?.sha).toBe(producer.sha);
    expect(report.root_cause.service).toBe('orders-api');
    expect(report.root_cause.summary).toContain("fulfillment broke after orders-api's commit");
    // The same change in a directory that names no known service: where the errors are stays the answer.
    const shared = await run1(['libs/events/OrderPaid.java']);
    expect(shared.report.root_cause.service).toBe('fulfillment');
  });
});
