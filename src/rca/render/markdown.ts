// The Markdown rendering: a post-incident review draft in the shape of the team's template
// (Summary, Timeline, Root Cause, Impact, Resolution, Prevention, Lessons Learned), filled from the report.
import type { Report } from '../../core/report.js';

const SEVERITY_BY_CONFIDENCE = 'P? (set by the responder)';

export function renderMarkdown(report: Report): string {
  const rc = report.root_cause;
  const date = (report.onset ?? report.window.to).slice(0, 10);
  const lastTime = report.timeline.length ? report.timeline[report.timeline.length - 1]!.time : report.window.to;
  const duration = report.onset ? `at least ${humanSpan(Date.parse(report.window.to) - Date.parse(report.onset))}` : 'unknown';
  const out: string[] = [];
  out.push(`# Incident Report: ${escapeMd(report.incident)}`, '');
  out.push(`**Date:** ${date}`);
  out.push(`**Severity:** ${SEVERITY_BY_CONFIDENCE}`);
  out.push(`**Duration:** ${duration} (from the onset to the report moment)`);
  out.push(`**Responder:** [Name]`);
  out.push(`**Drafted by:** incident copilot (${report.engine}), confidence ${Math.round(rc.confidence * 100)}%`, '');

  out.push('## Summary', '');
  out.push(
    `${escapeMd(rc.summary)}. Category: \`${rc.category}\`; service at fault: ${rc.service ? `\`${rc.service}\`` : 'unknown'}; onset ${report.onset ?? 'unknown'}.`,
    '',
  );

  out.push('## Timeline', '');
  if (report.timeline.length === 0) out.push('- (no timed events found)');
  for (const t of report.timeline) out.push(`- ${t.time.slice(11, 16)} - ${escapeMd(t.event)} (${t.source})`);
  out.push(`- HH:MM - Mitigation implemented`, `- HH:MM - Service restored`, `- HH:MM - Incident closed`, '');

  out.push('## Root Cause', '');
  out.push(escapeMd(rc.summary) + '.', '');
  if (rc.suspect_change) {
    const s = rc.suspect_change;
    out.push(`Suspect change: \`${s.sha}\`${s.ref ? ` (${s.ref})` : ''} "${escapeMd(s.message)}" by ${escapeMd(s.author)}, live at ${s.time}.`, '');
  }
  if (report.evidence.length) {
    out.push('Evidence:', '');
    for (const e of report.evidence) out.push(`- ${escapeMd(e.detail)}  \n  \`${e.tool}\` ${e.call_id}: ${quoteMd(e.quote)}${e.verified === false ? ' (unverified)' : ''}`);
    out.push('');
  }
  if (report.ruled_out.length) {
    out.push('Ruled out:', '');
    for (const r of report.ruled_out) out.push(`- ${escapeMd(r.what)}: ${escapeMd(r.reason)}`);
    out.push('');
  }

  out.push('## Impact', '');
  out.push(
    `${rc.service ? `\`${rc.service}\`` : 'The service'} was affected from ${report.onset ?? 'an unknown time'}${report.timeline.length ? ` until at least ${lastTime}` : ''}. [Who was affected? What did users see? Add request and error counts.]`,
    '',
  );

  out.push('## Resolution', '');
  for (const r of report.recommendations.slice(0, 1)) out.push(`Proposed: ${escapeMd(r)}.`);
  out.push('[What was actually done, and when?]', '');

  out.push('## Prevention', '');
  for (const r of report.recommendations.slice(1)) out.push(`- [ ] ${escapeMd(r)}`);
  out.push('- [ ] Add an alert on the signal that showed this first', '');

  out.push('## Lessons Learned', '');
  out.push('[What did we learn? What went well? What could be improved?]', '');
  if (report.runbooks?.length) {
    out.push('Matching runbooks: ' + report.runbooks.map((r) => `${r.id} (${escapeMd(r.title)})`).join(', '), '');
  }
  const s = report.stats;
  out.push(`_${s.tool_calls} tool calls, ${(s.duration_ms / 1000).toFixed(1)} s, ${s.model_rounds} model rounds._`, '');
  return out.join('\n');
}

function humanSpan(ms: number): string {
  if (!(ms > 0)) return 'unknown';
  const m = Math.round(ms / 60_000);
  return m < 120 ? `${m} minutes` : `${(m / 60).toFixed(1)} hours`;
}

/** Log text is untrusted: keep it from turning into Markdown structure. */
function escapeMd(s: string): string {
  return s.replace(/([\\`*_[\]<>|])/g, '\\$1').replace(/\n+/g, ' ');
}

function quoteMd(s: string): string {
  const ticks = s.includes('`') ? '``' : '`';
  return `${ticks}${s.replace(/\n+/g, ' ')}${ticks}`;
}
