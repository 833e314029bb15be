// The built metrics server on real cases as `rca --offline` drives it: start-up, then rca's own metrics calls replayed
// (its first round together, then its query_range calls together). Per run: wall, user+sys CPU of all the server's
// threads up to the last answer, peak RSS; medians next to `node -e ''` in the same run and, with --ref DIR (another
// build's root, e.g. a copy of bin/ dist/ package.json of main), that build alternated with this one.
// Both builds get the V8 flags rca gives its servers (serverV8Flags); --flags adds node flags to this build only.
// Run: npm run build && npx tsx bench/metrics-real.ts CASE_DIR... [--runs N] [--ref DIR] [--flags "node flags, this build only"]
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { serverV8Flags } from '../src/core/config-launch.js';
import { liveUsage, median, nodeStart } from './process-cost.js';

const ROOT = resolve(import.meta.dirname, '..');

interface Call {
  tool: string;
  args: Record<string, unknown>;
}

interface Sample {
  wall: number;
  cpu: number;
  ready: number;
  /** Peak resident set, MB (VmHWM). */
  rss: number;
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const RUNS = Number(option('--runs') ?? 5);
const REF = option('--ref');
const FLAGS = (option('--flags') ?? '').split(' ').filter(Boolean);
const CASES = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !['--runs', '--ref', '--flags'].includes(all[i - 1] ?? ''));

/** The metrics calls rca itself makes on the case (one offline run of this build, its --json tool_calls). */
function rcaCalls(dir: string): { calls: Call[]; at: string; file: string } {
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as { at: string };
  const file = join(dir, 'metrics', 'metrics.om');
  const logs = join(dir, 'logs');
  const argv = [join(ROOT, 'bin', 'rca.js'), readFileSync(join(dir, 'incident.txt'), 'utf8').trim(), '--metrics', file];
  if (existsSync(logs) && readdirSync(logs).length > 0) argv.push('--logs', logs);
  argv.push('--at', truth.at, '--window', '30m', '--offline', '--json');
  const out = execFileSync(process.execPath, argv, { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, INCIDENT_COPILOT_DB: join(tmpdir(), 'bench-metrics-real.db') }, stdio: ['ignore', 'pipe', 'ignore'] });
  const report = JSON.parse(out) as { tool_calls: Array<{ tool: string; args: Record<string, unknown> }> };
  const calls = report.tool_calls.filter((c) => c.tool.startsWith('metrics__')).map((c) => ({ tool: c.tool.slice('metrics__'.length), args: c.args }));
  return { calls, at: truth.at, file };
}

/** Start-up to the tools listed, then rca's calls; CPU read just before the server is closed (its exit is not counted). */
async function serverRun(root: string, c: { calls: Call[]; at: string; file: string }, flags: string[]): Promise<Sample> {
  const t0 = performance.now();
  const args = [...serverV8Flags(), ...flags, join(root, 'dist', 'bundle', 'metrics-server.mjs'), '--file', c.file, '--at', c.at];
  const transport = new StdioClientTransport({ command: process.execPath, args, stderr: 'ignore' });
  const client = new Client({ name: 'bench', version: '0' });
  await client.connect(transport);
  await client.listTools();
  const ready = performance.now() - t0;
  const first = c.calls.filter((x) => x.tool !== 'query_range');
  const later = c.calls.filter((x) => x.tool === 'query_range');
  for (const round of [first, later]) await Promise.all(round.map((x) => client.callTool({ name: x.tool, arguments: x.args })));
  const wall = performance.now() - t0;
  const usage = liveUsage(transport.pid!);
  await client.close();
  return { wall, cpu: usage.cpuMs, ready, rss: usage.peakRssKb / 1024 };
}

function nodeRun(): Sample {
  const ref = nodeStart();
  return { wall: ref.wallMs, cpu: ref.cpuMs, ready: 0, rss: 0 };
}

function line(label: string, xs: Sample[], ref?: Sample[]): string {
  const w = median(xs.map((x) => x.wall));
  const cpu = median(xs.map((x) => x.cpu));
  const ready = median(xs.map((x) => x.ready));
  let s = `${label.padEnd(10)} wall ${w.toFixed(0).padStart(5)} ms  cpu ${cpu.toFixed(0).padStart(5)} ms  ready ${ready.toFixed(0).padStart(4)} ms  peak RSS ${median(xs.map((x) => x.rss)).toFixed(0).padStart(3)} MB`;
  if (ref) s += `   (x${(w / median(ref.map((x) => x.wall))).toFixed(2)} wall, x${(cpu / median(ref.map((x) => x.cpu))).toFixed(2)} cpu)`;
  return s;
}

async function main(): Promise<void> {
  if (CASES.length === 0) throw new Error('usage: bench/metrics-real.ts CASE_DIR... [--runs N] [--ref DIR] [--flags "..."]');
  for (const dir of CASES) {
    const c = rcaCalls(resolve(dir));
    const here: Sample[] = [];
    const ref: Sample[] = [];
    const node: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      node.push(nodeRun());
      here.push(await serverRun(ROOT, c, FLAGS));
      if (REF) ref.push(await serverRun(resolve(REF), c, []));
    }
    console.log(`${dir} (${c.calls.length} metrics calls, ${RUNS} runs)`);
    console.log(`  ${line('node -e', node)}`);
    console.log(`  ${line('this', here, REF ? ref : node)}`);
    if (REF) console.log(`  ${line('ref', ref, node)}`);
  }
}

await main();
