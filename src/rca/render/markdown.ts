// The Markdown rendering: a post-incident review draft ready to paste (Summary, Detection, Timeline, Root Cause,
// Impact, Resolution, Action Items, Lessons Learned), with absolute UTC times and log text in code spans.
import type { Report } from '../../core/report.js';
import { BUILTIN_SOURCES } from '../../core/sources.js';
import { code, inline, unescapeJsonQuote, utc } from './markdown-inline.js';

/** Errors seen this close to the report moment count as still going on. */
const ONGOING_MS = 3 * 60_000;
const OWNER = '**Owner:** [name] · **Due:** [date]';

const SOURCE_NAME = new Map<string, string>(BUILTIN_SOURCES.map((s) => [s.server, s.label]));

function minutes(ms: number): string {
  const m = Math.max(1, Math.round(ms / 60_000));
  if (m < 120) return `${m} minute${m === 1 ? '' : 's'}`;
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60} min`;
}

const pct = (v: number) => `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`;

/** The one incident span the Duration, Impact and Detection lines all use: onset to the last error seen. */
export function incidentSpan(report: Report): { start: string; end: string; ongoing: boolean } | null {
  if (!report.onset) return null;
  const reportAt = Date.parse(report.window.to);
  const last = report.impact?.last_error ? Date.parse(report.impact.last_error) : NaN;
  const ongoing = !Number.isFinite(last) || reportAt - last < ONGOING_MS;
  return { start: report.onset, end: ongoing ? report.window.to : report.impact!.last_error!, ongoing };
}

export function renderMarkdown(report: Report): string {
  const rc = report.root_cause;
  const span = incidentSpan(report);
  const day = (report.onset ?? report.window.to).slice(0, 10);
  const at = utc;
  const out: string[] = [];
  out.push(`# Incident Report: ${inline(report.incident)}`, '');
  if (report.demo) out.push('> **Demo:** this draft is about the bundled demo incident (`rca demo`), not your systems.', '');

  const duration = span
    ? `${span.ongoing ? 'at least' : 'about'} ${minutes(Date.parse(span.end) - Date.parse(span.start))}: ${at(span.start)} to ${at(span.end)}${span.ongoing ? ' (errors were still being seen at the report moment)' : ' (the last error seen)'}`
    : 'unknown (no onset found)';
  out.push(
    `- **Date:** ${day}`,
    `- **Severity:** [P1-P4, set by the responder]`,
    `- **Duration:** ${duration}`,
    `- **Status:** ${span?.ongoing ? `ongoing at ${at(report.window.to)}` : span ? `errors stopped by ${at(span.end)}` : 'unknown'}`,
    `- **Responder:** [name]`,
    `- **Drafted by:** incident copilot (${report.engine}) for ${utc(report.window.to)}, confidence ${Math.round(rc.confidence * 100)}%`,
    '',
  );

  out.push('## Summary', '');
  out.push(`${inline(rc.summary)}.`, '');
  out.push(`Category ${code(rc.category)}; service at fault: ${rc.service ? code(rc.service) : 'unknown'}; onset ${report.onset ? utc(report.onset) : 'unknown'}.`, '');

  out.push('## Detection', '');
  out.push(...detection(report, at), '');

  out.push('## Timeline', '');
  if (report.timeline.length === 0) out.push('- (no timed events found)');
  for (const t of report.timeline) out.push(`- ${at(t.time)} - ${inline(t.event)} (${t.source})`);
  out.push('- [time] - [mitigation applied]', '- [time] - [service restored]', '- [time] - [incident closed]', '');

  out.push('## Root Cause', '');
  out.push(`${inline(rc.summary)}.`, '');
  if (rc.suspect_change) {
    const s = rc.suspect_change;
    const author = s.author.replace(/\s*<[^>]*>\s*$/, '');
    out.push(`Suspect change: ${code(s.sha)}${s.ref ? ` (${code(s.ref)})` : ''} ${code(s.message)} by ${inline(author)}, live at ${utc(s.time)}.`, '');
  }
  if (report.evidence.length) {
    out.push('Evidence:', '');
    for (const e of report.evidence) {
      out.push(`- ${inline(e.detail)} (${e.source}: ${code(e.tool)})${e.verified === false ? ' (not found in the tool output: unverified)' : ''}  `, `  ${code(unescapeJsonQuote(e.quote))}`);
    }
    out.push('');
  }
  if (report.ruled_out.length) {
    out.push('Ruled out:', '');
    for (const r of report.ruled_out) out.push(`- ${inline(r.what)}: ${inline(r.reason)}`);
    out.push('');
  }

  out.push('## Impact', '');
  out.push(...impact(report, span, at), '');

  out.push('## Resolution', '');
  for (const r of report.recommendations.slice(0, 1)) out.push(`Proposed: ${inline(r)}.`, '');
  out.push('[What was actually done, and when?]', '');

  out.push('## Action Items', '');
  for (const r of report.recommendations.slice(1)) out.push(`- [ ] ${inline(r)} - ${OWNER}`);
  const first = firstSignals(report)[0];
  out.push(`- [ ] Alert on the first signal${first ? ` (${first.source}: ${inline(first.event)})` : ''} - ${OWNER}`, '');

  out.push('## Lessons Learned', '');
  out.push('- What went well: [...]', '- What went wrong: [...]', '- Where we got lucky: [...]', '');
  if (report.runbooks?.length) {
    out.push(`Matching runbooks: ${report.runbooks.map((r) => `${code(r.id)} (${inline(r.title)})`).join(', ')}`, '');
  }
  if (report.notices?.length) {
    out.push('Notes on this draft:', '');
    for (const n of report.notices) out.push(`- ${inline(n)}`);
    out.push('');
  }
  if (report.follow_ups?.length) {
    out.push('## Follow-up Questions', '');
    for (const f of report.follow_ups) {
      out.push(`**${inline(f.question)}** (${f.asked_at}, ${f.model ? code(f.model) : 'stored evidence'})`, '');
      for (const l of f.answer.split('\n')) out.push(`> ${inline(l)}`);
      out.push('');
      for (const c of f.citations) out.push(`- ${c.verified ? '' : '(unverified, not part of the answer) '}${inline(c.claim)}: ${code(c.quote)} (${code(`${c.call_id} ${c.tool}`)})`);
      if (f.citations.length) out.push('');
    }
  }
  const s = report.stats;
  out.push(`_Drafted from ${s.tool_calls} tool calls in ${(s.duration_ms / 1000).toFixed(1)} s${s.model_rounds ? `, ${s.model_rounds} model rounds` : ''}._`, '');
  return out.join('\n');
}

