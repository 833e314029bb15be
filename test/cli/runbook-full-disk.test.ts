// A database on a full filesystem (a real small tmpfs): the error says what to do, --json still prints the
// ExecutionResult and says it was not recorded, no empty database file is left, and a run that completed is never shown as interrupted.
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBuilt, runCli, runCliJson } from '../helpers/cli.js';
import { fill, tinyFs, tinyFsAvailable, tinyFsSkipReason } from '../helpers/tiny-fs.js';
import { tempDir } from '../runbook/helpers.js';

const run = describe.skipIf(!cliBuilt('runbook') || !tinyFsAvailable);
if (!tinyFsAvailable) describe('full disk', () => it.skip(tinyFsSkipReason, () => {}));

function setup() {
  const work = tempDir('full-disk-');
  const spool = join(work, 'spool');
  const env = { INCIDENT_COPILOT_SPOOL: spool, INCIDENT_COPILOT_LEARN: '0' };
  return { work, spool, env };
}

run('runbook exec with its database on a full disk', () => {
  it('a run whose step fills the disk: result printed with recorded: false, spooled, and written as success once there is space', async () => {
    const fs = tinyFs(512);
    const { work, spool, env } = setup();
    const db = join(fs, 'copilot.db');
    const rb = join(work, 'fill.yaml');
    writeFileSync(rb, `id: RB-FILL\ntitle: Fill the disk\nsteps:\n  - id: fill\n    run: [dd, if=/dev/zero, 'of=${join(fs, 'filler')}', bs=4k]\n    ok_exit_codes: [1]\n`);
    const r = await runCliJson<Record<string, unknown>>('runbook', ['exec', rb, '--json', '--db', db], { env });
    expect(r.json).toMatchObject({ runbook_id: 'RB-FILL', status: 'success', recorded: false });
    expect(r.json.record_error).toMatch(/could not be written: the disk is full/);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/finished \(success\) but was not recorded/);
    expect(r.stderr).toMatch(/hint: free space on that filesystem/);
    expect(readdirSync(spool)).toHaveLength(1);

    // Still full: history reads the file without writing, and does not call the run interrupted.
    const during = await runCliJson<Array<{ execution_id: string; status: string }>>('runbook', ['history', '--json', '--db', db], { env });
    expect(during.exitCode).toBe(0);
    expect(during.json.find((e) => e.execution_id === r.json.execution_id)?.status).not.toBe('interrupted');

    rmSync(join(fs, 'filler'));
    const after = await runCliJson<Array<{ execution_id: string; status: string }>>('runbook', ['history', '--json', '--db', db], { env });
    expect(after.json.find((e) => e.execution_id === r.json.execution_id)?.status).toBe('success');
    expect(readdirSync(spool)).toHaveLength(0);
  }, 60_000);

  it('a new database on a disk that is already full: a hint, exit 1, and no empty database file left behind', async () => {
    const fs = tinyFs(1024); // room for a fresh database with every migration once the filler is gone
    const { work, env } = setup();
    fill(fs);
    const db = join(fs, 'copilot.db');
    const rb = join(work, 'noop.yaml');
    writeFileSync(rb, 'id: RB-NOOP\ntitle: Nothing\nsteps:\n  - id: ok\n    run: ["true"]\n');
    const r = await runCli('runbook', ['exec', rb, '--json', '--db', db], { env });
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'error', error_message: expect.stringMatching(/the disk is full/), hint: expect.stringMatching(/free space/) });
    expect(existsSync(db)).toBe(false);
    rmSync(join(fs, 'filler'));
    // The next command starts cleanly: no "disk I/O error" from a half-made file.
    const next = await runCliJson<{ status: string }>('runbook', ['exec', rb, '--json', '--db', db], { env });
    expect(next.json.status).toBe('success');
  }, 60_000);
});
