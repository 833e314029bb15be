// The post-incident draft as a person reads it: rendered to HTML with a real Markdown library (marked), then
// checked for what shows: absolute UTC times, log text intact and free of escapes, no call ids, numbers in
// Impact that agree with Duration, a Detection section, and an owner on every action item.
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { reportSchema, type Report } from '../../src/core/report.js';
import { renderMarkdown } from '../../src/rca/render/markdown.js';
import { inline } from '../../src/rca/render/markdown-inline.js';

const POOL_LINE = 'Connection pool exhausted: 35/35 connections in use (pool_size=35, *max*=35) <db-primary> [retry] `sql`';
const QUOTED_LINE = 'Unhandled exception on POST /api/v1/checkout: connection to server at \\"postgres\\" (10.0.0.5) failed';

function report(over: Partial<Report> = {}): Report {
  return reportSchema.parse({
    incident: '# checkout <b>down</b> *again*',
    engine: 'offline',
    window: { from: '2026-02-17T13:00:00.000Z', to: '2026-02-17T15:00:00.000Z' },
    onset: '2026-02-17T14:45:00.000Z',
    root_cause: {
      summary: 'checkout broke after commit 6e955a79 "HOTFIX: raise pool_size to 35" (v2.4.1) (pool_size changed from 30 to 35)',
      category: 'resource_exhaustion',
      service: 'checkout',
      suspect_change: { sha: '6e955a79f78f5b1ba736c5c8aa427fbee49ba135', ref: 'v2.4.1', message: 'HOTFIX: raise pool_size to 35', author: 'Bob Johnson <bob@example.com>', time: '2026-02-17T14:25:00.000Z' },
      confidence: 0.88,
    },
    ruled_out: [{ what: 'fb04bc55 "Add gift_card endpoint" (v2.4.1)', reason: 'shares nothing with the new errors' }],
    timeline: [
      { time: '2026-02-17T14:25:00.000Z', source: 'git', event: 'v2.4.1 deployed (2 commits)' },
      { time: '2026-02-17T14:45:00.000Z', source: 'logs', event: `first entry of the new errors: "${POOL_LINE}"` },
      { time: '2026-02-17T14:46:30.000Z', source: 'metrics', event: 'error rate of checkout rose from 0.5% to 16.0%' },
      { time: '2026-02-17T14:47:10.000Z', source: 'docker', event: 'checkout: health_status: unhealthy' },
    ],
    evidence: [
      { source: 'logs', tool: 'logs__error_signatures', call_id: 'c7', detail: 'new error signature in checkout: 42 entries from the onset on', quote: POOL_LINE, verified: true },
      { source: 'logs', tool: 'logs__error_signatures', call_id: 'c7', detail: 'new error signature in checkout: 13 entries', quote: QUOTED_LINE, verified: true },
      { source: 'git', tool: 'git__get_deployments', call_id: 'c19', detail: 'v2.4.1 shipped 6e955a79 at 2026-02-17T14:25:00.000Z', quote: 'HOTFIX', verified: true },
    ],
    recommendations: ['Roll back v2.4.1 (pool_size back to 30)', 'Size the pool against the peak and alert before it is reached', 'Add a config check for pool_size'],
    tool_calls: [
      { id: 'c7', tool: 'logs__error_signatures', args: {}, ms: 5, ok: true },
      { id: 'c19', tool: 'git__get_deployments', args: {}, ms: 5, ok: true },
    ],
    stats: { duration_ms: 600, tool_calls: 2, model_rounds: 0, prompt_tokens: 0 },
    runbooks: [{ id: 'RB-DB-POOL-001', title: 'Relieve pool exhaustion', score: 1 }],
    impact: {
      services: ['checkout', 'postgres'],
      error_entries: 168,
      related_entries: { checkout: 107, postgres: 32 },
      error_rate: { service: 'checkout', before: 0.005, peak: 0.16, peak_time: '2026-02-17T14:46:30.000Z' },
      endpoints: ['POST /api/v1/checkout'],
      last_error: '2026-02-17T14:55:00.000Z',
    },
    ...over,
  });
}

