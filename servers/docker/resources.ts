// Validation of update_resources input: memory sizes like 512m or 1g (at least 4m) and 0 < cpus <= 64.
// Pure functions, so the limits and their messages are tested without an engine.
import type { ResourceUpdate } from './records.js';

export const MIN_MEMORY_BYTES = 4 * 1024 * 1024;
export const MAX_CPUS = 64;
const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/** Parses "512m", "1g", "1.5g", "64MiB", "4194304" (bytes) the way docker does (binary units). */
export function parseMemory(text: string): Checked<number> {
  const m = /^(\d+(?:\.\d+)?)\s*([bkmgt]?)(?:i?b)?$/i.exec(text.trim());
  if (!m) return { ok: false, error: `memory "${text}" is not a size: use a number with a unit, e.g. 512m or 1g` };
  const bytes = Math.round(Number(m[1]) * UNITS[m[2]!.toLowerCase()]!);
  if (bytes < MIN_MEMORY_BYTES) return { ok: false, error: `memory "${text}" is below the minimum of 4m: give at least 4m, e.g. 256m` };
  if (!Number.isSafeInteger(bytes)) return { ok: false, error: `memory "${text}" is too large` };
  return { ok: true, value: bytes };
}

export function checkCpus(cpus: number): Checked<number> {
  if (!Number.isFinite(cpus) || cpus <= 0 || cpus > MAX_CPUS) {
    return { ok: false, error: `cpus ${cpus} is out of range: give a number above 0 and at most ${MAX_CPUS}, e.g. 0.5 or 2` };
  }
  const nano = Math.round(cpus * 1e9);
  if (nano < 1e7) return { ok: false, error: `cpus ${cpus} is too small: give at least 0.01` };
  return { ok: true, value: nano };
}

/** Validates the whole request; at least one of memory and cpus must be given. */
export function validateResources(input: { memory?: string; cpus?: number }): Checked<ResourceUpdate> {
  if (input.memory === undefined && input.cpus === undefined) {
    return { ok: false, error: 'nothing to update: give memory (e.g. "512m") and/or cpus (e.g. 1.5)' };
  }
  const out: ResourceUpdate = {};
  if (input.memory !== undefined) {
    const mem = parseMemory(input.memory);
    if (!mem.ok) return mem;
    out.memory_bytes = mem.value;
  }
  if (input.cpus !== undefined) {
    const cpu = checkCpus(input.cpus);
    if (!cpu.ok) return cpu;
    out.nano_cpus = cpu.value;
  }
  return { ok: true, value: out };
}

/** 536870912 -> "512m": how sizes are shown back to the caller. */
export function formatMemory(bytes: number): string {
  if (bytes === 0) return 'unlimited';
  for (const [unit, size] of [['g', 1024 ** 3], ['m', 1024 ** 2], ['k', 1024]] as const) {
    if (bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}b`;
}
