// The runner isolates a failing analyzer, and the three renderers show the same report: text with and
// without colour, a Markdown post-incident review draft in the template's sections, and schema-valid JSON.
import { describe, expect, it } from 'vitest';
import type { InvestigationEvent } from '../../src/core/events.js';
import { reportSchema, type Report } from '../../src/core/report.js';
import type { Analyzer } from '../../src/rca/analyzer.js';
import { emptyBundle } from '../../src/rca/bundle.js';
import { investigateOffline } from '../../src/rca/engine.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import { renderJson } from '../../src/rca/render/json.js';
import { renderMarkdown } from '../../src/rca/render/markdown.js';
import { renderText } from '../../src/rca/render/text.js';
import { runAnalyzers } from '../../src/rca/runner.js';
import { commit, deployment, errorRate, iso, signature, span, worldCaller } from './helpers.js';

const BASE = Date.parse('2025-06-01T10:00:00Z');
const MIN = 60_000;

function world() {
  const cause = commit('f1', 'Lower worker pool size for cost', BASE + 70 * MIN, ['api/config/workers.toml']);
  return worldCaller({
    signatures: [
      signature({ template: 'worker pool exhausted: <*> busy of <*>', example: 'worker pool exhausted: 4 busy of 4 | `rm -rf` *now*', service: 'api', base: BASE, minutes: span(80, 120, 5) }),
    ],
    errorRates: [errorRate('api', BASE, 120, 80)],
    deployments: [deployment('v1.9.0', BASE + 75 * MIN, [cause])],
    diffs: { [cause.sha]: '-workers = 16\n+workers = 4\n' },
  });
}

describe('runAnalyzers', () => {
  it('reports a throwing analyzer and keeps the others', () => {
    const broken: Analyzer = {
      name: 'broken',
      description: 'always throws',
      analyze() {
        throw new Error('boom');
      },
    };
    const events: InvestigationEvent[] = [];
    const bundle = emptyBundle('x', { from: iso(BASE), to: iso(BASE + 120 * MIN) }, iso(BASE + 120 * MIN));
    const result = runAnalyzers(bundle, [broken, ...ANALYZERS], (e) => events.push(e));
    expect(result.failed).toEqual([{ analyzer: 'broken', error: 'boom' }]);
    expect(events).toContainEqual({ type: 'analyzer_failed', analyzer: 'broken', error: 'boom' });
  });

  it('lets investigateOffline() finish with a notice when an analyzer fails', async () => {
    const broken: Analyzer = { name: 'broken', description: '', analyze: () => { throw new Error('bad data'); } };
    const report = await investigateOffline({ incident: 'api slow', at: iso(BASE + 120 * MIN), caller: world(), events: () => {}, analyzers: [broken, ...ANALYZERS] });
    expect(report.notices).toContain('analyzer broken failed: bad data');
    expect(report.root_cause.suspect_change?.message).toBe('Lower worker pool size for cost');
  });
});

describe('renderers', () => {
  let report: Report;
  const get = async () => (report ??= await investigateOffline({ incident: 'api slow', at: iso(BASE + 120 * MIN), caller: world(), events: () => {} }));

  it('renders plain text without escape codes, and with them when asked', async () => {
    const r = await get();
    const plain = renderText(r, { color: false });
    expect(plain).not.toMatch(/\u001b\[/);
    expect(plain).toContain(`Root cause: ${r.root_cause.summary}`);
    for (const heading of ['Timeline', 'Evidence', 'Recommendations']) expect(plain).toContain(`\n${heading}\n`);
    expect(plain).toContain('Confidence');
    expect(plain).toMatch(/\d+ tool calls, 0 model rounds/);
    expect(plain).toContain(r.evidence[0]!.quote);
    expect(renderText(r, { color: true })).toMatch(/\u001b\[/);
  });

  it('renders the Markdown review draft with the template sections, escaping log text', async () => {
    const r = await get();
    const md = renderMarkdown(r);
    const sections = ['## Summary', '## Detection', '## Timeline', '## Root Cause', '## Impact', '## Resolution', '## Action Items', '## Lessons Learned'];
    let at = -1;
    for (const s of sections) {
      const i = md.indexOf(s);
      expect(i).toBeGreaterThan(at);
      at = i;
    }
    expect(md).toContain('# Incident Report: api slow');
    expect(md).toContain(r.root_cause.suspect_change!.sha);
    expect(md).toMatch(/- \[ \] /);
  });

  it('renders JSON that parses back to the same valid report', async () => {
    const r = await get();
    const back = reportSchema.parse(JSON.parse(renderJson(r)));
    expect(back).toEqual(r);
    expect(back.engine).toBe('offline');
    expect(back.stats.tool_calls).toBe(back.tool_calls.length);
  });
});
