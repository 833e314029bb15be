// Overhead of `runbook exec --json` on a 10-step runbook of no-op commands, next to the same ten commands
// in a shell script, same run; medians of 9 runs. Build first. Run: npx tsx bench/runbook-exec.ts
import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { executeRunbook } from '../src/runbook/executor.js';
import { loadRunbookText } from '../src/runbook/loader.js';
import { openStore, saveExecution } from '../src/store/index.js';

const RUNS = 9;
const ROOT = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'bench-rb-'));
const yaml = `id: RB-BENCH-NOOP\ntitle: Ten no-ops\nsteps:\n${Array.from({ length: 10 }, (_, i) => `  - id: s${i}\n    run: [/bin/true]\n`).join('')}`;
const file = join(dir, 'noop.yaml');
writeFileSync(file, yaml);
const script = join(dir, 'noop.sh');
writeFileSync(script, `#!/bin/sh\nset -e\n${Array.from({ length: 10 }, () => '/bin/true').join('\n')}\n`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** CPU time (user + sys, ms) of a command and its children, from the POSIX `times` builtin: robust on a loaded machine. */
async function cpu(argv: string[]): Promise<number> {
  const quoted = argv.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await execa('sh', ['-c', `${quoted} >/dev/null 2>&1; times`]);
    const lines = String(r.stdout).trim().split('\n');
    const secs = [...lines[lines.length - 1].matchAll(/(\d+)m([\d.]+)s/g)].reduce((t, m) => t + Number(m[1]) * 60 + Number(m[2]), 0);
    samples.push(secs * 1000);
  }
  return median(samples);
}
async function time(fn: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  await fn(); // warm-up
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

try {
  const db = join(dir, 'bench.db');
  const shell = await time(() => execa('sh', [script]));
  const nodeStart = await time(() => execa(process.execPath, ['-e', '']));
  const cli = await time(async () => {
    const r = await execa(process.execPath, [join(ROOT, 'bin', 'runbook.js'), 'exec', file, '--json', '--db', db], { reject: false });
    if (r.exitCode !== 0) throw new Error(`runbook exec failed: ${r.stderr}`);
  });
  const shellCpu = await cpu(['sh', script]);
  const nodeCpu = await cpu([process.execPath, '-e', '']);
  const cliCpu = await cpu([process.execPath, join(ROOT, 'bin', 'runbook.js'), 'exec', file, '--json', '--db', db]);
  const rb = loadRunbookText(yaml, 'noop.yaml').runbook!;
  const store = openStore(join(dir, 'inproc.db'));
  const inproc = await time(() => executeRunbook({ runbook: rb, version: 1, params: {}, yes: true, record: (r) => saveExecution(store, r) }));
  store.close();
  console.log(`10 no-op steps, median of ${RUNS} runs (2-core shared machine):`);
  console.log(`  sh script (reference)           ${shell.toFixed(1)} ms`);
  console.log(`  node -e '' (startup reference)  ${nodeStart.toFixed(1)} ms`);
  console.log(`  runbook exec --json (CLI)       ${cli.toFixed(1)} ms  (+${(cli - shell).toFixed(1)} ms over sh, ${((cli - shell) / 10).toFixed(1)} ms per step incl. startup)`);
  console.log(`CPU time (user+sys of the process tree), median of ${RUNS}: less sensitive to other load on the machine:`);
  console.log(`  sh script (reference)           ${shellCpu.toFixed(0)} ms`);
  console.log(`  node -e '' (startup reference)  ${nodeCpu.toFixed(0)} ms`);
  console.log(`  runbook exec --json (CLI)       ${cliCpu.toFixed(0)} ms  (+${(cliCpu - shellCpu).toFixed(0)} ms over sh; +${(cliCpu - nodeCpu).toFixed(0)} ms over bare node startup)`);
  console.log(`  executor in-process + SQLite    ${inproc.toFixed(1)} ms  (${(inproc / 10).toFixed(1)} ms per step: spawn, capture, 12 recorded writes)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
