// Benchmark: the logs tools through the real logs server process (stdio) over generated 1 GB files, next to
// grep and ripgrep over the same bytes in the same run (medians), plus the server's peak RSS (VmHWM):
//   search_logs: rare literal, frequent literal, ignore-case literal, regex (vs grep -c and rg -c);
//   error_signatures / log_stats over JSON lines and plain text spanning 24 h (vs grep -c -E);
//   the same over a 2 h window (same arguments otherwise): a cold call (no index: the window is found by binary search
//   on timestamps and only it is read), then later calls (its indexed blocks), as speed-ups over the whole-file call.
// Run: npm run build && npm run bench:logs [-- --mb 1024 --runs 3 --only search|aggregates]. Files go to /tmp and are
// deleted after.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { LOGS } from '../src/core/sources/logs.js';
import { generateLog, type LogStyle } from './logs-gen.js';

const args = process.argv.slice(2);
const mb = args.includes('--mb') ? Number(args[args.indexOf('--mb') + 1]) : 1024;
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 3;
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
if (only !== undefined && only !== 'search' && only !== 'aggregates') throw new Error(`--only takes search or aggregates, not ${only}`);
const entry = path.resolve(import.meta.dirname, '../dist/bundle/logs-server.mjs');
const START = Date.parse('2025-03-04T00:00:00Z');
const DAY = 86_400_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timeIt(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1000;
}

function count(cmd: string, argv: string[]): number {
  try {
    return Number(execFileSync(cmd, argv, { encoding: 'utf8' }).trim() || 0);
  } catch {
    return 0; // no match
  }
}

const hasRg = count('sh', ['-c', 'command -v rg >/dev/null && echo 1']) === 1;

/** CPU seconds (user + system) of a process from /proc: `self` counts its waited-for children (cutime, cstime). */
function cpuSeconds(pid: number | 'self', children = false): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const at = children ? 13 : 11; // utime, stime or cutime, cstime, counted from the field after the name
  return (Number(f[at]) + Number(f[at + 1])) / 100;
}

/** fn's children's CPU seconds (grep, rg): on a loaded machine CPU time says what wall time cannot. */
function childCpu(fn: () => void): number {
  const c0 = cpuSeconds('self', true);
  fn();
  return cpuSeconds('self', true) - c0;
}

interface Server {
  call(name: string, a: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** CPU seconds used so far by the server process, its scan threads included. */
  cpu(): number;
  peakMb(): number;
  close(): Promise<void>;
}

async function serve(file: string, cacheDir: string): Promise<Server> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    // The node flags rca and the incident-logs-server shim start it with (a small young generation on its own thread).
    args: [...(LOGS.nodeFlags ?? []), entry, '--source', file, '--at', new Date(START + DAY).toISOString(), '--cache-dir', cacheDir, '--read-budget', '64g'],
    stderr: 'inherit',
  });
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(transport);
  const pid = transport.pid!;
  return {
    async call(name, a) {
      const r = await client.callTool({ name, arguments: a }, undefined, { timeout: 600_000 });
      const text = (r.content as Array<{ text: string }>)[0]!.text;
      if (r.isError) throw new Error(text);
      return JSON.parse(text) as Record<string, unknown>;
    },
    cpu: () => cpuSeconds(pid),
    peakMb: () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024,
    close: () => client.close(),
  };
}

/** The median CPU seconds of a case per GB of the file. */
const perGb = (xs: number[], sizeMb: number) => `${((median(xs) * 1024) / sizeMb).toFixed(2)} s`;

function row(label: string, seconds: number, sizeMb: number, refs: Array<[string, number]>, note = ''): void {
  const mbs = sizeMb / seconds;
  const cols = refs.map(([name, s]) => `${name} ${(sizeMb / s).toFixed(0).padStart(6)} MB/s (x${(mbs / (sizeMb / s)).toFixed(2)})`);
  process.stdout.write(`${label.padEnd(44)} ${mbs.toFixed(0).padStart(6)} MB/s   ${cols.join('   ')}${note ? `   ${note}` : ''}\n`);
}

async function searchCases(file: string, sizeMb: number, server: Server): Promise<void> {
  const cases: Array<{ label: string; grep: string[]; rg: string[]; tool: Record<string, unknown> }> = [
    { label: 'search_logs rare literal', grep: ['-F', 'Cannot read properties'], rg: ['-F', 'Cannot read properties'], tool: { pattern: 'Cannot read properties', case_sensitive: true } },
    { label: 'search_logs frequent literal', grep: ['-F', 'GET /api/cart'], rg: ['-F', 'GET /api/cart'], tool: { pattern: 'GET /api/cart', case_sensitive: true } },
    { label: 'search_logs literal, ignore case', grep: ['-F', '-i', 'connection pool exhausted'], rg: ['-F', '-i', 'connection pool exhausted'], tool: { pattern: 'connection pool exhausted' } },
    { label: 'search_logs regex', grep: ['-E', 'timed out after [0-9]+ms'], rg: ['timed out after [0-9]+ms'], tool: { pattern: '/timed out after \\d+ms/', case_sensitive: true } },
  ];
  for (const c of cases) {
    const g: number[] = [];
    const r: number[] = [];
    const s: number[] = [];
    const cpu = { grep: [] as number[], rg: [] as number[], search: [] as number[] };
    let counts = '';
    for (let i = 0; i < runs; i++) {
      let gc = 0;
      cpu.grep.push(childCpu(() => g.push(timeIt(() => (gc = count('grep', [...c.grep, '-c', file]))))));
      if (hasRg) cpu.rg.push(childCpu(() => r.push(timeIt(() => count('rg', [...c.rg, '-c', file])))));
      const k0 = server.cpu();
      const t0 = performance.now();
      const out = await server.call('search_logs', { ...c.tool, limit: 50 });
      s.push((performance.now() - t0) / 1000);
      cpu.search.push(server.cpu() - k0);
      counts = `grep ${gc} lines / search ${String(out.total)} entries`;
    }
    row(c.label, median(s), sizeMb, [['grep', median(g)], ...(hasRg ? ([['rg', median(r)]] as Array<[string, number]>) : [])], `(${counts})`);
    process.stdout.write(`${'  CPU per GB (all threads)'.padEnd(44)} ${perGb(cpu.search, sizeMb)}   grep ${perGb(cpu.grep, sizeMb)}${hasRg ? `   rg ${perGb(cpu.rg, sizeMb)}` : ''}\n`);
  }
}

