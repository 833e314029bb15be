// The model may reword a non-engineer summary built by code, never add to it: a rewording that brings a number,
// time or version the summary did not have, or a hash, or grows much longer, is discarded for the code's text.
import type { AudienceSummary } from '../rca/render/audience.js';
import { factTokens, plainWords } from '../rca/render/audience.js';
import type { LlmProvider } from '../llm/provider.js';

const SYSTEM = [
  'Rewrite each section of an incident summary for the reader named, in plain words.',
  'Use only facts in the text given: add no number, time, name, cause or promise. Keep each section short.',
  'Answer with the same JSON shape: {"sections": [{"heading": "...", "text": "..."}]} with the same headings in the same order.',
].join('\n');

function acceptable(original: AudienceSummary, text: string): AudienceSummary | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const sections = (value as { sections?: unknown })?.sections;
  if (!Array.isArray(sections) || sections.length !== original.sections.length) return null;
  const allowed = factTokens(original.sections.map((s) => s.text).join(' '));
  const out: AudienceSummary['sections'] = [];
  for (const [i, s] of sections.entries()) {
    const orig = original.sections[i]!;
    const t = typeof (s as { text?: unknown })?.text === 'string' ? ((s as { text: string }).text) : '';
    if (!t || t.length > orig.text.length * 1.6 + 40) return null;
    if ([...factTokens(t)].some((f) => !allowed.has(f))) return null;
    if (plainWords(t) !== t.replace(/\s+/g, ' ').trim()) return null;
    out.push({ heading: orig.heading, text: t });
  }
  return { ...original, sections: out };
}

/** The summary reworded by the model when it keeps to the facts; otherwise the code's summary, unchanged. */
export async function polishSummary(provider: LlmProvider, summary: AudienceSummary): Promise<{ summary: AudienceSummary; polished: boolean; notice?: string }> {
  try {
    const check = await provider.check();
    if (!check.ok) return { summary, polished: false, notice: `${check.notice}; the summary is code's wording` };
    const res = await provider.chat({
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: `Reader: ${summary.audience === 'exec' ? 'an executive' : 'a customer'}\n${JSON.stringify({ sections: summary.sections })}` },
      ],
      format: { type: 'object', properties: { sections: { type: 'array', maxItems: summary.sections.length, items: { type: 'object', properties: { heading: { type: 'string', maxLength: 60 }, text: { type: 'string', maxLength: 400 } }, required: ['heading', 'text'] } } }, required: ['sections'] },
    });
    const ok = acceptable(summary, res.message.content);
    return ok ? { summary: ok, polished: true } : { summary, polished: false, notice: "the model's rewording added to the facts or broke the shape; the summary is code's wording" };
  } catch (err) {
    return { summary, polished: false, notice: `the model could not polish the summary (${err instanceof Error ? err.message : String(err)}); the summary is code's wording` };
  }
}
