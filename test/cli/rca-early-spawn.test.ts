// The built rca spawns its built-in servers before it loads the MCP client, its schemas, the engine and the store
// (observed with an import hook, test/cli/fixtures/load-order.mjs), and spawns nothing for commands that start no server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, onTestFinished } from 'vitest';
import { cliBuilt, REPO_ROOT } from '../helpers/cli.js';

const HOOK = resolve(import.meta.dirname, 'fixtures', 'load-order.mjs');

/** Runs bin/rca.js with the load-order hook; `events` are its SPAWN and LOAD lines, in order. */
async function tracedRca(args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'rca-early-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const r = await execa(process.execPath, ['--import', HOOK, resolve(REPO_ROOT, 'bin', 'rca.js'), ...args], {
    cwd: dir,
    env: { NO_COLOR: '1', INCIDENT_COPILOT_DB: join(dir, 'h.db'), XDG_CACHE_HOME: join(dir, 'cache'), OLLAMA_MODEL: '' },
    extendEnv: true,
    input: '',
    reject: false,
    timeout: 60_000,
  });
  const stderr = String(r.stderr);
  const events = stderr.split('\n').filter((l) => /^(SPAWN|LOAD) /.test(l));
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr, events };
}

describe.skipIf(!cliBuilt())('rca spawns its servers first (built CLI)', () => {
  it('spawns every built-in server of the demo before the MCP client, its schemas, the engine and the store load', async () => {
    const r = await tracedRca(['demo', '--offline', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ demo: true });
    const spawns = r.events.filter((e) => /^SPAWN \w+-server\.mjs$/.test(e));
    expect(spawns.sort()).toEqual(['SPAWN docker-server.mjs', 'SPAWN git-server.mjs', 'SPAWN logs-server.mjs', 'SPAWN metrics-server.mjs']);
    const lastSpawn = Math.max(...spawns.map((s) => r.events.indexOf(s)));
    for (const name of ['sdk-client', 'sdk-types', 'engine', 'store']) {
      // Each is loaded in the run (so the hook sees it), and only after the last server was spawned.
      const loaded = r.events.indexOf(`LOAD ${name}`);
      expect(loaded, `${name} loaded: ${r.events.join(', ')}`).toBeGreaterThanOrEqual(0);
      expect(loaded, `${name} loaded after the spawns: ${r.events.join(', ')}`).toBeGreaterThan(lastSpawn);
    }
  });

  it.each([
    ['--help', ['--help'], 0],
    ['--version', ['--version'], 0],
    ['show', ['show', 'inv-nope'], 2],
    ['a bad flag', ['checkout is down', '--logs', '/tmp', '--bogus'], 2],
    ['a bad --format', ['checkout is down', '--logs', '/tmp', '--format', 'yaml'], 2],
    ['a bad --audience', ['demo', '--audience', 'board'], 2],
  ] as const)('spawns no process for %s', async (_what, args, code) => {
    const r = await tracedRca([...args]);
    expect(r.exitCode, r.stderr).toBe(code);
    expect(r.events.filter((e) => e.startsWith('SPAWN'))).toEqual([]);
    // No server's words reach the terminal.
    expect(r.stderr).not.toMatch(/serving on stdio|server ready|starting \w+ server/);
  });
});
