// Grounded quotes: the text an evidence item quotes must occur literally in the cited call's output.
// Outputs are JSON, so a value's raw form may differ from its escaped form; we quote what is there.
import { serverOf } from '../core/tools.js';
import type { EvidenceBundle } from './bundle.js';

const MAX_QUOTE = 200;

/**
 * Returns a substring of `output` that stands for `wanted`: the value itself, its JSON-escaped form,
 * or its longest escape-free piece; cut to a readable length. Null when nothing of it is there.
 */
export function groundQuote(output: string, wanted: string, max = MAX_QUOTE): string | null {
  const candidates = [wanted, JSON.stringify(wanted).slice(1, -1)];
  for (const c of candidates) {
    if (c.length === 0) continue;
    const cut = cutAt(c, max);
    if (output.includes(cut)) return cut;
  }
  const pieces = wanted
    .split(/["\\\n\r\t]/)
    .map((p) => p.trim())
    .filter((p) => p.length >= 6)
    .sort((a, b) => b.length - a.length);
  for (const p of pieces) {
    const cut = cutAt(p, max);
    if (output.includes(cut)) return cut;
  }
  return null;
}

function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  // Never end inside an escape sequence, or the quote would no longer occur in the output.
  let cut = text.slice(0, max);
  const slash = cut.lastIndexOf('\\');
  if (slash >= max - 6) cut = cut.slice(0, slash);
  return cut;
}

export interface EvidenceRef {
  /** The server the cited call went to (built-in or an extra mcpServers entry). */
  source: string;
  tool: string;
  call_id: string;
  detail: string;
  quote: string;
}

/** Builds an evidence item when its quote can be grounded in the call's output, else null. */
export function cite(
  bundle: EvidenceBundle,
  callId: string,
  detail: string,
  wanted: string[],
): EvidenceRef | null {
  const out = bundle.outputs[callId];
  if (!out) return null;
  for (const w of wanted) {
    const q = groundQuote(out.text, w);
    if (q) return { source: serverOf(out.tool), tool: out.tool, call_id: callId, detail, quote: q };
  }
  return null;
}

/** Collects the non-null refs. */
export function refs(...items: Array<EvidenceRef | null | undefined>): EvidenceRef[] {
  return items.filter((x): x is EvidenceRef => !!x);
}
