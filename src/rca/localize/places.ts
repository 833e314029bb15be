// The ranking's places after the root cause: hypotheses in order until four more services are named, so the list a
// reader gets holds five distinct places even when several hypotheses speak of one service.

/** How many more places the ranking offers after the root cause. */
export const PLACES = 4;

/**
 * The next hypotheses in order until PLACES more services are named: one about a service already named above it (the
 * localizer's evidence for the service a change or a condition blames) adds its evidence but takes no place.
 */
export function placesAfter<H extends { service: string | null }>(best: H, rest: H[]): H[] {
  const named = new Set<string | null>([best.service]);
  const out: H[] = [];
  let places = 0;
  for (const h of rest) {
    const known = h.service !== null && named.has(h.service);
    if (!known && places === PLACES) break;
    out.push(h);
    if (!known) places++;
    named.add(h.service);
  }
  return out;
}
