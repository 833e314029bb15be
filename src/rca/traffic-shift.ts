// A change that moved a traffic split's weights (Gateway API HTTPRoute backendRefs, an Istio VirtualService's route
// destinations, an SMI TrafficSplit): the backend whose weight rose now takes that share of every request at once.

/** A backend whose share of the split a diff raised: `weight: 5` → `weight: 50` under `- name: checkout-canary`. */
export interface WeightShift {
  backend: string;
  from: number;
  to: number;
  /** The added line that set it, as the diff has it. */
  line: string;
}

/** The line naming a split's backend: HTTPRoute `- name:`, VirtualService `host:`, TrafficSplit `service:`. */
const BACKEND = /^[ +]\s*(?:-\s+)?(?:name|host|service|serviceName|backend):\s*["']?([a-z0-9][a-z0-9.-]{0,252})["']?\s*$/;
const WEIGHT = /^([+-])\s*(?:-\s+)?weight:\s*["']?(\d{1,6})["']?\s*$/;

/**
 * The backends whose weight the diff raised, each with its old and new weight: a weight line removed and one added
 * under the same backend (the nearest name above it in the hunk). A weight moved with its value kept shifts nothing.
 */
export function weightShifts(diff: string): WeightShift[] {
  const out: WeightShift[] = [];
  let backend: string | null = null;
  let old: number | null = null;
  for (const line of diff.split('\n')) {
    if (line.startsWith('@@') || line.startsWith('diff --git')) {
      backend = null;
      old = null;
      continue;
    }
    if (line.startsWith('+++') || line.startsWith('---')) continue;
    const named = BACKEND.exec(line);
    if (named) {
      backend = named[1]!.toLowerCase();
      old = null;
      continue;
    }
    const w = WEIGHT.exec(line);
    if (!w || backend === null) continue;
    if (w[1] === '-') old = Number(w[2]);
    else if (old !== null && Number(w[2]) > old) out.push({ backend, from: old, to: Number(w[2]), line: line.slice(1).trim() });
  }
  return out;
}
