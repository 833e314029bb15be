// The terminal rendering of a report: headline, confidence, timeline, evidence with sources, ruled out,
// recommendations, matching runbooks and a stats line; colour only when the caller says so (TTY, NO_COLOR).
import { Chalk } from 'chalk';
import { followUpLines } from '../../core/follow-up.js';
import type { Report } from '../../core/report.js';

export interface TextRenderOptions {
  /** Colour codes on (a TTY without NO_COLOR) or off (pipes, files, tests). */
  color: boolean;
}

export function renderText(report: Report, opts: TextRenderOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const rc = report.root_cause;
  const lines: string[] = [];
  const conf = `${Math.round(rc.confidence * 100)}%`;
  const confColour = rc.confidence >= 0.7 ? c.green : rc.confidence >= 0.4 ? c.yellow : c.red;
  if (report.demo) lines.push(c.yellow('DEMO: this report is about the bundled demo incident, not your systems.'));
  lines.push(c.bold(`Root cause: ${rc.summary}`));
  lines.push(
    `${c.dim('Category')} ${rc.category}   ${c.dim('Service')} ${rc.service ?? 'unknown'}   ${c.dim('Confidence')} ${confColour(conf)}   ${c.dim('Onset')} ${report.onset ?? 'unknown'}`,
  );
  if (rc.suspect_change) {
    const s = rc.suspect_change;
    lines.push(`${c.dim('Suspect change')} ${c.cyan(s.sha.slice(0, 12))}${s.ref ? ` (${s.ref})` : ''} "${s.message}" by ${s.author}, live ${s.time}`);
  }
  lines.push(`${c.dim('Incident')} ${report.incident}   ${c.dim('Window')} ${report.window.from} .. ${report.window.to}   ${c.dim('Engine')} ${report.engine}`);

  if (report.model) {
    const m = report.model;
    lines.push(`${c.dim('Model')} ${m.provider}:${m.name}, ${m.rounds} request(s): ${m.adopted ? 'its conclusion adopted' : `not adopted (${m.reason ?? 'no reason given'})`}`);
  }
  section(lines, c.bold('Timeline'), report.timeline.map((t) => `${c.dim(t.time)} ${c.magenta(`[${t.source}]`)} ${t.event}`));
  section(
    lines,
    c.bold('Evidence'),
    report.evidence.flatMap((e) => [
      `${e.verified === false ? c.red('(unverified) ') : ''}${e.detail}`,
      // The server is named: a cited tool may come from an extra server the person configured.
      `    ${c.dim(`${e.tool} ${e.call_id} (${e.source} server):`)} "${e.quote}"`,
    ]),
  );
  section(lines, c.bold('Ruled out'), report.ruled_out.map((r) => `${r.what}: ${r.reason}`));
  if (report.hypotheses?.length) {
    section(lines, c.bold('Other hypotheses'), report.hypotheses.map((h) => `${Math.round(h.confidence * 100)}% ${h.category}: ${h.summary}`));
  }
  section(lines, c.bold('Recommendations'), report.recommendations.map((r, i) => `${i + 1}. ${r}`), false);
  if (report.runbooks?.length) section(lines, c.bold('Matching runbooks'), report.runbooks.map((r) => `${r.id} ${r.title} (match ${r.score.toFixed(2)})`));
  if (report.notices?.length) section(lines, c.bold('Notices'), report.notices.map((n) => c.yellow(n)));
  for (const f of report.follow_ups ?? []) {
    lines.push('', c.bold(`Asked ${f.asked_at}${f.model ? ` (${f.model})` : ' (stored evidence)'}: ${f.question}`));
    for (const l of followUpLines(f)) lines.push(`  ${l}`);
  }
  const s = report.stats;
  lines.push('');
  lines.push(c.dim(`${s.tool_calls} tool calls, ${s.model_rounds} model rounds, ${s.prompt_tokens} prompt tokens, ${(s.duration_ms / 1000).toFixed(1)} s`));
  return `${lines.join('\n')}\n`;
}

function section(lines: string[], title: string, items: string[], bullet = true): void {
  if (items.length === 0) return;
  lines.push('', title);
  for (const i of items) lines.push(bullet && !i.startsWith('    ') ? `  - ${i}` : `  ${i}`);
}