async function aggregateCases(style: LogStyle, file: string, sizeMb: number, server: Server, cacheDir: string): Promise<void> {
  const grepArgs = ['-c', '-E', style === 'json' ? '"level": ?"(warn|error)"' : ' (WARN|ERROR) ', file];
  const g: number[] = [];
  const whole = { since: new Date(START - DAY).toISOString(), until: new Date(START + DAY).toISOString() };
  const window = { since: new Date(START + 20 * 3_600_000).toISOString(), until: new Date(START + 22 * 3_600_000).toISOString() };
  for (const [tool, a] of [['error_signatures', { top: 20 }], ['log_stats', { bucket: '1h' }]] as const) {
    const full: number[] = [];
    const cpu = { grep: [] as number[], tool: [] as number[] };
    for (let i = 0; i < runs; i++) {
      // Interleaved with the reference, so a busy moment of the machine weighs on both.
      cpu.grep.push(childCpu(() => g.push(timeIt(() => count('grep', grepArgs)))));
      const k0 = server.cpu();
      const t0 = performance.now();
      await server.call(tool, { ...a, ...whole, ...(tool === 'error_signatures' ? { baseline: '1m' } : {}) });
      full.push((performance.now() - t0) / 1000);
      cpu.tool.push(server.cpu() - k0);
    }
    row(`${tool} ${style}, whole 24 h`, median(full), sizeMb, [['grep -cE', median(g)]]);
    process.stdout.write(`${'  CPU per GB (all threads)'.padEnd(44)} ${perGb(cpu.tool, sizeMb)}   grep ${perGb(cpu.grep, sizeMb)}\n`);
    // A 2 h window on the same (warm) server: a cold call right after the index is dropped searches for the window
    // and reads it; the next call reads its indexed blocks. Interleaved, medians of both.
    const same = { ...a, ...window, ...(tool === 'error_signatures' ? { baseline: '1m' } : {}) };
    const cold: number[] = [];
    const later: number[] = [];
    for (let i = 0; i < runs; i++) {
      rmSync(cacheDir, { recursive: true, force: true });
      let t0 = performance.now();
      await server.call(tool, same);
      cold.push((performance.now() - t0) / 1000);
      t0 = performance.now();
      await server.call(tool, same);
      later.push((performance.now() - t0) / 1000);
    }
    const first = median(cold);
    const x = (s: number) => `x${(median(full) / s).toFixed(1)}`;
    process.stdout.write(`${`${tool} ${style}, 2 h window of 24 h`.padEnd(44)} whole file ${median(full).toFixed(2)} s; cold index ${first.toFixed(2)} s (${x(first)}: binary search, reads the window), then ${median(later).toFixed(2)} s (${x(median(later))}, indexed blocks) (target >= x5)\n`);
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'logs-bench-'));
try {
  let peak = 0;
  // The search cases run on the text file only.
  for (const style of (only === 'search' ? ['text'] : ['text', 'json']) as LogStyle[]) {
    const file = path.join(dir, `app-${style}.log`);
    process.stderr.write(`generating ${mb} MB of ${style} lines over 24 h at ${file} ...\n`);
    // ~110 bytes a line (text) or ~170 (json): the mean step spreads the file over one day.
    await generateLog(file, mb * 1024 * 1024, START, (DAY / (mb * 1024 * 1024)) * (style === 'json' ? 170 : 110), style);
    const sizeMb = statSync(file).size / 1024 / 1024;
    count('grep', ['-c', 'warm the page cache', file]);
    const cacheDir = path.join(dir, `cache-${style}`);
    const server = await serve(file, cacheDir);
    process.stdout.write(`\n${style} file: ${sizeMb.toFixed(0)} MB over 24 h, ${runs} runs, medians${hasRg ? '' : '; ripgrep: not installed (apt-get install -y ripgrep)'}\n`);
    if (style === 'text' && only !== 'aggregates') await searchCases(file, sizeMb, server);
    if (only !== 'search') await aggregateCases(style, file, sizeMb, server, cacheDir);
    peak = Math.max(peak, server.peakMb());
    await server.close();
    rmSync(file, { force: true });
  }
  process.stdout.write(`\nserver peak RSS (VmHWM, main thread and workers): ${peak.toFixed(0)} MB (target < 200 MB)\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
