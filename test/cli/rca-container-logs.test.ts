// End to end on Kubernetes container logs: the kubelet's /var/log/containers layout with the real Spring Boot
// trace of fixtures/log-shapes (CRI) repeated from an onset, and nginx's error log in front. The built CLI and the
// real logs server must carry the exception chain's root cause, the pod and the namespace into the report.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { reportSchema } from '../../src/core/report.js';
import { cliBuilt, REPO_ROOT, runCliJson } from '../helpers/cli.js';

const SHAPES = join(REPO_ROOT, 'fixtures', 'log-shapes');
const POD = 'ts-order-service-7d9f8b6c5-x2x9q';
const FILE = `${POD}_train-ticket_ts-order-service-4c7a0d7f2b1e9c3a5d6f8e0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d.log`;
const START = Date.parse('2026-03-01T09:30:00Z');
const ONSET = Date.parse('2026-03-01T10:03:41Z');
const AT = '2026-03-01T10:10:00Z';

/** The sample's lines re-stamped at `t`: the runtime's RFC 3339 stamp and Spring's own local stamp. */
function restamp(lines: string[], t: number): string[] {
  const iso = new Date(t).toISOString();
  const spring = iso.replace('T', ' ').slice(0, 23);
  return lines.map((l) => l.replace(/^\S+/, iso.replace('Z', '000000Z')).replace(/ (stdout|stderr) ([FP]) \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}/, ` $1 $2 ${spring}`));
}

/** Half an hour of a healthy order service, then the sample's JDBC failure trace every 20 s from the onset. */
function containerLog(): string {
  const sample = readFileSync(join(SHAPES, 'spring-boot.cri.log'), 'utf8').split('\n').filter(Boolean);
  const info = sample.filter((l) => / INFO /.test(l) && /OrderController/.test(l));
  const first = sample.findIndex((l) => / ERROR /.test(l));
  const trace = sample.slice(first, sample.findIndex((l, i) => i > first && / (WARN|INFO) /.test(l)));
  expect(trace.some((l) => l.includes('Caused by: java.net.ConnectException'))).toBe(true);
  const entries: Array<[number, string[]]> = [];
  for (let t = START; t < Date.parse(AT); t += 10_000) entries.push([t, restamp(info, t)]);
  for (let t = ONSET + 500; t < Date.parse(AT); t += 20_000) entries.push([t, restamp(trace, t)]);
  return `${entries.sort((a, b) => a[0] - b[0]).flatMap(([, lines]) => lines).join('\n')}\n`;
}

describe.skipIf(!cliBuilt('rca'))('rca --offline on Kubernetes container logs (needs the build)', () => {
  it('names the root exception of the chain, the pod and its namespace in the evidence and timeline', { timeout: 90_000 }, async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'rca-k8s-'));
    onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));
    const logs = join(tmp, 'var', 'log', 'containers');
    mkdirSync(logs, { recursive: true });
    writeFileSync(join(logs, FILE), containerLog());
    const args = ['orders failing with 500s', '--logs', logs, '--at', AT, '--window', '1h', '--offline', '--json'];
    const r = await runCliJson<unknown>('rca', args, { cwd: tmp, env: { INCIDENT_COPILOT_DB: join(tmp, 'h.db') }, timeoutMs: 85_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = reportSchema.parse(r.json);
    expect(report.root_cause.service).toBe('ts-order-service');
    const root = report.evidence.find((e) => e.detail.startsWith('its root cause'));
    expect(root, JSON.stringify(report.evidence, null, 1)).toBeDefined();
    expect(root!.quote).toBe('java.net.ConnectException: Connection refused (Connection refused)');
    expect(root!.detail).toContain('the innermost of 4 chained exceptions');
    expect(root!.detail).toContain(`in ts-order-service, pod ${POD} in train-ticket`);
    expect(root!.verified).toBe(true);
    // The onset is the first trace, told with its service, pod and root cause.
    expect(report.onset).toBe('2026-03-01T10:03:41.500Z');
    const first = report.timeline.find((t) => t.time === report.onset && t.source === 'logs');
    expect(first?.event).toContain(`in ts-order-service (pod ${POD} in train-ticket); root cause java.net.ConnectException`);
  });
});
