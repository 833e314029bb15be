// Whether the limit a change set is of another resource than the one a saturation was seen on: a container memory
// limit adds no CPU work, so a CPU jump after a release that only moved memory limits is not what that release set.
import { metricKind } from '../core/metric-kind.js';
import type { ChangeFinding, ConditionFinding } from './change-settings.js';

/**
 * A memory (not heap) setting: a container's or process's memory request/limit. A heap is left out on purpose: a
 * smaller heap makes its collector run more, which does cost CPU.
 */
const MEMORY_SETTING = /(^|[^a-z])(mem|memory|ram)([^a-z]|$)/i;
const HEAP_SETTING = /heap|xmx|xms|gc|garbage/i;

/**
 * The change only set memory limits while the resource seen jumping is CPU: lowering or raising a memory cap adds no
 * work, so it explains a CPU jump only through kills and restarts, which are conditions of their own.
 */
export function setsOtherResource(c: ChangeFinding, cond: ConditionFinding | undefined): boolean {
  const metric = cond?.kind === 'condition' ? cond.metric : undefined;
  if (!metric || metricKind(metric) !== 'cpu') return false;
  const keys = c.hints.map((h) => h.split(' changed from ')[0] ?? '').filter((k) => k.length > 0);
  return keys.length > 0 && keys.every((k) => MEMORY_SETTING.test(k) && !HEAP_SETTING.test(k));
}
