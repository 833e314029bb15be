// `{{ params.x }}` / `{{ state.x }}` / `{{ steps.id.stdout }}` substitution into argv elements, env values
// and tool arguments: each value lands as one whole argument, never re-parsed by a shell.

export const TEMPLATE_RE = /\{\{\s*([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*)\s*\}\}/g;
const EXACT_RE = /^\{\{\s*([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*)\s*\}\}$/;

export type Lookup = (path: string[]) => unknown;

export class TemplateError extends Error {}

function show(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Every reference used by templates in a string. */
export function templateRefs(s: string): string[][] {
  return [...s.matchAll(TEMPLATE_RE)].map((m) => m[1].split('.'));
}

export function renderString(s: string, lookup: Lookup): string {
  return s.replace(TEMPLATE_RE, (_m, ref: string) => {
    const v = lookup(ref.split('.'));
    if (v === undefined) throw new TemplateError(`{{ ${ref} }} has no value`);
    return show(v);
  });
}

/** Renders tool arguments; a string that is exactly one template keeps the value's type (number, boolean). */
export function renderValue(v: unknown, lookup: Lookup): unknown {
  if (typeof v === 'string') {
    const exact = EXACT_RE.exec(v);
    if (exact) {
      const val = lookup(exact[1].split('.'));
      if (val === undefined) throw new TemplateError(`{{ ${exact[1]} }} has no value`);
      return val;
    }
    return renderString(v, lookup);
  }
  if (Array.isArray(v)) return v.map((x) => renderValue(x, lookup));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, renderValue(x, lookup)]));
  return v;
}

/** Every template reference anywhere inside a JSON-like value. */
export function valueRefs(v: unknown): string[][] {
  if (typeof v === 'string') return templateRefs(v);
  if (Array.isArray(v)) return v.flatMap(valueRefs);
  if (v && typeof v === 'object') return Object.values(v).flatMap(valueRefs);
  return [];
}
