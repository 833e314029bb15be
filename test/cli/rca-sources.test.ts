// Sources as a person meets them, through the built CLI: logs piped in (a pipe, `--logs -`), and sources that
// do not answer (a refused Prometheus port, a missing Docker socket, an empty log directory) named with the
// servers' own words in the progress lines, the report and `rca servers`.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { reportSchema } from '../../src/core/report.js';
import { cliBuilt, REPO_ROOT, runCli, runCliJson } from '../helpers/cli.js';

const DEMO_LOGS = join(REPO_ROOT, 'fixtures', 'checkout-500', 'logs');
const AT = '2026-02-17T15:00:00Z';
const allLogs = () => readdirSync(DEMO_LOGS).map((f) => readFileSync(join(DEMO_LOGS, f), 'utf8')).join('');
/** The two services of the incident only: a smaller pipe for the combined-sources case. */
const incidentLogs = () => ['checkout.log', 'postgres.log'].map((f) => readFileSync(join(DEMO_LOGS, f), 'utf8')).join('');

function home() {
  const dir = mkdtempSync(join(tmpdir(), 'rca-src-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  // TMPDIR inside the test's dir: the stdin copy must be gone when rca ends.
  mkdirSync(join(dir, 'tmp'));
  return { dir, env: { INCIDENT_COPILOT_DB: join(dir, 'h.db'), OLLAMA_MODEL: undefined, TMPDIR: join(dir, 'tmp') } };
}

/** A port nothing listens on: bound by the OS, then released. */
async function refusedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe.skipIf(!cliBuilt('rca'))('sources (built CLI)', () => {
  it('reads logs piped in when no source is configured, and removes its copy afterwards', async () => {
    const h = home();
    const r = await runCliJson<unknown>('rca', ['checkout down', '--at', AT, '--json'], { cwd: h.dir, env: h.env, input: allLogs() });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = reportSchema.parse(r.json);
    expect(report.demo).toBeUndefined();
    expect(report.root_cause.service).toBe('checkout');
    expect(report.evidence.some((e) => e.tool.startsWith('logs__') && /QueuePool limit|too many clients/.test(e.quote))).toBe(true);
    expect(readdirSync(join(h.dir, 'tmp'))).toEqual([]);
  });

  it('--logs - takes stdin next to other sources; an empty pipe with --logs - is exit 2', async () => {
    const h = home();
    const metrics = join(REPO_ROOT, 'fixtures', 'checkout-500', 'metrics', 'metrics.om');
    const r = await runCliJson<unknown>('rca', ['checkout down', '--logs', '-', '--metrics', metrics, '--at', AT, '--json', '--quiet'], { cwd: h.dir, env: h.env, input: incidentLogs() });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = reportSchema.parse(r.json);
    expect(report.tool_calls.some((c) => c.tool.startsWith('logs__'))).toBe(true);
    expect(report.tool_calls.some((c) => c.tool.startsWith('metrics__'))).toBe(true);
    // The piped logs were read: error entries counted from them, and their signatures on the timeline.
    expect(report.tool_calls.find((c) => c.tool === 'logs__error_signatures')?.ok).toBe(true);
    expect(report.impact?.error_entries).toBeGreaterThan(0);
    const empty = await runCli('rca', ['checkout down', '--logs', '-', '--quiet'], { cwd: h.dir, env: h.env, input: '' });
    expect(empty.exitCode).toBe(2);
    expect(empty.stderr).toMatch(/--logs -: nothing came in on stdin/);
    expect(readdirSync(join(h.dir, 'tmp'))).toEqual([]);
  });

  it('an empty pipe and no source is the no-source error (exit 2), not the demo', async () => {
    const h = home();
    const r = await runCli('rca', ['checkout down'], { cwd: h.dir, env: h.env, input: '' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/no sources to read/);
  });

  it('a refused Prometheus and a missing Docker socket: the servers\' words in the progress lines and the report', async () => {
    const h = home();
    const port = await refusedPort();
    const socket = join(h.dir, 'no-docker.sock');
    const r = await runCliJson<unknown>(
      'rca',
      ['checkout down', '--logs', DEMO_LOGS, '--metrics', `http://127.0.0.1:${port}`, '--docker', socket, '--at', AT, '--json'],
      { cwd: h.dir, env: h.env },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^rca: FAILED metrics__\\w+ \\(\\d+ ms\\): .*Prometheus at http://127\\.0\\.0\\.1:${port} is not reachable \\(ECONNREFUSED\\)`, 'm'));
    expect(r.stderr).toMatch(new RegExp(`^rca: FAILED docker__\\w+ \\(\\d+ ms\\): .*Docker socket ${socket.replace(/[.]/g, '\\.')} does not exist`, 'm'));
    const notices = reportSchema.parse(r.json).notices ?? [];
    expect(notices).toContainEqual(expect.stringMatching(new RegExp(`^not read: metrics — Prometheus at http://127\\.0\\.0\\.1:${port} is not reachable \\(ECONNREFUSED\\)`)));
    expect(notices).toContainEqual(expect.stringMatching(/^not read: docker — Docker socket .* does not exist: start dockerd/));
    // The text report shows the same lines to a reader.
    const text = await runCli('rca', ['checkout down', '--logs', DEMO_LOGS, '--metrics', `http://127.0.0.1:${port}`, '--docker', socket, '--at', AT, '--quiet'], { cwd: h.dir, env: h.env });
    expect(text.stdout).toMatch(/^ {2}- not read: metrics — Prometheus at /m);
  });

  it('rca servers: exit 1 when a source does not answer, each with its reason', async () => {
    const h = home();
    const port = await refusedPort();
    const logs = join(h.dir, 'empty-logs');
    mkdirSync(logs);
    const socket = join(h.dir, 'no-docker.sock');
    const r = await runCli('rca', ['servers', '--logs', logs, '--metrics', `http://127.0.0.1:${port}`, '--docker', socket], { cwd: h.dir, env: h.env });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/^logs +ready +no /m);
    expect(r.stdout).toMatch(/^metrics +ready +no /m);
    expect(r.stdout).toMatch(/^docker +ready +no /m);
    expect(r.stdout).toContain('does not answer: no readable log file');
    expect(r.stdout).toContain(`does not answer: Prometheus at http://127.0.0.1:${port} is not reachable (ECONNREFUSED)`);
    expect(r.stdout).toMatch(/does not answer: Docker socket .*no-docker\.sock does not exist/);
    const ok = await runCli('rca', ['servers', '--logs', DEMO_LOGS], { cwd: h.dir, env: h.env });
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toMatch(/^logs +ready +yes /m);
  });
});
