// Whether rca watch may run a runbook unattended: all three of --auto-heal, an approved (active) version
// that declares `auto.on` for this trigger, and the per-hour limit and cool-down not reached. Pure policy.
import type { Runbook } from '../runbook/schema.js';

export interface AutoHealInput {
  enabled: boolean;
  /** The runbook's active version as stored (null when no version was ever approved or adopted). */
  active: { version: number; runbook: Runbook } | null;
  trigger: string;
  runsLastHour: number;
  lastRunForTarget: string | null;
  now: Date;
}

export type AutoHealDecision = { run: true; version: number } | { run: false; reason: string };

export function decideAutoHeal(i: AutoHealInput): AutoHealDecision {
  if (!i.enabled) return { run: false, reason: 'rca watch runs without --auto-heal: proposed only' };
  if (!i.active) return { run: false, reason: 'the runbook has no approved version: proposed only' };
  const auto = i.active.runbook.auto;
  if (!auto) return { run: false, reason: `${i.active.runbook.id} v${i.active.version} does not declare auto: for unattended use` };
  if (!auto.on.includes(i.trigger as (typeof auto.on)[number])) {
    return { run: false, reason: `${i.active.runbook.id} allows unattended runs on ${auto.on.join(', ')}, not ${i.trigger}` };
  }
  if (i.runsLastHour >= auto.max_per_hour) {
    return { run: false, reason: `${i.active.runbook.id} already ran unattended ${i.runsLastHour} time(s) in the last hour (max_per_hour ${auto.max_per_hour})` };
  }
  if (i.lastRunForTarget) {
    const since = i.now.getTime() - Date.parse(i.lastRunForTarget);
    if (since < auto.cooldown) {
      return { run: false, reason: `cool-down: ${i.active.runbook.id} ran on this target ${Math.round(since / 1000)} s ago (cooldown ${Math.round(auto.cooldown / 1000)} s)` };
    }
  }
  return { run: true, version: i.active.version };
}
