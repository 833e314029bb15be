// rca.config.yaml: valid files, field errors with file:line, YAML syntax errors with position,
// extra mcpServers, flag precedence, and the launch specs built from sources.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parseConfigFlags } from '../../src/core/config-flags.js';
import { builtinServerSpecs, extraServerSpecs, packageRoot, serverLaunchSpecs, serverV8Flags } from '../../src/core/config-launch.js';
import { loadConfigFile, mergeConfig, parseConfigText, resolveConfig } from '../../src/core/config.js';
import { UsageError } from '../../src/core/errors.js';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rca-config-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error('expected a UsageError');
}

const VALID = `
sources:
  logs: [logs/, /var/log/app/*.log]
  repo: ../service
  metrics: http://prometheus:9090
  docker: snapshot.json
mcpServers:
  everything:
    command: npx
    args: ["-y", "@modelcontextprotocol/server-everything"]
    env: { GITHUB_TOKEN: "\${MY_TOKEN}" }
  k8s:
    command: mcp-server-kubernetes
    cwd: tools
model:
  name: qwen3:8b
  host: http://gpu-box:11434
limits:
  rounds: 5
  call_timeout_ms: 10000
window: 2h
`;

describe('config file', () => {
  it('loads a valid file, fills defaults and resolves paths relative to the file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'rca.config.yaml'), VALID);
    const loaded = loadConfigFile(dir);
    expect(loaded.path).toBe(join(dir, 'rca.config.yaml'));
    const c = loaded.config;
    expect(c.sources).toEqual({
      logs: [join(dir, 'logs'), '/var/log/app/*.log'],
      repo: join(dir, '..', 'service'),
      metrics: 'http://prometheus:9090',
      docker: join(dir, 'snapshot.json'),
    });
    expect(c.mcpServers.everything).toEqual({
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-everything'],
      env: { GITHUB_TOKEN: '${MY_TOKEN}' },
      disabled: false,
    });
    expect(c.mcpServers.k8s!.cwd).toBe(join(dir, 'tools'));
    expect(c.model).toEqual({ name: 'qwen3:8b', host: 'http://gpu-box:11434' });
    expect(c.limits).toEqual({ rounds: 5, call_timeout_ms: 10000, start_timeout_ms: 15000 });
    expect(c.window).toBe('2h');
  });

  it('uses defaults when there is no file, but insists on a --config path that is given', () => {
    const dir = tempDir();
    const loaded = loadConfigFile(dir);
    expect(loaded.path).toBeNull();
    expect(loaded.config.limits.rounds).toBeUndefined(); // the model loop's own default applies
    expect(loaded.config.mcpServers).toEqual({});
    const err = usageError(() => loadConfigFile(dir, 'missing.yaml'));
    expect(err.message).toBe(`config file not found: ${join(dir, 'missing.yaml')}`);
    expect(err.exitCode).toBe(2);
  });

  it('names the file, line and field of an invalid value', () => {
    const err = usageError(() => parseConfigText('sources:\n  repo: x\nlimits:\n  rounds: "many"\n', 'rca.config.yaml'));
    expect(err.message).toMatch(/^rca\.config\.yaml:4:11: limits\.rounds: /);
    expect(err.message).toContain('expected number');
    expect(err.hint).toContain('rounds');
  });

  it('names an unknown field (a typo) with its line', () => {
    const err = usageError(() => parseConfigText('source:\n  logs: [a]\n', '/etc/rca.yaml'));
    expect(err.message).toBe('/etc/rca.yaml:1:1: unknown field source');
    const nested = usageError(() => parseConfigText('sources:\n  log: [a]\n', 'c.yaml'));
    expect(nested.message).toBe('c.yaml:2:3: sources: unknown field log');
  });

  it('reports YAML syntax errors with their position', () => {
    const err = usageError(() => parseConfigText('sources:\n  logs: [a, b\nmodel:\n  name: x\n', 'bad.yaml'));
    expect(err.message).toMatch(/^bad\.yaml:\d+:\d+: invalid YAML: /);
    const tabs = usageError(() => parseConfigText('sources:\n  repo: a\n  repo: b\n', 'dup.yaml'));
    expect(tabs.message).toMatch(/^dup\.yaml:3:3: invalid YAML: .*unique/i);
  });

  it('validates extra mcpServers: a command is required, names must fit tool names, built-in names are taken', () => {
    const noCommand = usageError(() => parseConfigText('mcpServers:\n  gh:\n    args: [x]\n', 'c.yaml'));
    expect(noCommand.message).toMatch(/^c\.yaml:3:5: mcpServers\.gh\.command: /);
    const badName = usageError(() => parseConfigText('mcpServers:\n  "my server":\n    command: x\n', 'c.yaml'));
    expect(badName.message).toMatch(/^c\.yaml:2:3: mcpServers\.my server: server names use letters/);
    const doubleUnderscore = usageError(() => parseConfigText('mcpServers:\n  a__b:\n    command: x\n', 'c.yaml'));
    expect(doubleUnderscore.message).toContain('no "__"');
    const builtin = usageError(() => parseConfigText('mcpServers:\n  logs:\n    command: x\n', 'c.yaml'));
    expect(builtin.message).toBe('c.yaml:2:3: mcpServers.logs: "logs" is a built-in server; configure it under sources, or give your server another name');
    const http = usageError(() => parseConfigText('mcpServers:\n  remote:\n    url: http://x/mcp\n', 'c.yaml'));
    expect(http.message).toBe('c.yaml:3:5: mcpServers.remote.url: only stdio servers are supported; give a command (and args) that starts the server');
  });

  it('accepts a single log path as a string and the Claude Desktop "type: stdio" key', () => {
    const c = parseConfigText('sources:\n  logs: app.log\nmcpServers:\n  x:\n    type: stdio\n    command: y\n    disabled: true\n', 'c.yaml');
    expect(c.sources.logs).toEqual(['app.log']);
    expect(c.mcpServers.x!.disabled).toBe(true);
  });

  it('treats an empty file as all defaults', () => {
    expect(parseConfigText('', 'c.yaml').sources).toEqual({});
  });
});

