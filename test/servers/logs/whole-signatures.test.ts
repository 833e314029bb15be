// The offline engine reads error_signatures whole: a database log's long statements fill the tool's default output
// cap, whose cut halves the list and drops what sorts last (a new client's few slow statements), not what matters least.
import { describe, expect, it } from 'vitest';
import { toToolSpec } from '../../../src/mcp/index.js';
import { invokeTool } from '../../../src/mcp/call.js';
import type { ToolCaller, ToolCallOutcome, ToolSpec } from '../../../src/core/tools.js';
import { gather } from '../../../src/rca/gather.js';
import { connect, tempDir } from './helpers.js';

const T0 = Date.parse('2026-03-04T10:00:00Z');
const MIN = 60_000;

/** PostgreSQL's `%m [%p] %q%u@%d app=%a ` prefix, as Debian's default plus the application name writes it. */
const pgTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', ' UTC');
const pgLine = (ms: number, pid: number, who: string, app: string, text: string) => `${pgTime(ms)} [${pid}] ${who} app=${app} LOG:  ${text}`;

/** Twelve of the shop's statements slow every minute for an hour; the report job's, slow only in the last ten minutes. */
function postgresLog(): string {
  const tables = ['orders', 'line_items', 'products', 'carts', 'customers', 'payments', 'shipments', 'coupons', 'reviews', 'stock_levels', 'addresses', 'invoices'];
  const lines: Array<[number, string]> = [];
  for (let m = 0; m < 60; m++) {
    tables.forEach((t, i) => {
      const cols = `"${t}"."id", "${t}"."customer_id", "${t}"."status", "${t}"."created_at", "${t}"."updated_at", "${t}"."total_cents"`;
      const sql = `SELECT ${cols} FROM "${t}" WHERE "${t}"."customer_id" = $1 AND "${t}"."status" = $2 ORDER BY "${t}"."created_at" DESC LIMIT $3`;
      lines.push([T0 + m * MIN + i * 1000, pgLine(T0 + m * MIN + i * 1000, 3000 + i, 'shop@shop', 'shop-api', `duration: ${1000 + m * 10 + i}.512 ms  execute a${i}: ${sql}`)]);
    });
    if (m >= 50) {
      const sql = `SELECT date_trunc('day', o.created_at) AS day, sum(li.quantity * li.unit_price_cents) AS revenue_cents FROM orders o JOIN line_items li ON li.order_id = o.id WHERE o.created_at >= '2022-0${(m % 9) + 1}-01' GROUP BY 1 ORDER BY 1`;
      lines.push([T0 + m * MIN + 30_000, pgLine(T0 + m * MIN + 30_000, 4100, 'analytics@shop', 'monthly-report', `duration: ${90000 + m}.250 ms  statement: ${sql}`)]);
    }
  }
  return `${lines.sort((a, b) => a[0] - b[0]).map(([, l]) => l).join('\n')}\n`;
}

/** A ToolCaller over one in-memory logs server, with the tools' real input schemas (as the hub lists them). */
async function logsCaller(dir: string): Promise<ToolCaller> {
  const { client } = await connect({ sources: [dir], at: T0 + 60 * MIN });
  const specs: ToolSpec[] = (await client.listTools()).tools.map((t) => toToolSpec('logs', t));
  let n = 0;
  return {
    listTools: () => specs,
    reserveIds: (count) => Array.from({ length: count }, () => `c${++n}`),
    async call(tool, args, opts): Promise<ToolCallOutcome> {
      const id = opts?.id ? await opts.id : `c${++n}`;
      const r = await invokeTool(client, tool, tool.replace(/^logs__/, ''), args, 60_000);
      return { id, tool, args, ok: r.ok, text: r.text, ms: 1, bytes: r.text.length };
    },
  };
}

describe('error signatures as the offline engine reads them', () => {
  it('are cut at the default cap when a model asks: the list is halved and says so', async () => {
    const dir = tempDir({ 'postgresql-Wed.log': postgresLog() });
    const { call } = await connect({ sources: [dir], at: T0 + 60 * MIN });
    const reply = await call('error_signatures', { since: new Date(T0).toISOString(), until: new Date(T0 + 60 * MIN).toISOString(), top: 40 });
    const cut = reply.json<{ signatures: unknown[]; truncated?: string }>();
    expect(cut.truncated).toMatch(/output cut/);
    expect(cut.signatures.length).toBeLessThan(13);
  });

  it('arrive whole in the bundle, the new client with its few slow statements among them', async () => {
    const dir = tempDir({ 'postgresql-Wed.log': postgresLog() });
    const caller = await logsCaller(dir);
    const { bundle } = await gather({ incident: 'checkout is slow', from: T0, to: T0 + 60 * MIN, caller, events: () => {} });
    const sigs = bundle.signatures?.data ?? [];
    expect(sigs).toHaveLength(13);
    const report = sigs.find((s) => s.client?.app === 'monthly-report');
    expect(report?.count).toBe(10);
    expect(report?.first_seen).toBe(new Date(T0 + 50 * MIN + 30_000).toISOString());
  });
});
