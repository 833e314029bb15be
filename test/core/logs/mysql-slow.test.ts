// MySQL's slow query log: `# Time:` dates the statement, `# User@Host:` opens it at warn under the client's name, and
// the timings, `SET timestamp=` and the SQL continue it, so each client's slow statements mine into their own signature.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, parserFor } from '../../../src/core/logs/formats.js';
import { parseMysqlSlow } from '../../../src/core/logs/mysql-slow.js';
import { forEachEntry, fullEntry } from '../../../servers/logs/entries.js';
import { connect, tempDir } from '../../servers/logs/helpers.js';

const MIN = 60_000;
const T0 = Date.parse('2026-12-01T01:00:00Z');
const REF = Date.parse('2026-12-02T00:00:00Z');
const REPORT = '# User@Host: report_builder[report_builder] @  [10.0.7.44]  Id: 40034';

/** One slow statement as mysqld 8.0 writes it: five lines, `# Time:` first. */
function statement(t: number, user: string, ip: string, id: number, sql: string, seconds = 2.5): string[] {
  return [
    `# Time: ${new Date(t).toISOString().replace('Z', '123Z')}`, // microseconds, as 8.0 writes them
    `# User@Host: ${user}[${user}] @  [${ip}]  Id: ${id}`,
    `# Query_time: ${seconds.toFixed(6)}  Lock_time: 0.000120 Rows_sent: 1  Rows_examined: 48211930`,
    `SET timestamp=${Math.floor(t / 1000)};`,
    sql,
  ];
}

const SAMPLE = [
  ...statement(T0, 'storefront', '10.0.3.12', 51002, 'UPDATE carts SET updated_at = NOW() WHERE id = 9912;', 2.1),
  ...statement(T0 + 41_000, 'report_builder', '10.0.7.44', 40034, 'SELECT customer_id, SUM(total) FROM orders GROUP BY customer_id;', 12.5),
  ...statement(T0 + 62_000, 'storefront', '10.0.3.13', 51007, 'INSERT INTO order_lines (order_id, sku) VALUES (77, 12);', 3.4),
  ...statement(T0 + 95_000, 'report_builder', '10.0.7.44', 40034, 'WITH t AS (SELECT 1) SELECT * FROM t;', 9.0),
];

describe('a slow-log line', () => {
  it('`# Time:` in 8.0/5.7 ISO form is a trace head with that time, in mysql', () => {
    const h = parseMysqlSlow('# Time: 2026-12-01T02:00:41.123456Z');
    expect(h).toMatchObject({ time: Date.parse('2026-12-01T02:00:41.123Z'), level: 'trace', service: 'mysql' });
  });

  it("`# Time:` in 5.6's `yymmdd h:mm:ss` form is read as UTC", () => {
    expect(parseMysqlSlow('# Time: 181003 10:23:45')).toMatchObject({ time: Date.parse('2018-10-03T10:23:45Z'), level: 'trace', service: 'mysql' });
    expect(parseMysqlSlow('# Time: 181003  9:05:01')?.time).toBe(Date.parse('2018-10-03T09:05:01Z'));
  });

  it('`# User@Host:` opens the statement at warn, untimed, worded by the user and carrying who and where as fields', () => {
    expect(parseMysqlSlow(REPORT)).toEqual({
      time: null,
      level: 'warn',
      service: 'mysql',
      message: 'report_builder: slow query from 10.0.7.44',
      fields: { db_user: 'report_builder', client_host: '10.0.7.44', connection_id: 40034 },
      dialect: 'mysql-slow',
    });
  });

  it('is null for the timings, SET timestamp, the SQL and other lines', () => {
    for (const line of SAMPLE.filter((l) => !l.startsWith('# Time:') && !l.startsWith('# User@Host:'))) expect(parseMysqlSlow(line)).toBeNull();
    expect(parseMysqlSlow('# Time: yesterday')).toBeNull();
    expect(parseMysqlSlow('2026-12-01T02:00:41Z ERROR [api] # User@Host: x')).toBeNull();
  });
});