describe('flags over file', () => {
  it('lets flags replace file values, env sit between, and drops disabled servers', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'conf'));
    writeFileSync(
      join(dir, 'conf', 'rca.yaml'),
      'sources:\n  logs: [a.log]\n  repo: repo\nmodel:\n  name: file-model\nmcpServers:\n  off:\n    command: x\n    disabled: true\n  on:\n    command: y\nat: 2025-01-01T00:00:00Z\n',
    );
    const flags = parseConfigFlags({ config: 'conf/rca.yaml', logs: ['x.log', 'y.log'], docker: true, json: true, at: '2025-03-04T14:50:00Z' });
    const r = resolveConfig(flags, dir, { OLLAMA_MODEL: 'env-model', OLLAMA_HOST: 'http://h:1' });
    expect(r.sources).toEqual({ logs: [join(dir, 'x.log'), join(dir, 'y.log')], repo: join(dir, 'conf', 'repo'), metrics: undefined, docker: true });
    expect(r.model).toEqual({ name: 'env-model', host: 'http://h:1' });
    expect(Object.keys(r.mcpServers)).toEqual(['on']);
    expect(r.at).toBe('2025-03-04T14:50:00Z');
    expect(r.configPath).toBe(join(dir, 'conf', 'rca.yaml'));
    const withModelFlag = mergeConfig(loadConfigFile(dir, 'conf/rca.yaml'), { model: 'flag-model' }, dir, { OLLAMA_MODEL: 'env-model' });
    expect(withModelFlag.model.name).toBe('flag-model');
    expect(withModelFlag.at).toBe('2025-01-01T00:00:00Z');
  });

  it("keeps the file's model settings (num_predict, deadlines, tools) under a name from a flag or the environment", () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'rca.config.yaml'), 'model:\n  name: file-model\n  num_predict: 96\n  first_token_timeout_ms: 5000\n  timeout_ms: 9000\n  tools: all\n');
    const r = resolveConfig(parseConfigFlags({ model: 'flag-model' }), dir, { OLLAMA_HOST: 'http://h:1' });
    expect(r.model).toEqual({ name: 'flag-model', host: 'http://h:1', num_predict: 96, first_token_timeout_ms: 5000, timeout_ms: 9000, tools: 'all' });
  });

  it('turns a relative --at into an ISO time against the clock, and takes compound windows', () => {
    const now = () => Date.parse('2026-02-17T15:00:00Z');
    expect(parseConfigFlags({ at: '30m ago' }, now).at).toBe('2026-02-17T14:30:00.000Z');
    expect(parseConfigFlags({ at: 'now-2h' }, now).at).toBe('2026-02-17T13:00:00.000Z');
    expect(parseConfigFlags({ at: '2026-02-17T14:50:00Z' }, now).at).toBe('2026-02-17T14:50:00Z');
    expect(parseConfigFlags({ window: '1h30m' }, now).window).toBe('1h30m');
  });

  it('rejects bad flag values with the flag name', () => {
    expect(usageError(() => parseConfigFlags({ at: 'yesterday' })).message).toMatch(/^--at: use an ISO-8601 time/);
    expect(usageError(() => parseConfigFlags({ window: '2 hours' })).message).toMatch(/^--window: use a duration/);
    expect(usageError(() => parseConfigFlags({ at: 'now+2h' })).message).toMatch(/^--at: use an ISO-8601 time .*"30m ago"/);
    expect(usageError(() => parseConfigFlags({ callTimeoutMs: '5' })).message).toMatch(/^--call-timeout-ms: /);
  });
});

