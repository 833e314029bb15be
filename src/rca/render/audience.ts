// A summary for people who are not engineers (`--audience exec|customer`): impact in plain words, what is being
// done, what customers notice; built from the report by code only, with no hashes, tool names or jargon.
import type { Category, Report } from '../../core/report.js';

export type Audience = 'exec' | 'customer';
export const AUDIENCES: Audience[] = ['exec', 'customer'];

export interface AudienceSummary {
  audience: Audience;
  title: string;
  sections: Array<{ heading: string; text: string }>;
}

const CAUSE: Record<Category, string> = {
  code_regression: 'a recent software change',
  config_error: 'a recent configuration change',
  resource_exhaustion: 'the service running out of a resource it needs (such as database connections or memory)',
  dependency_failure: 'a system it depends on failing',
  capacity: 'more traffic than it could handle',
  certificate_or_auth: 'an expired or rejected security certificate or credential',
  infrastructure: 'a problem with the machines it runs on',
  unknown: 'a cause that is not yet confirmed',
};

const ACTION: Record<Category, string> = {
  code_regression: 'rolling back or correcting the recent change',
  config_error: 'restoring the previous configuration',
  resource_exhaustion: 'restoring the resource limit and adding headroom',
  dependency_failure: 'restoring the failing system it depends on',
  capacity: 'adding capacity',
  certificate_or_auth: 'renewing the certificate or credential',
  infrastructure: 'moving the service to healthy machines',
  unknown: 'narrowing down the cause',
};

function certainty(confidence: number): string {
  if (confidence >= 0.75) return 'The team is confident in this cause.';
  if (confidence >= 0.45) return 'This is the most likely cause; the team is confirming it.';
  return 'This is not yet confirmed.';
}

/** "14:45 UTC on 17 Feb 2026": a time a reader outside engineering can read. */
function plainTime(iso: string | null): string | null {
  if (!iso || Number.isNaN(Date.parse(iso))) return null;
  const d = new Date(iso);
  const month = d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  return `${d.toISOString().slice(11, 16)} UTC on ${d.getUTCDate()} ${month} ${d.getUTCFullYear()}`;
}

/** Text of the report that may reach the reader: no hashes, no tool or server names, no template placeholders. */
export function plainWords(text: string): string {
  return text
    .replace(/\b[0-9a-f]{7,40}\b/gi, '')
    .replace(/\b[a-z][a-z0-9-]*__[a-z_]+\b/gi, '')
    .replace(/<\*>/g, '…')
    .replace(/\s+/g, ' ')
    .trim();
}

const service = (r: Report) => r.root_cause.service ?? 'the affected service';

export function buildAudienceSummary(report: Report, audience: Audience): AudienceSummary {
  const rc = report.root_cause;
  const since = plainTime(report.onset);
  const what = plainWords(report.incident);
  const known = rc.category !== 'unknown';
  if (audience === 'customer') {
    return {
      audience,
      title: `Service issue: ${service(report)}`,
      sections: [
        { heading: 'What you may notice', text: `Some requests to ${service(report)} may fail or be slow${since ? ` since ${since}` : ''}.` },
        { heading: 'What we are doing', text: known ? `We have found the likely cause and are ${ACTION[rc.category]}.` : 'We are investigating and will share an update as soon as we know more.' },
        { heading: 'Your data', text: 'Nothing here indicates that any data was lost; requests that failed can be retried.' },
      ],
    };
  }
  const change = rc.suspect_change?.ref ? ` (release ${rc.suspect_change.ref})` : '';
  return {
    audience,
    title: `Incident summary: ${what}`,
    sections: [
      { heading: 'Impact', text: `${what.charAt(0).toUpperCase()}${what.slice(1)}${since ? `, since ${since}` : ''}; ${service(report)} is affected.` },
      { heading: 'Cause', text: `${known ? `The cause is ${CAUSE[rc.category]}${rc.category === 'code_regression' || rc.category === 'config_error' ? change : ''}.` : 'The cause is not yet confirmed.'} ${certainty(rc.confidence)}` },
      { heading: 'What is being done', text: known ? `The team is ${ACTION[rc.category]}.` : 'The team is narrowing down the cause.' },
      { heading: 'What customers notice', text: `Some requests to ${service(report)} fail or are slow${since ? ` since ${since}` : ''}.` },
    ],
  };
}

export function renderAudienceText(s: AudienceSummary): string {
  return `${s.title}\n\n${s.sections.map((x) => `${x.heading}\n  ${x.text}`).join('\n\n')}\n`;
}

/** Numbers, times and versions in a text: a polished version may not bring any the summary did not have. */
export function factTokens(text: string): Set<string> {
  return new Set(text.match(/\d+(?:[.:]\d+)*/g) ?? []);
}
