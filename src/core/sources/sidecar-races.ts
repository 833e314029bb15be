// request_flows' apps that connected out before their mesh sidecar was ready (servers/logs/sidecar-races.ts), read at
// the boundary as untrusted: names bounded, counts non-negative integers, times parsed; a malformed one drops only itself.
import { z } from 'zod';
import { str } from '../contracts/fields.js';

const count = z.number().int().nonnegative();
const name = z.string().min(1).max(200);

export const SIDECAR_RACES = z
  .array(
    z
      .object({
        service: name,
        proxy: name.nullable().default(null),
        namespace: z.string().max(63).optional().catch(undefined),
        starts: count,
        raced: count,
        clean_before: count,
        failures: count,
        early: count,
        first: str,
        last: str,
        example: z.string().max(2000),
      })
      .nullable()
      .catch(null),
  )
  .max(50)
  .catch([])
  .default([]);

/** One app's start races, times in ms (see servers/logs/sidecar-races.ts for what each count is). */
export interface SidecarRaces {
  service: string;
  proxy: string | null;
  namespace?: string;
  starts: number;
  raced: number;
  cleanBefore: number;
  failures: number;
  early: number;
  first: number;
  last: number;
  example: string;
}

/** The races whose times parse, counts renamed to the engine's spelling. */
export function parseSidecarRaces(xs: z.output<typeof SIDECAR_RACES>): SidecarRaces[] {
  return xs.flatMap((x) => {
    if (!x) return [];
    const first = Date.parse(x.first);
    const last = Date.parse(x.last);
    if (Number.isNaN(first) || Number.isNaN(last)) return [];
    const { clean_before: cleanBefore, namespace, ...counts } = x;
    return [{ ...counts, ...(namespace ? { namespace } : {}), cleanBefore, first, last }];
  });
}
