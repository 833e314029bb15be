// `incident-copilot` as a package: what `npm pack` puts in the tarball is enough to run `rca demo` and to use
// a server bin from the MCP Inspector, installed outside the checkout the way `npm install -g` lays it out
// (package under lib/node_modules, bins linked from bin/). No network: the dependencies are the checkout's.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, onTestFinished } from 'vitest';
import { reportSchema } from '../../src/core/report.js';
import { cliBuilt, REPO_ROOT } from '../helpers/cli.js';

const BINS = ['rca', 'runbook', 'incident-logs-server', 'incident-git-server', 'incident-metrics-server', 'incident-docker-server'];

describe.skipIf(!cliBuilt('rca'))('the packed package (npm pack)', () => {
  it('installs from the tarball outside the checkout: rca demo runs and a server answers the Inspector', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rca-pack-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    // --ignore-scripts: the build is already there (prepare would rebuild it).
    const packed = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: REPO_ROOT, encoding: 'utf8' })) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const files = packed[0]!.files.map((f) => f.path);
    for (const f of ['dist/bundle/rca.mjs', 'dist/bundle/logs-server.mjs', 'dist/bundle/logs-server.cjs', 'dist/bundle/code-cache.cjs', 'dist/bundle/logs-scan-worker.mjs', 'bin/rca.js', 'fixtures/checkout-500/repo.bundle', 'README.md']) expect(files).toContain(f);
    expect(files.some((f) => f.startsWith('runbooks/') && f.endsWith('.yaml'))).toBe(true);
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.endsWith('.map'))).toEqual([]);

    // The global layout: <prefix>/lib/node_modules/incident-copilot and <prefix>/bin/<name> -> its bin script.
    const prefix = join(dir, 'prefix');
    const pkg = join(prefix, 'lib', 'node_modules', 'incident-copilot');
    mkdirSync(pkg, { recursive: true });
    execFileSync('tar', ['xzf', join(dir, packed[0]!.filename), '-C', pkg, '--strip-components=1']);
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(pkg, 'node_modules'));
    mkdirSync(join(prefix, 'bin'));
    const binOf: Record<string, string> = { rca: 'rca.js', runbook: 'runbook.js', 'incident-logs-server': 'logs-server.js', 'incident-git-server': 'git-server.js', 'incident-metrics-server': 'metrics-server.js', 'incident-docker-server': 'docker-server.js' };
    for (const b of BINS) symlinkSync(join(pkg, 'bin', binOf[b]!), join(prefix, 'bin', b));
    expect(readdirSync(join(prefix, 'bin')).sort()).toEqual([...BINS].sort());

    const work = join(dir, 'elsewhere');
    mkdirSync(work);
    const env = { PATH: `${join(prefix, 'bin')}:${process.env.PATH}`, XDG_CACHE_HOME: join(dir, 'cache'), INCIDENT_COPILOT_DB: join(dir, 'h.db'), OLLAMA_MODEL: undefined, NO_COLOR: '1' };
    const demo = await execa('rca', ['demo', '--json', '--quiet'], { cwd: work, env, extendEnv: true, reject: false, input: '' });
    expect(demo.exitCode, demo.stderr).toBe(0);
    const report = reportSchema.parse(JSON.parse(demo.stdout));
    expect(report.demo).toBe(true);
    expect(report.root_cause.category).toBe('resource_exhaustion');
    // The servers it started kept their compiled code under the user's cache directory for the next run.
    expect(readdirSync(join(dir, 'cache', 'incident-copilot', 'code-cache')).some((f) => f.startsWith('logs-server.cjs-'))).toBe(true);

    // As the README shows for Claude Desktop / the Inspector: the bin name as the command.
    const inspectorDir = join(REPO_ROOT, 'node_modules', '@modelcontextprotocol', 'inspector-cli', 'build');
    const inspector = join(inspectorDir, 'index.js');
    const logs = join(pkg, 'fixtures', 'checkout-500', 'logs');
    const listed = await execa(process.execPath, [inspector, 'incident-logs-server', '--source', logs, '--method', 'tools/list'], { cwd: inspectorDir, env, extendEnv: true, reject: false, input: '' });
    expect(listed.exitCode, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { tools: Array<{ name: string }> }).tools.map((t) => t.name)).toContain('list_sources');
    const version = await execa('incident-logs-server', ['--version'], { cwd: work, env, extendEnv: true, input: '' });
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
