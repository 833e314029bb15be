// Benchmark: search_logs and error_signatures through the real logs server process (stdio) over a generated
// 1 GB file, next to `grep -c` on the same file in the same run, plus the server's peak RSS (VmHWM).
// Run: npx tsc -p tsconfig.build.json && npx tsx bench/logs-throughput.ts [--mb 1024] [--runs 3]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { generateLog } from './logs-gen.js';

const args = process.argv.slice(2);
const mb = args.includes('--mb') ? Number(args[args.indexOf('--mb') + 1]) : 1024;
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 3;
const dir = '/tmp/logs-bench';
const file = path.join(dir, `app-${mb}mb.log`);
const entry = path.resolve(import.meta.dirname, '../dist/servers/logs/index.js');
if (!existsSync(entry)) throw new Error('build first: npx tsc -p tsconfig.build.json');

mkdirSync(dir, { recursive: true });
if (!existsSync(file) || statSync(file).size < mb * 1024 * 1024) {
  process.stderr.write(`generating ${mb} MB at ${file} ...\n`);
  await generateLog(file, mb * 1024 * 1024);
}
const sizeMb = statSync(file).size / 1024 / 1024;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeIt(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return (performance.now() - t0) / 1000;
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

function grepCount(flags: string[], pattern: string): number {
  try {
    return Number(execFileSync('grep', [...flags, '-c', pattern, file], { encoding: 'utf8' }).trim());
  } catch {
    return 0;
  }
}

const transport = new StdioClientTransport({ command: process.execPath, args: [entry, '--source', file, '--at', '2025-03-10T00:00:00Z'], stderr: 'inherit' });
const client = new Client({ name: 'bench', version: '1.0.0' });
await client.connect(transport);
const pid = transport.pid!;

async function call(name: string, a: Record<string, unknown>): Promise<Record<string, unknown>> {
  const r = await client.callTool({ name, arguments: a }, undefined, { timeout: 600_000 });
  const text = (r.content as Array<{ text: string }>)[0]!.text;
  if (r.isError) throw new Error(text);
  return JSON.parse(text) as Record<string, unknown>;
}

function peakRssMb(): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

grepCount(['-F'], 'warm the page cache');
const cases: Array<{ label: string; grepFlags: string[]; grepPattern: string; tool: Record<string, unknown> }> = [
  { label: 'literal, case-sensitive', grepFlags: ['-F'], grepPattern: 'connection pool exhausted', tool: { pattern: 'connection pool exhausted', case_sensitive: true, limit: 50 } },
  { label: 'literal, ignore case', grepFlags: ['-F', '-i'], grepPattern: 'connection pool exhausted', tool: { pattern: 'connection pool exhausted', limit: 50 } },
  { label: 'regex', grepFlags: ['-E'], grepPattern: 'timed out after [0-9]+ms', tool: { pattern: '/timed out after \\d+ms/', case_sensitive: true, limit: 50 } },
];
process.stdout.write(`file ${file}: ${sizeMb.toFixed(0)} MB, ${runs} runs, medians\n`);
for (const c of cases) {
  const g: number[] = [];
  const s: number[] = [];
  let counts = '';
  for (let i = 0; i < runs; i++) {
    let gc = 0;
    g.push(timeIt(() => (gc = grepCount(c.grepFlags, c.grepPattern))));
    let total = 0;
    s.push(await timeAsync(async () => (total = (await call('search_logs', c.tool)).total as number)));
    counts = `grep ${gc} / search ${total}`;
  }
  const gm = sizeMb / median(g);
  const sm = sizeMb / median(s);
  process.stdout.write(`search_logs ${c.label.padEnd(24)} ${sm.toFixed(0).padStart(6)} MB/s   grep -c ${gm.toFixed(0).padStart(6)} MB/s   ratio ${(sm / gm).toFixed(2)}   (${counts})\n`);
}
{
  const g: number[] = [];
  const e: number[] = [];
  let n = 0;
  for (let i = 0; i < runs; i++) {
    g.push(timeIt(() => grepCount(['-E'], ' (WARN|ERROR) ')));
    e.push(await timeAsync(async () => (n = ((await call('error_signatures', { top: 20 })).signatures as unknown[]).length)));
  }
  process.stdout.write(`error_signatures (whole file)        ${(sizeMb / median(e)).toFixed(0).padStart(6)} MB/s   grep -cE ' (WARN|ERROR) ' ${(sizeMb / median(g)).toFixed(0)} MB/s   (${n} signatures)\n`);
}
process.stdout.write(`server peak RSS (VmHWM): ${peakRssMb().toFixed(0)} MB (target < 200 MB)\n`);
await client.close();
