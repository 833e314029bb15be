// Reading a tool's JSON against its contract: tolerant on purpose (an item that does not fit is dropped, wrappers
// like {deployments:[...]} accepted), so a drifting server is missing evidence, never a crash; `misfits` says what drifted.
import type { z } from 'zod';

/** The array in a tool's JSON: the value itself, a named property, or the first array-valued property. */
export function findArray(json: unknown, keys: string[]): unknown[] | null {
  if (Array.isArray(json)) return json;
  if (!json || typeof json !== 'object') return null;
  const rec = json as Record<string, unknown>;
  for (const k of keys) if (Array.isArray(rec[k])) return rec[k] as unknown[];
  for (const v of Object.values(rec)) if (Array.isArray(v) && v.every((x) => typeof x === 'object')) return v;
  for (const v of Object.values(rec)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const inner = findArray(v, keys);
      if (inner) return inner;
    }
  }
  return null;
}

/** The items of a tool's list output. */
export interface ListContract<T> {
  /** Where the list usually is ({signatures:[...]}); other shapes are searched too. */
  keys: string[];
  item: z.ZodType<T>;
  /** Fields the servers send for a model or a person that the engine does not read (said, not silently dropped). */
  unread?: string[];
  /**
   * The schema's reading of a well-formed item done by hand, for lists so long that zod's cost shows (undefined for
   * anything else, which the schema then reads with its coercions, defaults and drops).
   */
  plain?: (item: unknown) => T | undefined;
}

export function parseItems<T>(json: unknown, contract: ListContract<T>): T[] | null {
  const arr = findArray(json, contract.keys);
  if (!arr) return null;
  const out: T[] = [];
  for (const item of arr) {
    const plain = contract.plain?.(item);
    if (plain !== undefined) {
      out.push(plain);
      continue;
    }
    const r = contract.item.safeParse(item);
    if (r.success) out.push(r.data);
  }
  return out;
}

/**
 * What does not fit the contract: no list at all, each item the parse would drop with its first problem, and
 * each field a server sends that the parse would silently leave out (a new field nobody told the engine about).
 */
export function misfits(json: unknown, contract: ListContract<unknown>): string[] {
  const arr = findArray(json, contract.keys);
  if (!arr) return [`no list (${contract.keys.join(', ')})`];
  return arr.flatMap((item, i) => itemMisfits(item, contract.item, contract.unread).map((m) => `item ${i}: ${m}`));
}

export function itemMisfits(item: unknown, schema: z.ZodType, unread: string[] = []): string[] {
  const r = schema.safeParse(item);
  if (!r.success) return [`${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}`];
  const kept = r.data && typeof r.data === 'object' ? Object.keys(r.data) : [];
  const sent = item && typeof item === 'object' && !Array.isArray(item) ? Object.keys(item) : [];
  return sent.filter((k) => !kept.includes(k) && !unread.includes(k)).map((k) => `${k}: sent by the server, not in the contract`);
}