/** The earliest timeline event of each source from the onset on: where the incident first showed. */
function firstSignals(report: Report): Report['timeline'] {
  if (!report.onset) return [];
  const onset = Date.parse(report.onset);
  const seen = new Set<string>();
  return report.timeline.filter((t) => {
    if (Date.parse(t.time) < onset - 60_000 || seen.has(t.source)) return false;
    seen.add(t.source);
    return true;
  });
}

function detection(report: Report, at: (iso: string) => string): string[] {
  const firsts = firstSignals(report);
  const lines = firsts.map((t) => `- First signal in ${SOURCE_NAME.get(t.source) ?? t.source}: ${at(t.time)}, ${inline(t.event)}`);
  if (lines.length === 0) lines.push(`- First signal: ${report.onset ? at(report.onset) : '[when did it start?]'}`);
  const start = report.onset ? at(report.onset) : '[first signal]';
  lines.push(
    '- Noticed: [time], by [an alert, a customer report, a person]',
    `- Time to detect: [noticed] minus ${start}`,
    `- This draft describes the state at ${at(report.window.to)}.`,
  );
  return lines;
}

function impact(report: Report, span: ReturnType<typeof incidentSpan>, at: (iso: string) => string): string[] {
  const im = report.impact;
  const lines: string[] = [];
  const who = im?.services.length ? im.services.map(code).join(', ') : report.root_cause.service ? code(report.root_cause.service) : 'the service';
  if (span) {
    lines.push(
      `${who} ${im && im.services.length > 1 ? 'were' : 'was'} affected from ${at(span.start)} ${span.ongoing ? `until at least ${at(span.end)}, the report moment` : `until ${at(span.end)}, the last error seen`} (${minutes(Date.parse(span.end) - Date.parse(span.start))}).`,
      '',
    );
  } else lines.push(`${who}: no onset was found, so the start is unknown.`, '');
  if (im?.error_rate) {
    const r = im.error_rate;
    lines.push(`- Error rate of ${code(r.service)}: ${pct(r.before)} before, peak ${pct(r.peak)}${r.peak_time ? ` at ${at(r.peak_time)}` : ''}.`);
  }
  if (im && im.error_entries !== null) {
    const per = Object.entries(im.related_entries).map(([svc, n]) => `${n} in ${code(svc)}`);
    lines.push(`- ${im.error_entries} error entries logged from the onset on${per.length ? `; of the new or surged errors, ${per.join(', ')}` : ''}.`);
  }
  if (im?.endpoints.length) lines.push(`- Failing requests included ${im.endpoints.map(code).join(', ')}.`);
  lines.push('- [Who was affected and what did they see? Customer-facing numbers: failed orders, users, revenue.]');
  return lines;
}
