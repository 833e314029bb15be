// The report's output formats in one registry: `rca` and `rca show` choose and render through it, so a new
// format is one entry here and both commands print it the same way (the JSON contract is renderJson's).
import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import type { Report } from '../core/report.js';
import type { OutStream } from './output.js';

type Renderer = (report: Report, out: OutStream) => Promise<string>;

const RENDERERS = {
  text: async (report, out) => (await import('../rca/render/text.js')).renderText(report, { color: (await import('./output.js')).useColor(out) }),
  markdown: async (report) => (await import('../rca/render/markdown.js')).renderMarkdown(report),
  json: async (report) => (await import('../rca/render/json.js')).renderJson(report),
} satisfies Record<string, Renderer>;

export type ReportFormat = keyof typeof RENDERERS;
export const REPORT_FORMATS = Object.keys(RENDERERS) as ReportFormat[];
const formatSchema = z.enum(REPORT_FORMATS as [ReportFormat, ...ReportFormat[]]);

/** --json, else --format (default text); anything else is a usage error naming the choices. */
export function reportFormat(flags: { format?: unknown; json?: unknown }): ReportFormat {
  if (flags.json) return 'json';
  const parsed = formatSchema.safeParse(flags.format ?? 'text');
  if (!parsed.success) throw new UsageError(`--format ${String(flags.format)}: use ${REPORT_FORMATS.slice(0, -1).join(', ')} or ${REPORT_FORMATS.at(-1)}`);
  return parsed.data;
}

/** Renders the report in a format on stdout (colour only where the stream and NO_COLOR allow it), redacted
 *  exactly as it is stored: the incident text and the model's words can carry credentials. */
export async function writeReport(report: Report, format: ReportFormat, out: OutStream = process.stdout): Promise<void> {
  // Loaded here, not with the format check: `rca` checks --format before it spawns its servers, this comes after.
  const { redactValue } = await import('../core/redact.js');
  out.write(await RENDERERS[format](redactValue(report), out));
}