/** What a person sees: the HTML's text, tags removed and entities decoded. */
function visible(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The HTML between a heading and the next one. */
function section(html: string, title: string): string {
  const start = html.indexOf(`>${title}</h2>`);
  expect(start, `section ${title}`).toBeGreaterThan(-1);
  const next = html.indexOf('<h2', start);
  return html.slice(start, next < 0 ? undefined : next);
}

describe('the post-incident Markdown draft, rendered', () => {
  const md = renderMarkdown(report());
  const html = marked.parse(md, { async: false });
  const text = visible(html);

  it('shows log text exactly, with no Markdown escapes and no markup taken from it', () => {
    expect(text).toContain(POOL_LINE);
    // The JSON escape of the evidence quote is gone: the reader sees the log's own quotes.
    expect(text).toContain('connection to server at "postgres" (10.0.0.5) failed');
    expect(text).not.toMatch(/\\[<>*_[\]`"]/);
    expect(text).toContain('pool_size changed from 30 to 35');
    // Log and incident text never become emphasis, HTML or a heading of their own.
    // (the draft's own footer is its only emphasis)
    expect(html.match(/<(em|b|script)>(?!Drafted from \d+ tool calls).{0,80}/)?.[0]).toBeUndefined();
    expect(html.match(/<h1/g)).toHaveLength(1);
    expect(text).toContain('Incident Report: # checkout <b>down</b> *again*');
    expect(html).toContain('<code>Connection pool exhausted: 35/35 connections in use (pool_size=35, *max*=35) &lt;db-primary&gt; [retry] `sql`</code>');
  });

  it('gives absolute times with their zone, never bare clock times or ISO stamps', () => {
    expect(text).toContain('2026-02-17 14:45 UTC');
    expect(text).toContain('2026-02-17 14:25 UTC'); // the ISO time inside an evidence detail too
    expect(text).not.toMatch(/T\d{2}:\d{2}/);
    for (const line of section(html, 'Timeline').split('<li>').slice(1, 5)) expect(visible(line)).toMatch(/^2026-02-17 \d{2}:\d{2} UTC - /);
  });

  it('names no internal call ids', () => {
    expect(text).not.toMatch(/\bc(7|19)\b/);
  });

  it('fills Impact with the numbers the report has, over the same span as Duration', () => {
    const impact = visible(section(html, 'Impact'));
    expect(impact).toContain('0.5% before, peak 16% at 2026-02-17 14:46 UTC');
    expect(impact).toContain('168 error entries');
    expect(impact).toContain('107 in checkout, 32 in postgres');
    expect(impact).toContain('POST /api/v1/checkout');
    expect(impact).not.toContain('[Add request and error counts]');
    const duration = /Duration: about (\d+) minutes: 2026-02-17 14:45 UTC to 2026-02-17 14:55 UTC/.exec(text);
    expect(duration).not.toBeNull();
    expect(impact).toContain(`from 2026-02-17 14:45 UTC until 2026-02-17 14:55 UTC, the last error seen (${duration![1]} minutes)`);
  });

  it('says the incident was still going when the errors reach the report moment', () => {
    const ongoing = visible(marked.parse(renderMarkdown(report({ impact: { ...report().impact!, last_error: '2026-02-17T14:59:30.000Z' } })), { async: false }));
    expect(ongoing).toContain('Duration: at least 15 minutes: 2026-02-17 14:45 UTC to 2026-02-17 15:00 UTC');
    expect(ongoing).toContain('until at least 2026-02-17 15:00 UTC, the report moment (15 minutes)');
    expect(ongoing).toContain('Status: ongoing at 2026-02-17 15:00 UTC');
  });

  it('has a Detection section: the first signal per source, and when it was noticed', () => {
    const det = visible(section(html, 'Detection'));
    expect(det).toContain(`First signal in the logs: 2026-02-17 14:45 UTC, first entry of the new errors: ${POOL_LINE}`);
    expect(det).toContain('First signal in the metrics: 2026-02-17 14:46 UTC');
    expect(det).toContain('First signal in Docker: 2026-02-17 14:47 UTC');
    expect(det).toMatch(/Noticed: \[time\]/);
    expect(det).toContain('Time to detect: [noticed] minus 2026-02-17 14:45 UTC');
  });

  it('lists action items as unchecked boxes, each with an owner and a due date to fill in', () => {
    const items = section(html, 'Action Items').split('<li>').slice(1);
    expect(items.length).toBe(3);
    for (const item of items) {
      // A GitHub task list item: an unchecked box, then the action, its owner and due date.
      expect(item).toMatch(/^<input (?!checked)[^>]*type="checkbox"/);
      expect(visible(item)).toContain('Owner: [name]');
      expect(visible(item)).toContain('Due: [date]');
    }
  });

  it('keeps the author name and drops the address', () => {
    expect(text).toContain('by Bob Johnson, live at 2026-02-17 14:25 UTC');
    expect(text).not.toContain('bob@example.com');
  });
});

describe('inline Markdown for untrusted text', () => {
  it('puts quoted parts and markup-bearing words in code spans, and leaves plain words alone', () => {
    expect(inline('pool_size changed')).toBe('`pool_size` changed');
    expect(inline('first "GET /x <*>" entry')).toBe('first `GET /x <*>` entry');
    expect(inline('("a_b", "c")')).toBe('(`a_b`, `c`)');
    expect(inline('uses `ticks` here')).toBe('uses `` `ticks` `` here');
    expect(inline('plain words only')).toBe('plain words only');
    expect(inline('# not a heading')).toBe('\\# not a heading');
  });
});
