// A remote system answering "slow down" (S3's 503 SlowDown, 429 Too Many Requests) throttles the caller: a limit on
// what the caller sends, not an outage of the remote; the caller's own change to its requests is blamed, not its SDK bump.
import { describe, expect, it } from 'vitest';
import { THROTTLED } from '../../src/rca/signals.js';
import { throttledBy } from '../../src/rca/throttle-rank.js';
import { analyze, BASE, bundleOf, conditions, MIN, ONSET } from './general-rules-kit.js';
import { commit, deployment, errorRate, signature, span } from './helpers.js';
import { change, condition } from './rank-findings.js';

const at = (m: number) => BASE + m * MIN;
const slowDown = (reply: string) =>
  signature({
    template: 'upload of report <*> to s3://nightly-reports/<*> failed after 5 attempts: <*>',
    example: `upload of report r-8812 to s3://nightly-reports/2026/01/10/r-8812.csv.gz failed after 5 attempts: ${reply}`,
    service: 'report-exporter',
    base: BASE,
    minutes: span(ONSET, 120, 12),
  });
const layout = commit('a7a7a7a7a7a7', 'Name report objects by upload day first', at(ONSET - 60), ['report-exporter/src/main/java/com/example/exporter/ObjectNames.java']);
const sdk = commit('b8b8b8b8b8b8', 'Upgrade AWS SDK for Java to 2.30.1', at(ONSET - 50), ['report-exporter/pom.xml']);
const other = commit('c9c9c9c9c9c9', 'Show report sizes in the list', at(ONSET - 30), ['web/src/reports/list.tsx']);
const parts = (reply: string) => ({
  signatures: [slowDown(reply)],
  errorRates: [errorRate('report-exporter', BASE, 120, ONSET)],
  deployments: [deployment('report-exporter/v3.1.0', at(ONSET - 25), [sdk, layout]), deployment('web/v2.4.0', at(ONSET - 6), [other])],
  diffs: {
    [layout.sha]: '-        return hash(r.owner()) + "/" + r.owner() + "/" + r.id();\n+        return r.day() + "/" + r.owner() + "/" + r.id();',
    [sdk.sha]: '-    <aws.sdk.version>2.29.0</aws.sdk.version>\n+    <aws.sdk.version>2.30.1</aws.sdk.version>',
    [other.sha]: '+  <td>{formatBytes(report.size)}</td>',
  },
});

describe('a throttling answer', () => {
  it.each([
    'Please reduce your request rate. (Service: S3, Status Code: 503, Request ID: 9F2A)',
    'HTTP 429 Too Many Requests',
    'ThrottlingException: Rate exceeded',
    'ProvisionedThroughputExceededException: The level of configured provisioned throughput for the table was exceeded',
  ])('%j says the caller sends too much', (line) => {
    expect(THROTTLED.test(line)).toBe(true);
  });

  it.each(['503 Service Unavailable: no healthy upstream', '429 circuit_breaking_exception: [parent] Data too large', 'CPU throttling at 80% of periods'])('%j does not', (line) => {
    expect(THROTTLED.test(line)).toBe(false);
  });
});

describe('a caller throttled by a remote', () => {
  it("is the condition, in the caller, and the caller's change to its object names is blamed over its SDK bump", () => {
    const { findings, verdict } = analyze(bundleOf(parts('Please reduce your request rate. (Service: S3, Status Code: 503, Request ID: 9F2A)')));
    expect(conditions(findings, 'throttled').map((f) => f.service)).toEqual(['report-exporter']);
    expect(conditions(findings, 'dependency')).toEqual([]);
    expect(verdict.best.suspect?.sha).toBe(layout.sha);
    expect(verdict.best.category).toBe('resource_exhaustion');
    expect(verdict.best.service).toBe('report-exporter');
  });

  it('but a remote answering 503 without asking to slow down is a failing dependency, as before', () => {
    const { findings } = analyze(bundleOf(parts('503 Service Unavailable (Service: S3, Status Code: 503)')));
    expect(conditions(findings, 'throttled')).toEqual([]);
    expect(conditions(findings, 'dependency').length).toBe(1);
  });
});

describe("the throttled caller's change", () => {
  const throttled = condition({ condition: 'throttled', category: 'resource_exhaustion', service: 'report-exporter', confidence: 0.7, names: ['nightly-reports'] });
  const own = change(layout.sha, layout.message, 25, { relevance: 0.1, paths: layout.files.map((f) => f.path) });
  const bump = change(sdk.sha, sdk.message, 25, { relevance: 0.3, paths: ['report-exporter/pom.xml'] });
  const elsewhere = change(other.sha, other.message, 6, { relevance: 0.2, paths: ['web/src/reports/list.tsx'] });

  it("is the caller's own, not a dependency bump whose frames are in every trace, nor another service's", () => {
    expect(throttledBy([bump, elsewhere, own], throttled)?.change.sha).toBe(layout.sha);
    expect(throttledBy([bump, elsewhere], throttled)).toBeUndefined();
  });

  it('is none long before the onset', () => {
    expect(throttledBy([change(layout.sha, layout.message, 9 * 60, { relevance: 0.1, paths: own.paths })], throttled)).toBeUndefined();
  });
});
