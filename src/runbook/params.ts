// Runbook params: `--param k=v` pairs checked against the declared names, required flags and patterns;
// values reach commands only as whole argv elements, tool arguments or RB_<NAME> environment variables.
import { UsageError } from '../core/errors.js';
import type { Param, Runbook } from './schema.js';

/** Splits repeated `--param k=v` flags; a value may contain '='. */
export function parseParamFlags(flags: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of flags) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param "${f}" is not k=v`, 'write --param service=checkout');
    out[f.slice(0, eq)] = f.slice(eq + 1);
  }
  return out;
}

/** Resolves given values and defaults against the declarations; every problem is listed in one error. */
export function resolveParams(rb: Runbook, given: Record<string, string>): Record<string, string> {
  const problems: string[] = [];
  const known = new Map(rb.params.map((p) => [p.name, p]));
  for (const k of Object.keys(given)) {
    if (!known.has(k)) problems.push(`unknown param "${k}" (this runbook takes: ${[...known.keys()].join(', ') || 'none'})`);
  }
  const out: Record<string, string> = {};
  const missing: string[] = [];
  for (const p of rb.params) {
    const v = given[p.name] ?? (p.default !== undefined ? String(p.default) : undefined);
    if (v === undefined) {
      if (p.required) {
        problems.push(`missing required param "${p.name}"${p.description ? ` (${p.description})` : ''}`);
        missing.push(p.name);
      }
      continue;
    }
    if (p.pattern && !new RegExp(p.pattern).test(v)) problems.push(`param "${p.name}" = "${v}" does not match ${p.pattern}`);
    else if (p.type === 'number' && !Number.isFinite(Number(v))) problems.push(`param "${p.name}" = "${v}" is not a number`);
    else if (p.type === 'boolean' && !['true', 'false'].includes(v)) problems.push(`param "${p.name}" = "${v}" is not true or false`);
    out[p.name] = v;
  }
  // The hint names the exact flags: a required param is a target, which is never implied.
  const hint = missing.length
    ? `pass ${missing.map((n) => `--param ${n}=VALUE`).join(' ')} (or run it on a terminal to be asked)`
    : 'pass params as --param name=value';
  if (problems.length) throw new UsageError(problems.join('; '), hint);
  return out;
}

/** The typed value of a param for tool arguments. */
export function typedParam(p: Param | undefined, v: string): string | number | boolean {
  if (p?.type === 'number') return Number(v);
  if (p?.type === 'boolean') return v === 'true';
  return v;
}

export function paramEnvName(name: string): string {
  return `RB_${name.toUpperCase()}`;
}

export function paramEnv(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [paramEnvName(k), v]));
}
