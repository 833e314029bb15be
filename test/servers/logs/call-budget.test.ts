// The caller's time budget travels in the request's _meta (TIME_BUDGET_META): a windowed logs call answers from an
// even sample within it and says so, a bad value is refused with what to send, and rca's offline gather sends one.
import { describe, expect, it } from 'vitest';
import { TIME_BUDGET_META } from '../../../src/core/tools.js';
import { invokeTool } from '../../../src/mcp/call.js';
import { FIRST_LOOK_BUDGET_MS } from '../../../src/core/sources/logs.js';
import { gather } from '../../../src/rca/gather.js';
import { cannedCaller } from '../../rca/helpers.js';
import { connect, spreadLog, tempDir } from './helpers.js';

const T0 = Date.parse('2025-03-04T00:00:00Z');
const HOUR = 3_600_000;
const MB = 1 << 20;

/** About `bytes` of ISO lines over 12 h, an error every 20th line. */
const log = (bytes: number): string =>
  spreadLog(bytes, T0, 20, (i) => `ERROR [api] upstream billing refused connection id=${i}`, (i) => `INFO [api] GET /api/items/${i % 97} 200 ${i % 90}ms`);

const ARGS = { since: new Date(T0).toISOString(), until: new Date(T0 + 12 * HOUR).toISOString(), bucket: '1h' };

describe('the time budget a caller sends', () => {
  it('makes log_stats and error_signatures sample within it and say so; without it they read everything', async () => {
    const dir = tempDir({ 'app.log': log(6 * MB) });
    const { client } = await connect({ sources: [dir], at: T0 + 12 * HOUR, unitBytes: MB });
    const text = async (name: string, meta?: Record<string, unknown>) => {
      const r = await client.callTool({ name, arguments: ARGS, ...(meta ? { _meta: meta } : {}) });
      expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
      return JSON.parse((r.content as Array<{ text: string }>)[0]!.text) as { sampling?: string; buckets?: Array<{ total: number }> };
    };
    for (const tool of ['log_stats', 'error_signatures']) {
      // A budget of 0 ms has passed before the first unit starts: every unit reads a few pieces only.
      const quick = await text(tool, { [TIME_BUDGET_META]: 0 });
      expect(quick.sampling, tool).toMatch(/^read \d+ % of app\.log .*sampled evenly over the window/);
      const whole = await text(tool);
      expect(whole.sampling, tool).toBeUndefined();
    }
    // The sample is an estimate of the whole: same order of magnitude, not the same count.
    const exact = (await text('log_stats')).buckets!.reduce((a, b) => a + b.total, 0);
    const estimate = (await text('log_stats', { [TIME_BUDGET_META]: 0 })).buckets!.reduce((a, b) => a + b.total, 0);
    expect(estimate).toBeGreaterThan(exact / 3);
    expect(estimate).toBeLessThan(exact * 3);
  });

  it('refuses a budget that is not a number of milliseconds, saying which key and what to send', async () => {
    const dir = tempDir({ 'app.log': log(64 * 1024) });
    const { client } = await connect({ sources: [dir], at: T0 + 12 * HOUR });
    const r = await client.callTool({ name: 'log_stats', arguments: ARGS, _meta: { [TIME_BUDGET_META]: 'soon' } });
    expect(r.isError).toBe(true);
    expect((r.content as Array<{ text: string }>)[0]!.text).toContain(`_meta["${TIME_BUDGET_META}"] must be a number of milliseconds`);
  });

  it('is sent by the hub as _meta when a call carries timeBudgetMs', async () => {
    const dir = tempDir({ 'app.log': log(4 * MB) });
    const { client } = await connect({ sources: [dir], at: T0 + 12 * HOUR, unitBytes: MB });
    const budgeted = await invokeTool(client, 'logs__log_stats', 'log_stats', ARGS, 60_000, 0);
    expect(budgeted.ok, budgeted.text).toBe(true);
    expect(JSON.parse(budgeted.text).sampling).toMatch(/sampled evenly/);
    const plain = await invokeTool(client, 'logs__log_stats', 'log_stats', ARGS, 60_000);
    expect(JSON.parse(plain.text).sampling).toBeUndefined();
  });

  it("is what rca's offline gather gives each windowed logs call", async () => {
    const seen: Array<{ tool: string; budget: number | undefined }> = [];
    const canned = cannedCaller({ logs__error_signatures: () => ({}), logs__log_stats: () => ({}), logs__request_flows: () => ({}), git__get_deployments: () => ({}) });
    const caller = { ...canned, call: (tool: string, args: Record<string, unknown>, opts?: { timeBudgetMs?: number }) => (seen.push({ tool, budget: opts?.timeBudgetMs }), canned.call(tool, args)) };
    await gather({ incident: 'x', from: T0, to: T0 + HOUR, caller, events: () => {} });
    const logs = seen.filter((s) => s.tool.startsWith('logs__'));
    expect(logs.map((s) => s.tool).sort()).toEqual(['logs__error_signatures', 'logs__log_stats', 'logs__request_flows']);
    expect(logs.every((s) => s.budget === FIRST_LOOK_BUDGET_MS)).toBe(true);
    expect(seen.find((s) => s.tool === 'git__get_deployments')?.budget).toBeUndefined();
  });
});
