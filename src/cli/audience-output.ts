// `--audience exec|customer` for `rca` and `rca show`: the non-engineer summary in place of the report, built by
// code and reworded by the model when one is configured and keeps to the facts; --json gives its sections.
import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import type { Report } from '../core/report.js';
import type { LlmProvider } from '../llm/provider.js';
import { AUDIENCES, buildAudienceSummary, renderAudienceText, type Audience } from '../rca/render/audience.js';
import type { OutStream } from './output.js';

const audienceSchema = z.enum(AUDIENCES as [Audience, ...Audience[]]);

/** The --audience flag: undefined for the engineers' report. */
export function audienceFlag(value: unknown): Audience | undefined {
  if (value === undefined) return undefined;
  const parsed = audienceSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--audience ${String(value)}: use exec or customer`);
  return parsed.data;
}

/** Writes the summary on stdout; a model's notice (rewording refused or failed) goes to stderr unless quiet. */
export async function writeAudienceSummary(
  report: Report,
  audience: Audience,
  opts: { json: boolean; provider: LlmProvider | null; quiet?: boolean; out?: OutStream },
): Promise<void> {
  let summary = buildAudienceSummary(report, audience);
  let polished = false;
  if (opts.provider) {
    const { polishSummary } = await import('./audience-polish.js');
    const r = await polishSummary(opts.provider, summary);
    summary = r.summary;
    polished = r.polished;
    if (r.notice && !opts.quiet) process.stderr.write(`${r.notice}\n`);
  }
  const out = opts.out ?? process.stdout;
  out.write(opts.json ? `${JSON.stringify({ ...summary, worded_by: polished ? 'model' : 'code', investigation_engine: report.engine }, null, 2)}\n` : renderAudienceText(summary));
}
