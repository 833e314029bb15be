// One database path for every command: `db:` in rca.config.yaml is where `rca` saves and where `rca history`,
// `rca show` and the runbook commands read, unless --db or INCIDENT_COPILOT_DB say otherwise (built CLI).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { cliBuilt, REPO_ROOT, runCli, runCliJson } from '../helpers/cli.js';

const DEMO = join(REPO_ROOT, 'fixtures', 'checkout-500');
const rowsSchema = z.array(z.object({ id: z.string(), incident: z.string() }));
const execsSchema = z.array(z.object({ execution_id: z.string(), runbook_id: z.string() }));

const RUNBOOK = `id: RB-CONFIG-DB
title: Says hello
steps:
  - id: hello
    run: [echo, hello]
`;

describe.skipIf(!cliBuilt('rca') || !cliBuilt('runbook'))('db: in rca.config.yaml (built CLI)', () => {
  it('is the history of rca, rca history, rca show and every runbook command', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-db-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'work'));
    const cwd = join(dir, 'work');
    // Relative to the config file, not to the working directory.
    writeFileSync(join(cwd, 'rca.config.yaml'), `db: ./state/x.db\nsources:\n  logs: [${join(DEMO, 'logs')}]\n  metrics: ${join(DEMO, 'metrics', 'metrics.om')}\n`);
    mkdirSync(join(cwd, 'state'));
    writeFileSync(join(cwd, 'rb.yaml'), RUNBOOK);
    const db = join(cwd, 'state', 'x.db');
    const xdg = join(dir, 'xdg');
    const env = { INCIDENT_COPILOT_DB: undefined, XDG_DATA_HOME: xdg };

    const inv = await runCli('rca', ['checkout is slow', '--at', '2026-02-17T15:00:00Z', '--offline', '--json', '--quiet'], { cwd, env });
    expect(inv.exitCode, inv.stderr).toBe(0);
    expect(existsSync(db)).toBe(true);

    const history = await runCliJson<unknown>('rca', ['history', '--json'], { cwd, env });
    const rows = rowsSchema.parse(history.json);
    expect(rows.map((r) => r.incident)).toEqual(['checkout is slow']);
    const shown = await runCli('rca', ['show', rows[0]!.id, '--json'], { cwd, env });
    expect(shown.exitCode, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual(JSON.parse(inv.stdout));

    const exec = await runCli('runbook', ['exec', 'rb.yaml', '--json'], { cwd, env });
    expect(exec.exitCode, exec.stderr).toBe(0);
    const execs = await runCliJson<unknown>('runbook', ['history', '--json'], { cwd, env });
    expect(execsSchema.parse(execs.json).map((e) => e.runbook_id)).toEqual(['RB-CONFIG-DB']);
    const listed = await runCliJson<Array<{ id: string; source: string }>>('runbook', ['list', '--json'], { cwd, env });
    expect(listed.json.some((r) => r.id === 'RB-CONFIG-DB' && r.source === 'db')).toBe(true);
    // Nothing went to the default location.
    expect(existsSync(join(xdg, 'incident-copilot', 'copilot.db'))).toBe(false);
  });

  it('gives way to INCIDENT_COPILOT_DB, and --db wins over both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-db-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'rca.config.yaml'), 'db: ./config.db\n');
    writeFileSync(join(dir, 'rb.yaml'), RUNBOOK);
    const fromEnv = join(dir, 'env.db');
    const env = { INCIDENT_COPILOT_DB: fromEnv, XDG_DATA_HOME: join(dir, 'xdg') };
    const viaEnv = await runCli('runbook', ['exec', 'rb.yaml', '--json'], { cwd: dir, env });
    expect(viaEnv.exitCode, viaEnv.stderr).toBe(0);
    expect(existsSync(fromEnv)).toBe(true);
    expect(existsSync(join(dir, 'config.db'))).toBe(false);
    const flag = join(dir, 'flag.db');
    const viaFlag = await runCli('runbook', ['exec', 'rb.yaml', '--json', '--db', flag], { cwd: dir, env });
    expect(viaFlag.exitCode, viaFlag.stderr).toBe(0);
    const inFlag = await runCliJson<unknown>('runbook', ['history', '--json', '--db', flag], { cwd: dir, env });
    expect(execsSchema.parse(inFlag.json)).toHaveLength(1);
    const inEnv = await runCliJson<unknown>('runbook', ['history', '--json'], { cwd: dir, env });
    expect(execsSchema.parse(inEnv.json)).toHaveLength(1);
  });
});