describe('a slow-log file', () => {
  it('is detected as stamped, also with lowercase SQL and `use db;` lines as mysqld writes them', () => {
    expect(detectFormat(SAMPLE, REF)).toBe('stamped');
    const lower = ['# Time: 2026-12-01T02:00:41.123456Z', '# User@Host: etl[etl] @  [10.0.7.50]  Id: 7', '# Query_time: 2.000000  Lock_time: 0.000001 Rows_sent: 1  Rows_examined: 0', 'use shop;', 'SET timestamp=1796090441;', 'select sleep(2);'];
    expect(detectFormat([...lower, ...lower], REF)).toBe('stamped');
    // A plain file's own message that opens with an SQL word is an entry, not a continuation.
    expect(parserFor('plain', REF)('Order 1234 shipped to Berlin')).not.toBeNull();
    expect(parserFor('plain', REF)('from queue orders: 5 messages')).not.toBeNull();
  });

  it('gives one warn entry per statement, dated by the `# Time:` above it, with its timings and SQL as continuation', async () => {
    const file = path.join(tempDir(), 'mysql-slow.log');
    writeFileSync(file, `${SAMPLE.join('\n')}\n`);
    const slow: Array<[number, number | null, string, string | null, string, number]> = [];
    const messages: string[] = [];
    await forEachEntry(file, detectFormat(SAMPLE, REF), REF, (e) => {
      const f = fullEntry(e);
      if (f.level === 'trace') return;
      slow.push([f.line, f.time, f.level, f.service, f.message.split('\n')[0]!, f.continuation]);
      messages.push(f.message);
    });
    expect(slow).toEqual([
      [2, T0, 'warn', 'mysql', 'storefront: slow query from 10.0.3.12', 3],
      [7, T0 + 41_000, 'warn', 'mysql', 'report_builder: slow query from 10.0.7.44', 3],
      [12, T0 + 62_000, 'warn', 'mysql', 'storefront: slow query from 10.0.3.13', 3],
      [17, T0 + 95_000, 'warn', 'mysql', 'report_builder: slow query from 10.0.7.44', 3],
    ]);
    expect(messages[1]).toBe(['report_builder: slow query from 10.0.7.44', ...SAMPLE.slice(7, 10)].join('\n'));
    expect(messages[1]).toContain('# Query_time: 12.500000');
    expect(messages[1]).toContain('SELECT customer_id, SUM(total) FROM orders GROUP BY customer_id;');
  });
});

describe('error_signatures on a slow log', () => {
  it("mines each client's statements into its own signature, new for the client that began within the window", async () => {
    // storefront slow every 3 minutes for two hours; report_builder only from 65 minutes on (after `since`).
    const lines: string[] = [];
    for (let m = 0; m < 120; m += 3) {
      lines.push(...statement(T0 + m * MIN, 'storefront', `10.0.3.${(m % 7) + 1}`, 51000 + m, `UPDATE carts SET updated_at = NOW() WHERE id = ${9000 + m};`));
      if (m >= 65) lines.push(...statement(T0 + m * MIN + 20_000, 'report_builder', '10.0.7.44', 40034, 'SELECT customer_id, SUM(total) FROM orders GROUP BY customer_id;', 14));
    }
    const dir = tempDir({ 'mysql-slow.log': `${lines.join('\n')}\n` });
    const { call } = await connect({ sources: [dir], at: T0 + 120 * MIN, cacheDir: tempDir() });
    const r = await call('error_signatures', { since: new Date(T0 + 60 * MIN).toISOString(), until: new Date(T0 + 120 * MIN).toISOString() });
    expect(r.isError, r.text).toBe(false);
    const sigs = r.json<{ signatures: Array<{ template: string; level: string; services: string[]; count: number; new: boolean; first_seen: string }> }>().signatures;
    expect(sigs.map((s) => s.template).sort()).toEqual(['report_builder: slow query from <*>', 'storefront: slow query from <*>']);
    const report = sigs.find((s) => s.template.startsWith('report_builder'))!;
    const store = sigs.find((s) => s.template.startsWith('storefront'))!;
    expect(report).toMatchObject({ level: 'warn', services: ['mysql'], count: 18, new: true, first_seen: new Date(T0 + 66 * MIN + 20_000).toISOString() });
    expect(store).toMatchObject({ level: 'warn', services: ['mysql'], count: 20, new: false });
  });
});
