// `rca patterns`: the template miner on user files, through minePatterns and through the built CLI.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it, onTestFinished } from 'vitest';
import { minePatterns, type PatternsResult } from '../../src/cli/commands/patterns-mine.js';

const BIN = path.resolve(import.meta.dirname, '../../bin/rca.js');
const BUILT = path.resolve(import.meta.dirname, '../../dist/src/cli/main-rca.js');

function fixture(name: string, text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'patterns-test-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

const SYSLOG = [
  'Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster from 173.234.31.186',
  'Dec 10 06:55:48 LabSZ sshd[24200]: Failed password for invalid user webmaster from 173.234.31.186 port 38926 ssh2',
  'Dec 10 07:02:47 LabSZ sshd[24203]: Invalid user admin from 52.80.34.196',
  'Dec 10 07:07:38 LabSZ sshd[24206]: Failed password for invalid user test9 from 52.80.34.196 port 36060 ssh2',
  'Dec 10 07:08:28 LabSZ sshd[24208]: Invalid user oracle from 103.99.0.122',
  '',
].join('\n');

describe('minePatterns', () => {
  it('groups lines into templates ranked by count, header stripped', async () => {
    const r = await minePatterns([fixture('auth.log', SYSLOG)], false);
    expect(r.lines).toBe(5);
    expect(r.patterns.map((p) => [p.id, p.count, p.template])).toEqual([
      ['T1', 3, 'Invalid user <*> from <*>'],
      ['T2', 2, 'Failed password for invalid user <*> from <*> port <*> <*>'],
    ]);
  });

  it('gives each line its template id with perLine', async () => {
    const file = fixture('auth.log', SYSLOG);
    const r = await minePatterns([file], true);
    expect(r.per_line?.map((l) => l.id)).toEqual(['T1', 'T2', 'T1', 'T2', 'T1']);
    expect(r.per_line?.[3]).toEqual({ file, line: 4, id: 'T2' });
  });

  it('mines the message field of JSON lines', async () => {
    const file = fixture('app.jsonl', '{"level":"error","msg":"db timeout after 3000ms"}\n{"level":"error","msg":"db timeout after 12ms"}\n');
    const r = await minePatterns([file], false);
    expect(r.patterns).toEqual([{ id: 'T1', count: 2, template: 'db timeout after <*>', example: '{"level":"error","msg":"db timeout after 3000ms"}' }]);
  });

  it('refuses missing and binary files with a usage error', async () => {
    await expect(minePatterns(['/nonexistent/file.log'], false)).rejects.toThrow('not a readable file');
    const bin = fixture('x.bin', '');
    writeFileSync(bin, Buffer.from([0, 1, 2, 3, 0]));
    await expect(minePatterns([bin], false)).rejects.toThrow('binary');
  });
});

describe.skipIf(!existsSync(BUILT))('rca patterns (built CLI; needs `npx tsc -p tsconfig.build.json`)', () => {
  it('prints the table, JSON and per-line ids', () => {
    const file = fixture('auth.log', SYSLOG);
    const table = spawnSync(process.execPath, [BIN, 'patterns', file], { encoding: 'utf8' });
    expect(table.status).toBe(0);
    expect(table.stdout).toContain('    3  T1  Invalid user <*> from <*>');
    expect(table.stdout).toContain('2 templates over 5 lines');
    const json = spawnSync(process.execPath, [BIN, 'patterns', file, '--json', '--top', '1'], { encoding: 'utf8' });
    const parsed = JSON.parse(json.stdout) as PatternsResult;
    expect(parsed.patterns).toHaveLength(1);
    const perLine = spawnSync(process.execPath, [BIN, 'patterns', file, '--per-line'], { encoding: 'utf8' });
    expect(perLine.stdout.trim().split('\n')).toEqual(['1\tT1', '2\tT2', '3\tT1', '4\tT2', '5\tT1']);
  });

  it('exits 2 for a missing file', () => {
    const r = spawnSync(process.execPath, [BIN, 'patterns', '/nonexistent/x.log'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('not a readable file');
  });
});
