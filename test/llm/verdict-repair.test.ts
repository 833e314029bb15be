// The pieces that make real models' output usable: the bounded grammar, closing cut-off JSON, clamping,
// the repetition detector, calls written as text, readable tool outputs and the relevant tool subset.
import { describe, expect, it } from 'vitest';
import { serverOf, toolOf, type ToolSpec } from '../../src/core/tools.js';
import { readableOutput } from '../../src/llm/readable-output.js';
import { repetitionStart } from '../../src/llm/repetition.js';
import { toolCallsInText } from '../../src/llm/text-tool-calls.js';
import { relevantTools } from '../../src/llm/tool-relevance.js';
import { parseVerdict, VERDICT_JSON_SCHEMA } from '../../src/llm/verdict.js';
import { clampConfidence, clampVerdict, closeTruncatedJson } from '../../src/llm/verdict-repair.js';

describe('the verdict grammar', () => {
  it('bounds every string and array it can', () => {
    const walk = (s: unknown, path: string, out: string[]) => {
      if (!s || typeof s !== 'object') return;
      const o = s as Record<string, unknown>;
      if (o.type === 'string' && o.enum === undefined && typeof o.maxLength !== 'number') out.push(path);
      if (o.type === 'array' && typeof o.maxItems !== 'number') out.push(path);
      for (const [k, v] of Object.entries(o)) walk(v, `${path}.${k}`, out);
    };
    const unbounded: string[] = [];
    walk(VERDICT_JSON_SCHEMA, '$', unbounded);
    expect(unbounded).toEqual([]);
  });
});

describe('closeTruncatedJson', () => {
  it('closes strings, arrays and objects, and drops a dangling key', () => {
    expect(JSON.parse(closeTruncatedJson('{"a": "x", "b": ["y", "z')!)).toEqual({ a: 'x', b: ['y', 'z'] });
    expect(JSON.parse(closeTruncatedJson('{"a": 1, "b":')!)).toEqual({ a: 1 });
    expect(JSON.parse(closeTruncatedJson('{"a": 1, "b')!)).toEqual({ a: 1 });
    expect(JSON.parse(closeTruncatedJson('{"a": [{"q": "say \\"hi')!)).toEqual({ a: [{ q: 'say "hi' }] });
    expect(closeTruncatedJson('no json here')).toBeNull();
  });
});

describe('clamping', () => {
  it('reads a confidence as 0..1 from what models write', () => {
    expect([0.8, '0.8', 80, '80%', 7373, -2, 'high'].map(clampConfidence)).toEqual([0.8, 0.8, 0.8, 0.8, 1, 0, 0]);
  });
  it('makes an off-list category unknown, empty-like values null, and cuts long fields', () => {
    const { value, changes } = clampVerdict({ summary: 's'.repeat(900), category: 'Resource Exhaustion', service: 'N/A', suspect_sha: '', confidence: 3, onset: 'yesterday', recommendations: Array(9).fill('r') });
    expect(value).toMatchObject({ category: 'resource_exhaustion', service: null, suspect_sha: null, onset: null, confidence: 0.03, evidence: [], ruled_out: [] });
    expect((value as { summary: string }).summary).toHaveLength(400);
    expect(changes).toEqual(['confidence 3 clamped', 'recommendations cut from 9 to 5 items', '1 long field(s) cut']);
    expect(clampVerdict({ category: 'database' }).changes).toEqual(['category "database" is not one of the list']);
  });
  it('parseVerdict still refuses what code cannot repair', () => {
    expect(parseVerdict('{"summary": "pool"}')).toMatchObject({ ok: false, problem: expect.stringMatching(/confidence/) });
    expect(parseVerdict('the pool')).toMatchObject({ ok: false, problem: expect.stringMatching(/not valid JSON/) });
  });
});

describe('repetitionStart', () => {
  it('finds a loop at the end and keeps one copy; ordinary text has none', () => {
    const text = `Start. ${'call the tool. '.repeat(20)}`;
    const at = repetitionStart(text)!;
    expect(text.slice(0, at)).toBe('Start. call the tool. ');
    expect(repetitionStart('a'.repeat(200))).toBe(1);
    expect(repetitionStart('The pool is exhausted because the hotfix raised the pool size past the postgres limit.')).toBeNull();
  });
});

describe('toolCallsInText', () => {
  const known = new Set(['logs__search_logs', 'git__show_commit']);
  it('reads <tool_call> blocks, fenced blocks and bare objects naming known tools only', () => {
    expect(toolCallsInText('<tool_call>{"name":"logs__search_logs","arguments":{"pattern":"x"}}</tool_call>', known)).toEqual([{ function: { name: 'logs__search_logs', arguments: { pattern: 'x' } } }]);
    expect(toolCallsInText('```json\n[{"name":"git__show_commit","parameters":{"sha":"abc"}}]\n```', known)).toEqual([{ function: { name: 'git__show_commit', arguments: { sha: 'abc' } } }]);
    expect(toolCallsInText('{"name":"docker__restart_container","arguments":{}}', known)).toEqual([]);
    expect(toolCallsInText('The pool {is} exhausted', known)).toEqual([]);
  });
});

describe('readableOutput', () => {
  it('error_signatures: new first then by count, one example each, per-minute series as a peak', () => {
    const out = JSON.parse(readableOutput('logs__error_signatures', JSON.stringify({
      window: { from: 'a', to: 'b' },
      entries_scanned: 100,
      signatures: [
        { id: 's1', template: 'old', level: 'error', services: ['x'], count: 500, first_seen: 't', last_seen: 't', example: 'e'.repeat(1000), example_source: 'f:1', per_minute: [['t', 3], ['u', 9]], baseline_count: 400, new: false },
        { id: 's2', template: 'pool exhausted', level: 'error', services: ['checkout'], count: 42, first_seen: 't', last_seen: 't', example: 'pool exhausted (active=5)', example_source: 'f:2', per_minute: [['t', 7]], baseline_count: 0, new: true },
      ],
    }))) as { signatures: Array<Record<string, unknown>> };
    expect(out.signatures.map((s) => s.template)).toEqual(['pool exhausted', 'old']);
    expect(out.signatures[0]).toEqual({ template: 'pool exhausted', level: 'error', services: ['checkout'], count: 42, baseline_count: 0, new: true, first_seen: 't', last_seen: 't', peak_per_minute: 7, example: 'pool exhausted (active=5)' });
    expect((out.signatures[1]!.example as string).length).toBe(300);
    expect(readableOutput('logs__search_logs', 'plain text')).toBe('plain text');
  });
});

describe('relevantTools', () => {
  const spec = (name: string): ToolSpec => ({ name, server: serverOf(name), tool: toolOf(name), description: '', inputSchema: {}, readOnly: true, destructive: false });
  const all = ['logs__search_logs', 'logs__log_stats', 'git__show_commit', 'git__get_deployments', 'metrics__get_anomalies', 'docker__get_events', 'everything__echo'].map(spec);
  it('offers the tools that test the hypotheses, every tool of an extra server, or all on request', () => {
    expect(relevantTools(all, ['code_regression']).map((s) => s.name)).toEqual(['logs__search_logs', 'git__show_commit', 'git__get_deployments', 'everything__echo']);
    expect(relevantTools(all, ['infrastructure']).map((s) => s.name)).toEqual(['logs__search_logs', 'git__show_commit', 'docker__get_events', 'everything__echo']);
    expect(relevantTools(all, ['code_regression'], 'all')).toHaveLength(all.length);
  });
});
