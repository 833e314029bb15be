// Same-run references for bench:real's time per case: each case's `rca --offline` is followed by a bare Node
// start-up and an `rca servers --json` on the same sources (start the servers, one call each), so all three see one load.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Wall milliseconds of one process run; failures count as run (the time is what is measured). */
export async function timed(argv: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<number> {
  const t0 = performance.now();
  await run(process.execPath, argv, { ...opts, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }).catch(() => undefined);
  return performance.now() - t0;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

export interface CaseTimes {
  /** `rca --offline --json` on the case. */
  rca: number;
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
  ];
}
