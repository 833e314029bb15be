// One help style across `rca`, `runbook`, their commands and the four servers, read from the built programs as
// a person runs them: `Usage:` first, an Examples section, lower-case descriptions, "(default X)", --version.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cliBuilt, REPO_ROOT, runCli } from '../helpers/cli.js';

const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const COMMANDS = {
  rca: ['investigate', 'servers', 'patterns', 'history', 'show'],
  runbook: ['review', 'approve', 'changes', 'exec', 'export', 'history', 'import', 'lint', 'list', 'reject', 'show', 'stats'],
} as const;
const SERVERS = ['logs', 'git', 'metrics', 'docker'] as const;
// Words that keep their capital at the start of a description.
const PROPER = /^(Markdown|YAML|JSON|SQLite|Ollama|Docker|OpenMetrics|Prometheus|MCP|CI)\b/;

/** The description column of the Options/Commands/Arguments sections (first line of each entry). */
function descriptions(help: string): string[] {
  const out: string[] = [];
  let inList = false;
  for (const line of help.split('\n')) {
    if (/^(Options|Commands|Arguments):$/.test(line)) inList = true;
    else if (/^\S/.test(line) || line === '') inList = inList && line === '' ? false : inList && /^\s/.test(line);
    const m = inList ? /^ {2}(\S.*?) {2,}(\S.*)$/.exec(line) : null;
    if (m) out.push(m[2]!);
  }
  return out;
}

function checkStyle(what: string, help: string): void {
  expect(help, what).toMatch(/^Usage: /);
  expect(help, what).toMatch(/\nExamples:\n {2}\S/);
  const descs = descriptions(help);
  expect(descs.length, `${what}: options listed`).toBeGreaterThan(0);
  for (const d of descs) {
    expect(d[0] === d[0]!.toLowerCase() || PROPER.test(d), `${what}: "${d}" starts in lower case`).toBe(true);
  }
  expect(help, `${what}: defaults read "(default X)"`).not.toMatch(/\(default: /);
}

describe.skipIf(!cliBuilt('rca') || !cliBuilt('runbook'))('help style (built programs)', () => {
  for (const bin of ['rca', 'runbook'] as const) {
    it(`${bin}: --help, every command's --help and --version`, async () => {
      const top = await runCli(bin, ['--help']);
      expect(top.exitCode).toBe(0);
      checkStyle(bin, top.stdout);
      expect(top.stdout).toMatch(/Exit codes: 0 /);
      for (const cmd of COMMANDS[bin]) {
        const r = await runCli(bin, [cmd, '--help']);
        expect(r.exitCode, `${bin} ${cmd} --help`).toBe(0);
        checkStyle(`${bin} ${cmd}`, r.stdout);
      }
      const v = await runCli(bin, ['--version']);
      expect(v).toMatchObject({ exitCode: 0, stdout: `${VERSION}\n`, stderr: '' });
    });
  }

  it('every command shows only examples that use it', async () => {
    const r = await runCli('runbook', ['reject', '--help']);
    const examples = r.stdout.split('\nExamples:\n')[1]!.split('\n\n')[0]!.trim().split('\n');
    expect(examples.length).toBeGreaterThan(0);
    for (const e of examples) expect(e.trim()).toMatch(/^runbook reject /);
  });

  for (const name of SERVERS) {
    it(`incident-${name}-server: Usage on stdout, --version, a bad option on stderr with exit 2`, async () => {
      const bin = join(REPO_ROOT, 'bin', `${name}-server.js`);
      const help = await execa(process.execPath, [bin, '--help'], { reject: false, input: '' });
      expect(help.exitCode).toBe(0);
      expect(help.stderr).toBe('');
      checkStyle(`incident-${name}-server`, help.stdout);
      expect(help.stdout).toMatch(/-V, --version {2,}print the version/);
      const v = await execa(process.execPath, [bin, '--version'], { reject: false, input: '' });
      expect(v).toMatchObject({ exitCode: 0, stdout: VERSION, stderr: '' });
      const bad = await execa(process.execPath, [bin, '--bogus'], { reject: false, input: '' });
      expect(bad.exitCode).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toMatch(new RegExp(`^incident-${name}-server: Unknown option '--bogus'.*\\(run with --help\\)$`));
    });
  }
});
