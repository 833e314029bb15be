// History round trip through the real CLI: an investigation stored with --db (or INCIDENT_COPILOT_DB) is
// listed by `rca history` and rendered again, identically, by `rca show <id>` in every format.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { cliBuilt, REPO_ROOT, runCli, runCliJson } from '../helpers/cli.js';

const DEMO = join(REPO_ROOT, 'fixtures', 'checkout-500');
const historySchema = z.array(
  z.object({ id: z.string(), incident: z.string(), category: z.string().nullable(), service: z.string().nullable(), window: z.object({ from: z.string(), to: z.string() }) }),
);

describe.skipIf(!cliBuilt('rca'))('rca history and rca show (needs `npx tsc -p tsconfig.build.json`)', () => {
  it('stores each investigation and renders it again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rca-history-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const db = join(dir, 'nested', 'history.db');
    const env = { INCIDENT_COPILOT_DB: undefined, XDG_DATA_HOME: join(dir, 'xdg') };

    const empty = await runCliJson<unknown[]>('rca', ['history', '--json', '--db', db], { env });
    expect(empty.exitCode).toBe(0);
    expect(empty.json).toEqual([]);

    const sources = ['--logs', join(DEMO, 'logs'), '--metrics', join(DEMO, 'metrics', 'metrics.om'), '--at', '2026-02-17T15:00:00Z', '--offline'];
    const first = await runCli('rca', ['checkout is slow', ...sources, '--json', '--db', db, '--quiet'], { env });
    expect(first.exitCode, first.stderr).toBe(0);
    // The second run finds the same file through the environment variable instead of --db.
    const second = await runCli('rca', ['500 errors on checkout', ...sources, '--json', '--quiet'], { env: { ...env, INCIDENT_COPILOT_DB: db } });
    expect(second.exitCode, second.stderr).toBe(0);

    const list = await runCliJson<unknown>('rca', ['history', '--json', '--db', db], { env });
    const rows = historySchema.parse(list.json);
    expect(rows.map((r) => r.incident).sort()).toEqual(['500 errors on checkout', 'checkout is slow']);
    expect(rows.every((r) => r.window.to === '2026-02-17T15:00:00.000Z')).toBe(true);
    const row = rows.find((r) => r.incident === 'checkout is slow')!;
    expect(row.service).toBe('checkout');

    const table = await runCli('rca', ['history', '--db', db], { env });
    expect(table.stdout).toContain(row.id);
    expect(table.stdout).toMatch(/^ID\s+CREATED\s+CATEGORY/);

    const shownJson = await runCli('rca', ['show', row.id, '--format', 'json', '--db', db], { env });
    expect(shownJson.exitCode).toBe(0);
    expect(JSON.parse(shownJson.stdout)).toEqual(JSON.parse(first.stdout));
    const shownMd = await runCli('rca', ['show', row.id, '--format', 'markdown', '--db', db], { env });
    expect(shownMd.stdout).toContain('## Root Cause');
    const shownText = await runCli('rca', ['show', row.id, '--db', db], { env });
    expect(shownText.stdout).toMatch(/^Root cause: /);
    expect(shownText.stdout).toContain('Incident checkout is slow');

    const missing = await runCli('rca', ['show', 'inv-nope', '--db', db], { env });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/no investigation inv-nope/);
  });

  it('show on a history file that does not exist is a usage error, not a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rca-history-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const r = await runCli('rca', ['show', 'inv-x', '--db', join(dir, 'none.db')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/does not exist yet/);
  });
});
