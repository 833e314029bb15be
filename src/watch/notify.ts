// What rca watch sends when an investigation is stored: a generic JSON body and a Slack-compatible one,
// built from the stored report only (redacted again: a webhook is one more place text leaves the machine).
import { redact } from '../core/redact.js';
import type { Report } from '../core/report.js';

export interface Finished {
  incidentId: string;
  investigationId: string;
  title: string;
  service: string | null;
  trigger: string;
  alertCount: number;
  report: Report;
  runbook: { id: string; title: string } | null;
}

export function headline(f: Finished): string {
  const rc = f.report.root_cause;
  const where = rc.service ? `${rc.service}: ` : '';
  return redact(`${where}${rc.summary} (${rc.category}, ${Math.round(rc.confidence * 100)}%)`);
}

/** The one line `rca watch` prints per stored investigation. */
export function oneLine(f: Finished): string {
  const change = f.report.root_cause.suspect_change;
  const parts = [`${f.incidentId}`, redact(f.title), '->', headline(f)];
  if (change) parts.push(`suspect ${change.sha.slice(0, 8)}${change.ref ? ` (${change.ref})` : ''}`);
  if (f.runbook) parts.push(`runbook ${f.runbook.id}`);
  parts.push(`[rca show ${f.investigationId}]`);
  return parts.join(' ');
}

export function jsonBody(f: Finished): Record<string, unknown> {
  const rc = f.report.root_cause;
  return {
    type: 'rca.investigation',
    incident_id: f.incidentId,
    investigation_id: f.investigationId,
    show: `rca show ${f.investigationId}`,
    alert: { title: redact(f.title), service: f.service, trigger: f.trigger, alerts: f.alertCount },
    headline: headline(f),
    root_cause: {
      summary: redact(rc.summary),
      category: rc.category,
      service: rc.service,
      confidence: rc.confidence,
      suspect_change: rc.suspect_change ? { sha: rc.suspect_change.sha, ref: rc.suspect_change.ref, message: redact(rc.suspect_change.message) } : null,
    },
    onset: f.report.onset,
    runbook: f.runbook,
  };
}

export function slackBody(f: Finished): Record<string, unknown> {
  const rc = f.report.root_cause;
  const change = rc.suspect_change ? `\n*Suspect change:* \`${rc.suspect_change.sha.slice(0, 8)}\` ${escapeSlack(redact(rc.suspect_change.message))}` : '';
  const runbook = f.runbook ? `\n*Proposed runbook:* ${escapeSlack(f.runbook.id)} ${escapeSlack(f.runbook.title)}` : '';
  const text = `*${escapeSlack(redact(f.title))}*\n${escapeSlack(headline(f))}${change}${runbook}\n\`rca show ${f.investigationId}\``;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/** Slack's three control characters; alert text must not become mentions or links. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
