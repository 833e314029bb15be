// Generality check through the real hub and servers: the shared samples rewritten into other log formats,
// service names, wordings and repositories (built here with fixed dates) must still come out right.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { builtinServerSpecs } from '../../src/core/config-launch.js';
import { startHub } from '../../src/mcp/index.js';
import { investigateOffline } from '../../src/rca/engine.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SCENARIOS = join(ROOT, 'fixtures', 'shared-sample');
const available = ['logs', 'git', 'metrics'].every((s) => existsSync(join(ROOT, 'dist', 'servers', s, 'index.js')));

interface Entry {
  '@timestamp': string;
  level: string;
  service: string;
  message: string;
}

function readJsonLog(path: string): Entry[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Entry);
}

/** A repository with commits and annotated release tags at fixed dates; returns the sha of each commit by message. */
function buildRepo(dir: string, commits: Array<{ time: string; msg: string; files: Record<string, string>; tag?: [string, string] }>): Record<string, string> {
  const git = (args: string[], env: Record<string, string> = {}) =>
    execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', ...env } }).trim();
  mkdirSync(dir, { recursive: true });
  git(['init', '-q', '-b', 'main']);
  git(['config', 'user.email', 'dev@example.com']);
  git(['config', 'user.name', 'Dev']);
  const shas: Record<string, string> = {};
  for (const c of commits) {
    for (const [path, content] of Object.entries(c.files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
      git(['add', path]);
    }
    git(['commit', '-q', '-m', c.msg], { GIT_AUTHOR_DATE: c.time, GIT_COMMITTER_DATE: c.time });
    shas[c.msg] = git(['rev-parse', 'HEAD']);
    if (c.tag) git(['tag', '-a', c.tag[0], '-m', `Deploy ${c.tag[0]}`], { GIT_COMMITTER_DATE: c.tag[1] });
  }
  return shas;
}

async function runOn(dir: string, at: string, incident: string) {
  const metrics = join(dir, 'metrics.om');
  const hub = await startHub({
    servers: builtinServerSpecs({ logs: [join(dir, 'logs')], repo: join(dir, 'repo'), ...(existsSync(metrics) ? { metrics } : {}) }, { at, root: ROOT }),
  });
  onTestFinished(() => hub.close());
  return investigateOffline({ incident, at, caller: hub, events: () => {} });
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rca-variant-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'logs'));
  return dir;
}

describe.skipIf(!available)('offline engine on rewritten samples (fixtures/shared-sample; needs the build)', () => {
  it('pool exhaustion as logfmt, another service, JDBC pool wording and a Java repository', { timeout: 60_000 }, async () => {
    const src = join(SCENARIOS, 'pool-exhaustion-101');
    const dir = tempDir();
    const lines = readJsonLog(join(src, 'logs', 'orders.log')).map((e) => {
      const service = e.service === 'orders' ? 'inventory' : e.service;
      const msg = e.message.replace(/QueuePool limit of size \d+ overflow \d+ reached, connection timed out, timeout [\d.]+/, 'HikariPool-1 - Connection is not available, request timed out after 3000ms.');
      return `time=${e['@timestamp']} level=${e.level} service=${service} msg="${msg.replace(/"/g, "'")}"`;
    });
    writeFileSync(join(dir, 'logs', 'inventory.log'), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'metrics.om'), readFileSync(join(src, 'metrics', 'metrics.om'), 'utf8').replaceAll('service="orders"', 'service="inventory"'));
    const yml = (n: number) => `spring:\n  datasource:\n    url: jdbc:postgresql://db:5432/inv\n    hikari:\n      maximumPoolSize: ${n}\n      connectionTimeout: 3000\n`;
    const shas = buildRepo(join(dir, 'repo'), [
      { time: '2025-07-01T10:00:00Z', msg: 'Initial inventory service', files: { 'inventory/src/main/resources/application.yml': yml(30), 'inventory/src/main/java/com/acme/StockController.java': 'class StockController {}\n' }, tag: ['v5.0.0', '2025-07-01T11:00:00Z'] },
      { time: '2025-08-02T17:40:00Z', msg: 'Add stock reservation endpoint', files: { 'inventory/src/main/java/com/acme/ReservationController.java': 'class ReservationController { void reserve() {} }\n' } },
      { time: '2025-08-02T17:55:00Z', msg: 'Align datasource settings with staging', files: { 'inventory/src/main/resources/application.yml': yml(10) }, tag: ['v5.1.0', '2025-08-02T18:21:00Z'] },
    ]);
    const report = await runOn(dir, '2025-08-02T18:57:00Z', 'inventory API returning errors');
    expect(report.root_cause.suspect_change?.sha).toBe(shas['Align datasource settings with staging']);
    expect(['resource_exhaustion', 'config_error']).toContain(report.root_cause.category);
    expect(report.root_cause.service).toBe('inventory');
    expect(report.ruled_out.some((r) => r.what.includes('Add stock reservation endpoint'))).toBe(true);
  });

  it('dependency outage as Python logging, another upstream named only in URLs and words, no metrics', { timeout: 60_000 }, async () => {
    const src = join(SCENARIOS, 'dependency-outage-102');
    const dir = tempDir();
    const lines = readJsonLog(join(src, 'logs', 'orders.log')).map((e) => {
      const service = e.service === 'orders' ? 'payments' : e.service;
      const msg = e.message
        .replace(/request to payment-gateway timed out after (\d+)ms/, 'POST http://fraud-check.svc.cluster.local:8080/v2/score failed: ReadTimeout after $1ms')
        .replace('upstream payment-gateway returned 503 Service Unavailable', 'fraud-check responded 503')
        .replace(/circuit breaker OPEN for payment-gateway \(failures=(\d+)\/\d+\)/, 'breaker fraud-check state=open failures=$1');
      const t = e['@timestamp'];
      return `${t.slice(0, 10)} ${t.slice(11, 19)},${t.slice(20, 23)} ${e.level.toUpperCase()} ${service}.app: ${msg}`;
    });
    writeFileSync(join(dir, 'logs', 'payments.log'), `${lines.join('\n')}\n`);
    buildRepo(join(dir, 'repo'), [
      { time: '2025-03-01T10:00:00Z', msg: 'Initial payments service', files: { 'payments/app/handlers/charge.py': 'def charge(): pass\n', 'payments/README.md': '# payments\n' }, tag: ['v1.0.0', '2025-03-01T11:00:00Z'] },
      { time: '2025-03-18T19:20:00Z', msg: 'Add refund endpoint', files: { 'payments/app/handlers/refund.py': 'def refund(order):\n    return order.total\n' } },
      { time: '2025-03-18T19:25:00Z', msg: 'Update checkout page copy', files: { 'payments/README.md': '# payments\nCheckout service.\n' }, tag: ['v1.1.0', '2025-03-18T19:37:00Z'] },
    ]);
    const report = await runOn(dir, '2025-03-18T20:07:00Z', 'payments errors and timeouts');
    expect(report.root_cause.suspect_change).toBeNull();
    expect(report.root_cause.category).toBe('dependency_failure');
    expect(report.root_cause.service).toBe('fraud-check');
    expect(report.ruled_out.some((r) => r.what.includes('v1.1.0'))).toBe(true);
  });
});
