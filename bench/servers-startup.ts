// Wall time of `rca servers --json` on the bundled demo, spawning all built-in servers, next to
// `node -e 0` measured in the same run. Run: npx tsc -p tsconfig.build.json && npx tsx bench/servers-startup.ts [runs]
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.argv[2] ?? 7);
const TARGET_MS = 1000;

interface Listing {
  servers: Array<{ name: string; status: string; start_ms: number | null; tools: unknown[] }>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function timed(cmd: string, args: string[], env: Record<string, string>, cwd: string): Promise<{ ms: number; stdout: string }> {
  const t0 = performance.now();
  const r = await execa(cmd, args, { env, cwd, reject: false });
  const ms = performance.now() - t0;
  if (r.exitCode !== 0 && r.exitCode !== 1) throw new Error(`${cmd} ${args.join(' ')} exited ${r.exitCode}: ${r.stderr}`);
  return { ms, stdout: String(r.stdout) };
}

/** User+sys CPU seconds of a command and all its children (bash's `times`), independent of machine load. */
async function cpuSeconds(args: string[], env: Record<string, string>, cwd: string): Promise<number> {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = await execa('bash', ['-c', `${quoted} >/dev/null 2>&1; times`], { env, cwd });
  const children = String(r.stdout).trim().split('\n')[1] ?? '';
  const secs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return secs.reduce((a, b) => a + b, 0);
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'bench-servers-'));
  const env = { XDG_CACHE_HOME: join(work, 'cache'), NO_COLOR: '1' };
  const rca = [resolve(ROOT, 'bin', 'rca.js'), 'servers', '--demo', '--json'];
  try {
    // The first run clones the demo repository into the cache; it is reported apart, not in the median.
    const cold = await timed(process.execPath, rca, env, work);
    const rcaMs: number[] = [];
    const nodeMs: number[] = [];
    let last: Listing = JSON.parse(cold.stdout) as Listing;
    for (let i = 0; i < RUNS; i++) {
      nodeMs.push((await timed(process.execPath, ['-e', '0'], env, work)).ms);
      const r = await timed(process.execPath, rca, env, work);
      rcaMs.push(r.ms);
      last = JSON.parse(r.stdout) as Listing;
    }
    const cpu: number[] = [];
    const nodeCpu: number[] = [];
    for (let i = 0; i < 3; i++) {
      cpu.push(await cpuSeconds([process.execPath, ...rca], env, work));
      nodeCpu.push(await cpuSeconds([process.execPath, '-e', '0'], env, work));
    }
    const rcaMedian = median(rcaMs);
    const nodeMedian = median(nodeMs);
    const line = (name: string, ms: number, note = '') => process.stdout.write(`${name.padEnd(34)}${ms.toFixed(0).padStart(7)} ms  ${note}\n`);
    process.stdout.write(`rca servers --json on the demo, median of ${RUNS} runs (2-core machine, shared)\n`);
    line('node -e 0 (reference)', nodeMedian);
    line('rca servers --json (cache warm)', rcaMedian, `${(rcaMedian / nodeMedian).toFixed(1)}x node start; target < ${TARGET_MS} ms: ${rcaMedian < TARGET_MS ? 'met' : 'MISSED'}`);
    line('rca servers --json (first, clones)', cold.ms);
    line('min / max (warm)', Math.min(...rcaMs), `/ ${Math.max(...rcaMs).toFixed(0)} ms`);
    const cores = availableParallelism();
    line('CPU user+sys, all processes', median(cpu) * 1000, `(node -e 0: ${(median(nodeCpu) * 1000).toFixed(0)} ms); / ${cores} cores = ${((median(cpu) * 1000) / cores).toFixed(0)} ms wall floor when idle`);
    process.stdout.write(`load average now: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (wall times above are inflated by other work)\n`);
    for (const s of last.servers) {
      process.stdout.write(`  ${s.name.padEnd(10)} ${s.status.padEnd(8)} ${String(s.tools.length).padStart(2)} tools  start ${s.start_ms ?? '-'} ms (spawn to tool list, last run)\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
