// A log pipeline that blocks when full: Fluentd's BufferOverflowError at the onset while the apps that log through
// Docker's fluentd driver fall silent in the same minute and the edge answers 504 (holdout 409). Near misses: a
// collector that drops lines (its writers keep logging) and a buffer that filled long before the onset.
import { describe, expect, it } from 'vitest';
import { LOG_BUFFER_FULL } from '../../src/rca/analyzers/log-pipeline-blocked.js';
import { analyze, BASE, bundleOf, conditions, MIN, ONSET } from './general-rules-kit.js';
import { commit, deployment, signature, span, withFlows } from './helpers.js';

const OVERFLOW =
  'emit transaction failed: error_class="Fluent::Plugin::Buffer::BufferOverflowError" error="buffer space has too many data" location="/usr/lib/ruby/gems/3.2.0/gems/fluentd-1.16.5/lib/fluent/plugin/buffer.rb:330:in `write\'" tag="docker.<*>"';
const overflow = (from = ONSET) =>
  signature({ template: `#<*> ${OVERFLOW}`, example: `#0 ${OVERFLOW.replace('<*>', 'checkout-api')}`, service: 'fluentd', base: BASE, minutes: span(from, 120, 3), level: 'warn' });
const edge = () => signature({ template: '"POST /api/checkout HTTP/1.1" 504 UT 0 24 15001 - "10.0.3.7" upstream_reset_before_response_started{timeout}', service: 'envoy', base: BASE, minutes: span(ONSET, 120, 20) });
// checkout-api's release 14 minutes before: its words are not the errors', its timing is close.
const release = () => {
  const c = commit('9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b', 'checkout-api: Jackson 2.17, async payment capture', BASE + (ONSET - 14) * MIN, ['checkout-api/pom.xml']);
  return { deployments: [deployment('checkout-api/v5.2.0', BASE + (ONSET - 14) * MIN, [c])], diffs: { [c.sha]: '+    <jackson.version>2.17.0</jackson.version>\n' } };
};
const MINUTES = Array.from({ length: 121 }, (_, m) => BASE + m * MIN);
/** The apps' INFO lines per minute: steady, then none from the onset's minute on when blocked. */
const appLines = (blocked: boolean) =>
  ['checkout-api', 'cart-api'].map((service) => ({ service, step: `${service}: order <*> placed`, counts: MINUTES.map((_, m) => (blocked && m >= ONSET ? 0 : 12)) }));
const run = (blocked: boolean, from = ONSET) =>
  analyze(withFlows(bundleOf({ signatures: [overflow(from), edge()], ...release() }), { statementMinutes: MINUTES, statements: appLines(blocked) }));

describe('a log pipeline that blocks its writers', () => {
  it.each([
    [OVERFLOW.replace('<*>', 'checkout-api'), true],
    ['[2026/12/29 19:06:00] [ warn] [input] tail.0 paused (mem buf overlimit)', true],
    // A chunk flushed late or retried is the pipeline slow, not full.
    ['failed to flush the buffer. retry_times=3 next_retry_time=2026-12-29 19:06:40 chunk="5f1e" error_class=Fluent::Plugin::ElasticsearchOutput::RecoverableRequestFailure', false],
  ])('%s → %s', (line, full) => {
    expect(LOG_BUFFER_FULL.test(line)).toBe(full);
  });

  it('names the collector (no commit) when its buffer fills as the apps fall silent, and rules out the app release', () => {
    const { findings, verdict } = run(true);
    expect(conditions(findings, 'store_full').map((k) => k.service)).toEqual(['fluentd']);
    expect(verdict.best.suspect).toBeNull();
    expect(verdict.best.service).toBe('fluentd');
    expect(verdict.best.category).toBe('resource_exhaustion');
    // The summary quotes the collector's line, not the mined template's placeholders.
    expect(verdict.best.summary).toContain('("#0 emit transaction failed');
    expect(verdict.ruledOut.map((r) => r.what).join(' ')).toContain('checkout-api/v5.2.0');
  });

  it('finds nothing when the apps keep logging (a collector that drops lines stalls nobody)', () => {
    expect(conditions(run(false).findings, 'store_full')).toHaveLength(0);
  });

  it('finds nothing when the buffer filled long before the onset', () => {
    expect(conditions(run(true, ONSET - 30).findings, 'store_full')).toHaveLength(0);
  });
});
