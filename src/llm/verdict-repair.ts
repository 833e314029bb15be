// Repairs by code what a real model's verdict gets wrong and a grammar cannot prevent (a confidence of 7373,
// a 5,000-character summary, a category off the list, JSON cut at num_predict), before a repair round is spent.
import { CATEGORIES } from '../core/report.js';

/** Bounds shared by the grammar (`format`) and the clamp: what fits a report and a small model's budget. */
export const VERDICT_BOUNDS = {
  summary: 400,
  text: 300,
  quote: 300,
  shortText: 80,
  evidence: 6,
  ruledOut: 5,
  recommendations: 5,
} as const;

/**
 * Closes JSON that stopped mid-way (the token cap, a repetition stop): drops a dangling key or comma,
 * closes an open string, then the open arrays and objects. Null when the text does not start as JSON.
 */
export function closeTruncatedJson(text: string): string | null {
  const start = text.search(/[{[]/);
  if (start < 0) return null;
  let body = text.slice(start).replace(/\s+$/, '');
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  for (const ch of body) {
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') stack.push(ch === '{' ? '}' : ']');
    else if (ch === '}' || ch === ']') stack.pop();
  }
  if (stack.length === 0 && !inString) return body;
  if (escaped) body = body.slice(0, -1);
  if (inString) body += '"';
  // In an object, a string right after `{` or `,` is a key: without its value it cannot be closed.
  if (stack.at(-1) === '}') {
    body = body.replace(/([{,])\s*"(?:[^"\\]|\\.)*"\s*:?\s*$/, '$1');
  }
  body = body.replace(/\s*[,:]\s*$/, '');
  return body + stack.reverse().join('');
}

let clipped = 0;
const clip = (v: unknown, max: number): unknown => {
  if (typeof v !== 'string' || v.length <= max) return v;
  clipped += 1;
  return `${v.slice(0, max - 1)}…`;
};
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nullish = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && /^(|null|none|n\/a|unknown)$/i.test(v.trim()));

/** A number in 0..1 from what models write: 0.8, "0.8", 80 or "80%" (a percentage), 7373 (clamped to 1). */
export function clampConfidence(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number.parseFloat(v) : Number.NaN;
  if (!Number.isFinite(n)) return 0;
  const pct = typeof v === 'string' && v.includes('%');
  const x = pct || (n > 1 && n <= 100) ? n / 100 : n;
  return Math.min(1, Math.max(0, x));
}

/**
 * The verdict object with every field the grammar could not bound brought inside its bounds: strings cut,
 * arrays shortened, confidence clamped, an unknown category made `unknown`, empty-like values made null.
 * Returns what changed, so the caller can say so; the result still goes through the zod schema.
 */
export function clampVerdict(value: unknown): { value: unknown; changes: string[] } {
  if (!isObj(value)) return { value, changes: [] };
  const v: Record<string, unknown> = { ...value };
  const changes: string[] = [];
  clipped = 0;
  v.summary = clip(v.summary, VERDICT_BOUNDS.summary);
  if (v.confidence !== undefined && (typeof v.confidence !== 'number' || v.confidence < 0 || v.confidence > 1)) {
    changes.push(`confidence ${String(v.confidence).slice(0, 20)} clamped`);
    v.confidence = clampConfidence(v.confidence);
  }
  if (typeof v.category === 'string' && !(CATEGORIES as readonly string[]).includes(v.category)) {
    const near = CATEGORIES.find((c) => c === (v.category as string).toLowerCase().trim().replace(/[\s-]+/g, '_'));
    if (!near) changes.push(`category ${JSON.stringify(v.category.slice(0, 30))} is not one of the list`);
    v.category = near ?? 'unknown';
  }
  for (const k of ['service', 'suspect_sha', 'onset'] as const) {
    if (nullish(v[k])) v[k] = null;
    else v[k] = clip(v[k], VERDICT_BOUNDS.shortText);
  }
  if (typeof v.onset === 'string' && Number.isNaN(Date.parse(v.onset))) v.onset = null;
  const list = (k: string, max: number, each: (x: unknown) => unknown) => {
    if (v[k] === undefined || v[k] === null) v[k] = [];
    if (!Array.isArray(v[k])) return;
    const arr = v[k] as unknown[];
    if (arr.length > max) changes.push(`${k} cut from ${arr.length} to ${max} items`);
    v[k] = arr.slice(0, max).map(each);
  };
  // A quote is cut without an ellipsis: its head must still match the tool output.
  list('evidence', VERDICT_BOUNDS.evidence, (e) =>
    isObj(e) ? { call_id: clip(String(e.call_id ?? ''), VERDICT_BOUNDS.shortText), detail: clip(e.detail ?? '', VERDICT_BOUNDS.text), quote: String(e.quote ?? '').slice(0, VERDICT_BOUNDS.quote) } : e,
  );
  list('ruled_out', VERDICT_BOUNDS.ruledOut, (r) => (isObj(r) ? { what: clip(r.what ?? '', VERDICT_BOUNDS.text), reason: clip(r.reason ?? '', VERDICT_BOUNDS.text) } : r));
  list('recommendations', VERDICT_BOUNDS.recommendations, (r) => clip(r, VERDICT_BOUNDS.text));
  if (clipped) changes.push(`${clipped} long field(s) cut`);
  return { value: v, changes };
}