describe('launch specs', () => {
  const root = packageRoot();

  it('finds the package root from the source tree', () => {
    expect(root).toBe(join(import.meta.dirname, '..', '..'));
  });

  it('turns each source into its built-in server command, with --at when fixed', () => {
    const specs = builtinServerSpecs(
      { logs: ['/l/a.log', '/l/dir'], repo: '/r', metrics: '/m/metrics.om', docker: 'unix:///run/docker.sock' },
      { at: '2025-03-04T14:50:00Z', root, env: { DOCKER_HOST: 'unix:///x', SECRET_TOKEN: 'no' } },
    );
    const dist = (n: string) => join(root, 'dist', 'bundle', `${n}-server.mjs`);
    const at = ['--at', '2025-03-04T14:50:00Z'];
    const v8 = serverV8Flags();
    expect(specs.map((s) => [s.name, s.command, s.args])).toEqual([
      ['logs', process.execPath, [...v8, '--max-semi-space-size=2', dist('logs'), '--source', '/l/a.log', '--source', '/l/dir', ...at]],
      ['git', process.execPath, [...v8, dist('git'), '--repo', '/r', ...at]],
      ['metrics', process.execPath, [...v8, dist('metrics'), '--file', '/m/metrics.om', ...at]],
      ['docker', process.execPath, [...v8, dist('docker'), '--socket', '/run/docker.sock', ...at]],
    ]);
    expect(specs[0]!.env).toEqual({ DOCKER_HOST: 'unix:///x' });
    expect(specs.every((s) => s.builtin)).toBe(true);
  });

  it('gives the servers the V8 tiering flag only where this V8 knows it (Node 20), one-thread GC everywhere, and node starts with them', async () => {
    expect(serverV8Flags('11.3.244.8-node.28')).toEqual(['--interrupt-budget=4325376', '--single-threaded-gc']);
    expect(serverV8Flags('12.4.254.21-node.33')).toEqual(['--single-threaded-gc']);
    expect(serverV8Flags('13.6.233.10-node.1')).toEqual(['--single-threaded-gc']);
    // Node refuses a V8 flag it does not know ("bad option"): the flags chosen for this Node must start it.
    const { execFileSync } = await import('node:child_process');
    expect(execFileSync(process.execPath, [...serverV8Flags(), '-e', 'process.stdout.write("up")'], { encoding: 'utf8' })).toBe('up');
  });

  it('picks --prometheus for URLs, --snapshot for .json and no flag for the default socket', () => {
    const [metrics, docker] = builtinServerSpecs({ logs: [], metrics: 'http://prom:9090', docker: '/s/snapshot.json' }, { root });
    const afterBundle = (args: string[]) => args.slice(args.findIndex((a) => a.endsWith('-server.mjs')) + 1);
    expect(afterBundle(metrics!.args)).toEqual(['--prometheus', 'http://prom:9090']);
    expect(afterBundle(docker!.args)).toEqual(['--snapshot', '/s/snapshot.json']);
    expect(afterBundle(builtinServerSpecs({ logs: [], docker: true }, { root })[0]!.args)).toEqual([]);
    expect(builtinServerSpecs({ logs: [] }, { root })).toEqual([]);
  });

  it('expands ${VAR} in extra servers and puts built-ins first', () => {
    const extras = extraServerSpecs(
      { gh: { command: 'gh-mcp', args: ['--user', '$USER_NAME'], env: { TOKEN: '${GH}' }, disabled: false, timeout: 5000 } },
      { GH: 'abc', USER_NAME: 'ann' },
    );
    expect(extras).toEqual([
      { name: 'gh', command: 'gh-mcp', args: ['--user', 'ann'], env: { TOKEN: 'abc' }, cwd: undefined, builtin: false, callTimeoutMs: 5000 },
    ]);
    const all = serverLaunchSpecs({ sources: { logs: ['/a'] }, mcpServers: { x: { command: 'x', args: [], env: {}, disabled: false } } }, {}, root);
    expect(all.map((s) => s.name)).toEqual(['logs', 'x']);
  });
});
