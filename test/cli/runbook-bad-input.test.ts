// Bad input to the built `runbook` CLI exits 2 with a message that says what to fix: a YAML bomb, a runbook
// past the size or step limit, and a database file that cannot be opened.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBuilt, runCli } from '../helpers/cli.js';
import { tempDir } from '../runbook/helpers.js';

const run = describe.skipIf(!cliBuilt('runbook'));

run('runbook: bad input exits 2', () => {
  it('a YAML bomb (aliases of aliases) is refused quickly as invalid, not a crash', async () => {
    const dir = tempDir();
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const file = join(dir, 'bomb.yaml');
    writeFileSync(file, `id: RB-BOMB\ntitle: Bomb\n${levels.join('\n')}\nsteps:\n  - id: a\n    run: ["true"]\n`);
    const r = await runCli('runbook', ['exec', file, '--json', '--db', join(dir, 'db.sqlite')]);
    expect(r.exitCode).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'error', error_message: expect.stringMatching(/alias/i) });
  });

  it('a runbook over 1 MB is refused before parsing, and one with too many steps says the limit', async () => {
    const dir = tempDir();
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `id: RB-BIG\ntitle: Big\n# ${'x'.repeat(1100 * 1024)}\nsteps:\n  - id: a\n    run: ["true"]\n`);
    const lint = await runCli('runbook', ['lint', big]);
    expect(lint.exitCode).toBe(1);
    expect(lint.stdout).toMatch(/the runbook is 1\.1 MB; the limit is 1 MB \(split it into several runbooks\)/);
    const exec = await runCli('runbook', ['exec', big, '--db', join(dir, 'db.sqlite')]);
    expect(exec.exitCode).toBe(2);

    const many = join(dir, 'many.yaml');
    writeFileSync(many, `id: RB-MANY\ntitle: Many\nsteps:\n${Array.from({ length: 501 }, (_, i) => `  - { id: s${i}, run: ["true"] }`).join('\n')}\n`);
    const out = await runCli('runbook', ['lint', many]);
    expect(out.stdout).toMatch(/steps: at most 500 entries: split the runbook into several/);
  });

  it('a database that cannot be opened (a directory, or not SQLite) exits 2 with a hint', async () => {
    const dir = tempDir();
    const rb = join(dir, 'ok.yaml');
    writeFileSync(rb, 'id: RB-OK\ntitle: Ok\nsteps:\n  - id: a\n    run: ["true"]\n');
    const notDb = join(dir, 'not.db');
    writeFileSync(notDb, 'this is not a database file, just text that is long enough to have a header'.repeat(20));
    const a = await runCli('runbook', ['exec', rb, '--db', notDb]);
    expect(a.exitCode).toBe(2);
    expect(a.stderr).toMatch(/is not a valid incident-copilot database/);
    const isDir = join(dir, 'a-directory');
    mkdirSync(isDir);
    const b = await runCli('runbook', ['history', '--db', isDir]);
    expect(b.exitCode).toBe(2);
    expect(b.stderr).toMatch(/hint: /);
  });
});
