// The unattended-run policy: each of the three conditions missing refuses the run with its reason,
// and the per-hour limit and cool-down stop flapping.
import { describe, expect, it } from 'vitest';
import { runbookSchema } from '../../src/runbook/schema.js';
import { decideAutoHeal, type AutoHealInput } from '../../src/watch/auto-heal.js';

const rb = (auto?: unknown) =>
  runbookSchema.parse({ id: 'RB-RESTART-001', title: 'restart', steps: [{ id: 's', run: ['true'] }], ...(auto ? { auto } : {}) });
const now = new Date('2026-02-17T15:00:00Z');
const ok: AutoHealInput = {
  enabled: true, active: { version: 2, runbook: rb({ on: ['container_unhealthy'], max_per_hour: 2, cooldown: '10m' }) },
  trigger: 'container_unhealthy', runsLastHour: 0, lastRunForTarget: null, now,
};

describe('decideAutoHeal', () => {
  it('runs when all three conditions hold', () => {
    expect(decideAutoHeal(ok)).toEqual({ run: true, version: 2 });
  });
  it('refuses without --auto-heal', () => {
    expect(decideAutoHeal({ ...ok, enabled: false })).toMatchObject({ run: false, reason: expect.stringMatching(/--auto-heal/) });
  });
  it('refuses without an approved version', () => {
    expect(decideAutoHeal({ ...ok, active: null })).toMatchObject({ run: false, reason: expect.stringMatching(/approved/) });
  });
  it('refuses a runbook that does not declare auto, or not for this trigger', () => {
    expect(decideAutoHeal({ ...ok, active: { version: 1, runbook: rb() } })).toMatchObject({ run: false, reason: expect.stringMatching(/auto:/) });
    expect(decideAutoHeal({ ...ok, trigger: 'container_oom' })).toMatchObject({ run: false, reason: expect.stringMatching(/not container_oom/) });
  });
  it('stops at max_per_hour and inside the cool-down', () => {
    expect(decideAutoHeal({ ...ok, runsLastHour: 2 })).toMatchObject({ run: false, reason: expect.stringMatching(/max_per_hour 2/) });
    expect(decideAutoHeal({ ...ok, lastRunForTarget: '2026-02-17T14:55:00Z' })).toMatchObject({ run: false, reason: expect.stringMatching(/cool-down/) });
    expect(decideAutoHeal({ ...ok, lastRunForTarget: '2026-02-17T14:45:00Z' })).toEqual({ run: true, version: 2 });
  });
  it('the schema refuses an empty trigger list', () => {
    expect(() => rb({ on: [] })).toThrow(/auto.on/);
  });
});
