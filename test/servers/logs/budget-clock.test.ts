// The first look's time budget is spent in CPU time: a read slowed by a busy machine (the process waits, its CPU does
// not run) is not sampled, real work past the budget still is, and the wall-clock ceiling remains a last resort.
import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { budgetNow, clockOf, startBudget, wallBound } from '../../../servers/logs/budget-clock.js';
import { readPaced, type Planned } from '../../../servers/logs/piece-pacer.js';
import { samplingNote } from '../../../servers/logs/coverage.js';

const planned = (n: number): Planned[] => Array.from({ length: n }, (_, i) => ({ from: i * 1000, to: i * 1000 + 100, weight: 10 }));

/** Spins until the process has spent `ms` of CPU (real work, however busy the machine running the test). */
function spin(ms: number): void {
  const cpu = () => (process.cpuUsage().user + process.cpuUsage().system) / 1000;
  const end = cpu() + ms;
  while (cpu() < end);
}

describe('the CPU-time budget', () => {
  it('does not trip when the wall clock is slowed: 120 pieces waiting 10 ms each against a 100 ms budget read them all', async () => {
    const { clock, deadline } = startBudget(100, 60_000, 1);
    const r = await readPaced(planned(120), deadline, () => sleep(10), clockOf(clock));
    expect(r.thinnedTo).toBe(1);
    expect(r.pieces).toBe(120);
    expect(wallBound(clock)).toBe(false);
  });

  it('near miss: the same waits on the wall clock (the old budget) thin the read', async () => {
    const r = await readPaced(planned(120), Date.now() + 100, () => sleep(10));
    expect(r.thinnedTo).toBeGreaterThan(1);
    expect(r.pieces).toBeLessThan(120);
  });

  it('still trips on real work: 120 pieces each spinning 5 ms of CPU against the same budget are thinned', async () => {
    const { clock, deadline } = startBudget(100, 60_000, 1);
    const r = await readPaced(
      planned(120),
      deadline,
      async () => spin(5),
      clockOf(clock),
    );
    expect(r.thinnedTo).toBeGreaterThan(1);
    expect(r.pieces).toBeLessThan(120);
    expect(wallBound(clock)).toBe(false);
  });

  it('counts CPU per core: two cores spend the budget half as fast as one', () => {
    const one = startBudget(10_000, 3_600_000, 1);
    const two = startBudget(10_000, 3_600_000, 2);
    spin(120);
    const a = budgetNow(one.clock);
    const b = budgetNow(two.clock);
    expect(a).toBeGreaterThanOrEqual(120);
    expect(b).toBeGreaterThanOrEqual(60);
    expect(b).toBeLessThan(a * 0.75);
  });

  it('keeps the wall clock as a ceiling: waits past it thin the read, and the note says the machine was busy', async () => {
    const { clock, deadline } = startBudget(100, 300, 1);
    const r = await readPaced(planned(120), deadline, () => sleep(10), clockOf(clock));
    expect(r.thinnedTo).toBeGreaterThan(1);
    expect(wallBound(clock)).toBe(true);
    const note = samplingNote([{ file: '/x/app.log', windowBytes: 3e6, readBytes: 1e6, fraction: 1 / 3, index: 'none', busy: true }]);
    expect(note).toMatch(/machine was busy: its wall-clock ceiling ran out before the CPU time budget/);
    expect(samplingNote([{ file: '/x/app.log', windowBytes: 3e6, readBytes: 1e6, fraction: 1 / 3, index: 'none' }])).not.toMatch(/busy/);
  });

  it('without a clock is epoch ms, as callers that pass an epoch deadline expect', () => {
    expect(Math.abs(budgetNow(undefined) - Date.now())).toBeLessThan(50);
  });
});
