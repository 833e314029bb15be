// The logs server as `rca --offline` uses it on real incident cases: spawned with rca's node flags, initialize and
// tools/list ("ready"), then rca's four calls at once (list_sources and the three windowed ones over the 30 min before
// the case's `at`). Medians of the server's CPU (user+sys, all its threads, from /proc) and wall per phase, next to
// `node -e ''` measured in the same loop; `--against DIR` alternates with another build's dist/bundle to compare.
// Run: npm run build && npx tsx bench/logs-calls.ts CASE_DIR... [--runs 5] [--against /old/checkout/dist/bundle]
// (a case dir holds logs/ and truth.json with `at`, as ../shared/benchmarks/nezha's cases; Linux only: /proc).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FIRST_LOOK_BUDGET_MS, LOGS } from '../src/core/sources/logs.js';
import { TIME_BUDGET_META } from '../src/core/tools.js';
import { serverV8Flags } from '../src/core/config-launch.js';
import { liveUsage, median, nodeStart } from './process-cost.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '5' }, against: { type: 'string' } } });
const RUNS = Number(values.runs);
const builds = [{ name: 'this build', dir: path.join(ROOT, 'dist', 'bundle') }, ...(values.against ? [{ name: 'against', dir: path.resolve(values.against) }] : [])];

interface Sample {
  readyMs: number;
  callsMs: number;
  cpuReadyMs: number;
  cpuCallsMs: number;
  rssKb: number;
}

async function once(bundleDir: string, caseDir: string): Promise<Sample> {
  const at = (JSON.parse(readFileSync(path.join(caseDir, 'truth.json'), 'utf8')) as { at: string }).at;
  const until = new Date(at).toISOString();
  const since = new Date(Date.parse(at) - 30 * 60_000).toISOString();
  const t0 = performance.now();
  const child = spawn(process.execPath, [...serverV8Flags(), ...(LOGS.nodeFlags ?? []), path.join(bundleDir, 'logs-server.mjs'), '--source', path.join(caseDir, 'logs'), '--at', at], { stdio: ['pipe', 'pipe', 'ignore'] });
  const waiting = new Map<number, (m: unknown) => void>();
  let buf = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    buf += d;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const m = JSON.parse(buf.slice(0, i)) as { id?: number };
      buf = buf.slice(i + 1);
      if (m.id !== undefined) waiting.get(m.id)?.(m);
    }
  });
  let id = 0;
  const send = (method: string, params: unknown) =>
    new Promise((resolve) => {
      waiting.set(++id, resolve);
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  await send('initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } });
  child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
  await send('tools/list', {});
  const readyMs = performance.now() - t0;
  const ready = liveUsage(child.pid!);
  const _meta = { [TIME_BUDGET_META]: FIRST_LOOK_BUDGET_MS };
  const call = (name: string, args: Record<string, unknown>, meta = true) => send('tools/call', { name, arguments: args, ...(meta ? { _meta } : {}) });
  await Promise.all([
    call('list_sources', {}, false),
    call('error_signatures', { since, until, top: 40, baseline: '30m', min_level: 'warn' }),
    call('log_stats', { since, until, bucket: '1m' }),
    call('request_flows', { since, until, max_output_bytes: 1024 * 1024 }),
  ]);
  const done = liveUsage(child.pid!);
  const callsMs = performance.now() - t0 - readyMs;
  child.kill();
  return { readyMs, callsMs, cpuReadyMs: ready.cpuMs, cpuCallsMs: done.cpuMs - ready.cpuMs, rssKb: done.peakRssKb };
}

async function main(): Promise<void> {
  if (positionals.length === 0) throw new Error('usage: npx tsx bench/logs-calls.ts CASE_DIR... [--runs N] [--against DIST_BUNDLE_DIR]');
  const samples = new Map<string, Sample[]>(builds.map((b) => [b.name, []]));
  const node: Array<{ wall: number; cpu: number }> = [];
  for (let r = 0; r < RUNS; r++) {
    for (const caseDir of positionals) {
      const ref = nodeStart();
      node.push({ wall: ref.wallMs, cpu: ref.cpuMs });
      // Alternating the order each round, so a build never always runs right after the other's page-cache warm-up.
      for (const b of r % 2 ? [...builds].reverse() : builds) samples.get(b.name)!.push(await once(b.dir, caseDir));
    }
  }
  const ref = { wall: median(node.map((n) => n.wall)), cpu: median(node.map((n) => n.cpu)) };
  const n = RUNS * positionals.length;
  process.stdout.write(`logs server, rca's start and four calls on ${positionals.length} case(s), medians of ${n} runs (${availableParallelism()} cores, shared)\n`);
  process.stdout.write(`node -e '' (reference)      wall ${ref.wall.toFixed(0).padStart(5)} ms   cpu ${ref.cpu.toFixed(0).padStart(5)} ms\n`);
  for (const [name, xs] of samples) {
    const m = (k: keyof Sample) => median(xs.map((x) => x[k]));
    const wall = m('readyMs') + m('callsMs');
    const cpu = m('cpuReadyMs') + m('cpuCallsMs');
    process.stdout.write(
      `${name.padEnd(12)} ready ${m('readyMs').toFixed(0).padStart(5)} ms (cpu ${m('cpuReadyMs').toFixed(0)})  calls ${m('callsMs').toFixed(0).padStart(5)} ms (cpu ${m('cpuCallsMs').toFixed(0)})  ` +
        `= wall ${(wall / ref.wall).toFixed(1)}x, cpu ${(cpu / ref.cpu).toFixed(1)}x node -e; peak RSS ${(m('rssKb') / 1024).toFixed(0)} MB\n`,
    );
  }
  process.stdout.write(`load average now: ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
}

await main();
