// Same-run references for bench:real's time per case: each case's `rca --offline` is followed by a bare Node
// start-up and an `rca servers --json` on the same sources (start the servers, one call each), so all three see one load.
// CPU per case (rca and every server it started) is read from the shell's `times`, which load and concurrency barely move.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { childrenCpuMs, median } from './process-cost.js';

const run = promisify(execFile);

/** Wall milliseconds of one process run; failures count as run (the time is what is measured). */
export async function timed(argv: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<number> {
  const t0 = performance.now();
  await run(process.execPath, argv, { ...opts, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }).catch(() => undefined);
  return performance.now() - t0;
}

/** One run's wall time, and the user + system CPU of the process and all its (reaped) descendants. */
export interface Measured {
  stdout: string;
  stderr: string;
  code: number;
  wallMs: number;
  cpuMs: number;
}

/**
 * Runs `node argv` under /bin/sh and reads the children's CPU from `times` (its second line), so the servers rca
 * started and reaped count too; cpuMs is NaN where that line is missing.
 */
export async function measured(argv: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Measured> {
  const script = '"$0" "$@"; s=$?; echo "@@times" >&2; times >&2; exit $s';
  const t0 = performance.now();
  const r = await run('/bin/sh', ['-c', script, process.execPath, ...argv], { ...opts, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }).then(
    (o) => ({ ...o, code: 0 }),
    (e: { stdout?: string; stderr?: string; code?: number }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: e.code ?? 1 }),
  );
  const wallMs = performance.now() - t0;
  const at = r.stderr.lastIndexOf('@@times');
  // After the marker's line: the shell's own times, then its children's.
  const times = at < 0 ? '' : r.stderr.slice(r.stderr.indexOf('\n', at) + 1);
  return { stdout: r.stdout, stderr: at < 0 ? r.stderr : r.stderr.slice(0, at), code: r.code, wallMs, cpuMs: childrenCpuMs(times) };
}

export interface CaseTimes {
  /** `rca --offline --json` on the case. */
  rca: number;
  /** CPU (user + system) of that run, rca and the servers it started. */
  rcaCpu: number;
  /** `node -e ''` right after it. */
  node: number;
  /** `rca servers --json` on the same sources right after it. */
  servers: number;
}

/** The timing lines: medians, the reference runs beside them and the ratios to each. */
export function timingReport(times: CaseTimes[], concurrency: number, targetMs: number): string[] {
  const m = { rca: median(times.map((t) => t.rca)), node: median(times.map((t) => t.node)), servers: median(times.map((t) => t.servers)) };
  const max = Math.max(0, ...times.map((t) => t.rca));
  const r = (x: number) => `${Math.round(x)} ms`;
  return [
    `time per case (${times.length} cases, ${concurrency} at a time, wall): median ${r(m.rca)}, max ${r(max)}; target < ${targetMs} ms`,
    `  same run, interleaved: node -e '' median ${r(m.node)} (rca = ${(m.rca / (m.node || 1)).toFixed(1)}x);` +
      ` rca servers --json (start the servers, one call each) median ${r(m.servers)} (rca = ${(m.rca / (m.servers || 1)).toFixed(2)}x)`,
    `  the engine beyond starting the servers: median ${r(median(times.map((t) => t.rca - t.servers)))} per case`,
    `  CPU per case (rca and its servers, user + system): median ${r(median(times.map((t) => t.rcaCpu)))}` +
      (concurrency > 1 ? `; on ${concurrency} cores shared by ${concurrency} cases at a time, wall is about that CPU (--jobs 1 for one case at a time)` : ''),
  ];
}
