// The clock a windowed call's time budget is spent on: the process's CPU time per core, so a machine busy with other
// work (which slows the wall clock, not the work) does not turn the answer into a sample; the wall clock is a ceiling.
import { availableParallelism } from 'node:os';

/**
 * Where a call's budget clock started, as plain numbers (it travels to the scan workers, and process.cpuUsage() is
 * the whole process's in every thread: all the call's threads spend one budget).
 */
export interface BudgetClock {
  /** Process CPU time (user + system, µs) and epoch ms when the call started. */
  cpuFrom: number;
  wallFrom: number;
  /** Cores the process may run on at once: on an idle machine a scan using them all spends budget as fast as wall time. */
  cores: number;
  /** Budget ms per wall ms (budget / ceiling): the wall clock alone reaches the budget at the ceiling. */
  wallScale: number;
}

/** Process CPU time so far, µs. */
function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/**
 * Starts a budget of `budgetMs` of CPU time per core, and at most `ceilingMs` of wall time (a last resort: a machine
 * so loaded that the call would outrun its client's timeout). The deadline is in the clock's ms (budgetNow).
 */
export function startBudget(budgetMs: number, ceilingMs: number, cores = availableParallelism()): { clock: BudgetClock; deadline: number } {
  const wallScale = ceilingMs > 0 ? Math.min(1, budgetMs / ceilingMs) : 1;
  return { clock: { cpuFrom: cpuMicros(), wallFrom: Date.now(), cores: Math.max(1, cores), wallScale }, deadline: budgetMs };
}

/**
 * Budget ms spent: CPU time per core since the start, or the wall time scaled to the ceiling when that is more
 * (both only grow, so their max is a clock the pacers can measure rates on). No clock: epoch ms, as before.
 */
export function budgetNow(c: BudgetClock | undefined): number {
  if (!c) return Date.now();
  return Math.max((cpuMicros() - c.cpuFrom) / 1000 / c.cores, (Date.now() - c.wallFrom) * c.wallScale);
}

/** The clock as the pacers take it. */
export const clockOf =
  (c: BudgetClock | undefined): (() => number) =>
  () =>
    budgetNow(c);

/**
 * True when the budget is being spent on the wall-clock ceiling rather than on CPU time: the machine is so busy that
 * the process got less than budget / ceiling of its cores, and a sample taken then owes it to the load (the note says so).
 */
export function wallBound(c: BudgetClock | undefined): boolean {
  if (!c) return false;
  return (Date.now() - c.wallFrom) * c.wallScale > (cpuMicros() - c.cpuFrom) / 1000 / c.cores;
}
