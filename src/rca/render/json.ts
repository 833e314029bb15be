// The JSON rendering: the report contract itself (src/core/report.ts), validated, pretty-printed;
// what `rca --json` prints and what the history stores.
import { reportSchema, type Report } from '../../core/report.js';

export function renderJson(report: Report): string {
  return `${JSON.stringify(reportSchema.parse(report), null, 2)}\n`;
}
