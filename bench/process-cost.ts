// What a bench measures of a process, one way for every bench: its CPU and peak memory while it runs (Linux /proc),
// the CPU of a finished command and its reaped children (the shell's `times`), `node -e ''` as the reference, medians.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return 0;
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** User + system ms of a live process, all its threads, and its peak resident set in KB (Linux /proc; 10 ms ticks). */
export function liveUsage(pid: number): { cpuMs: number; peakRssKb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name in parentheses may hold spaces: fields are counted after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const peakRssKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return { cpuMs: (Number(fields[11]) + Number(fields[12])) * 10, peakRssKb };
}

/** The children's CPU ms from the second line of the shell's `times` output (`0m1.234s 0m0.456s`); NaN when absent. */
export function childrenCpuMs(timesOutput: string): number {
  const secs = (t: string | undefined) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t ?? '');
    return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  };
  const [user, sys] = (timesOutput.trim().split('\n')[1] ?? '').trim().split(/\s+/);
  return (secs(user) + secs(sys)) * 1000;
}

/** One `node -e ''`: the reference every start-up figure is read against, wall and CPU. */
export function nodeStart(): { wallMs: number; cpuMs: number } {
  const t0 = performance.now();
  const out = execFileSync('/bin/sh', ['-c', '"$0" -e ""; times', process.execPath], { encoding: 'utf8' });
  return { wallMs: performance.now() - t0, cpuMs: childrenCpuMs(out) };
}
