// PostgreSQL's stderr log with a log_line_prefix naming the client (`%m [%p] %q%u@%d app=%a `, pgBadger's
// `user=%u,db=%d,app=%a,client=%h`) and its jsonlog: the client in the fields every database reader uses, never a service.
import { describe, expect, it } from 'vitest';
import { parserFor } from '../../../src/core/logs/formats.js';
import { serviceOfLogFile } from '../../../src/core/logs/file-service.js';
import { parseMysqlSlow } from '../../../src/core/logs/mysql-slow.js';
import { parseJsonLine } from '../../../src/core/logs/structured-formats.js';
import { entriesOf } from './entry-helpers.js';

const AT = Date.parse('2026-09-16T15:00:00Z');

describe('PostgreSQL client in the prefix', () => {
  it('a slow statement carries user, database and application as fields, at warn, worded as PostgreSQL wrote it', () => {
    const parse = parserFor('python', AT, '/var/log/postgresql/postgresql-Wed.log');
    const slow = parse('2026-09-16 14:03:12.345 UTC [4242] analytics@shop app=revenue-rollup LOG:  duration: 84213.112 ms  statement: SELECT date_trunc(\'day\', created_at), sum(total) FROM orders GROUP BY 1');
    expect(slow).toMatchObject({
      time: Date.parse('2026-09-16T14:03:12.345Z'),
      level: 'warn',
      service: 'postgresql',
      message: "duration: 84213.112 ms  statement: SELECT date_trunc('day', created_at), sum(total) FROM orders GROUP BY 1",
      fields: { pid: 4242, db_user: 'analytics', db_name: 'shop', client_app: 'revenue-rollup' },
    });
    // The same names MySQL's slow log gives its client, so a reader of a statement's client reads both.
    const mysql = parseMysqlSlow('# User@Host: report_builder[report_builder] @  [10.0.7.44]  Id: 40034')!;
    expect(Object.keys(mysql.fields!)).toEqual(expect.arrayContaining(['db_user', 'client_host']));
    expect(parse('2026-09-16 14:03:13.001 UTC [4301] checkout@shop app=checkout-api ERROR:  canceling statement due to statement timeout')).toMatchObject({
      level: 'error',
      message: 'canceling statement due to statement timeout',
      fields: { db_user: 'checkout', client_app: 'checkout-api' },
    });
    // Before the startup packet names them, %u, %d and %a print `[unknown]`: no client yet.
    const received = parse('2026-09-16 14:03:14.002 UTC [4302] [unknown]@[unknown] app=[unknown] LOG:  connection received: host=10.0.2.41 port=47073');
    expect(received).toMatchObject({ level: 'info', message: 'connection received: host=10.0.2.41 port=47073', fields: { pid: 4302 } });
    expect(received!.fields).not.toHaveProperty('db_user');
    // A statement under a second is routine.
    expect(parse('2026-09-16 14:03:15.000 UTC [4242] analytics@shop app=revenue-rollup LOG:  duration: 212.5 ms  statement: SELECT 1')!.level).toBe('info');
  });

  it("reads pgBadger's key=value prefix with %l and %h", () => {
    const head = parserFor('python', AT)('2026-09-16 14:03:12 UTC [4242]: [3-1] user=report,db=shop,app=psql,client=10.0.3.4(51234) ERROR:  relation "order_totals" does not exist');
    expect(head).toMatchObject({ level: 'error', message: 'relation "order_totals" does not exist', fields: { db_user: 'report', db_name: 'shop', client_app: 'psql', client_host: '10.0.3.4' } });
  });

  it('a rotation name (postgresql-%a.log) names no service of its own', () => {
    expect(serviceOfLogFile('/var/log/postgresql/postgresql-Wed.log')).toBe('postgresql');
    expect(serviceOfLogFile('/var/log/postgresql/postgresql-Monday.log')).toBe('postgresql');
    expect(serviceOfLogFile('/var/log/app/orders-api.log')).toBe('orders-api');
  });

  it('jsonlog: error_severity is the level, the client its fields, detail and statement under the message', async () => {
    const slow = parseJsonLine(
      '{"timestamp":"2026-03-10 14:03:12.345 UTC","user":"shop_web","dbname":"shop","pid":31467,"remote_host":"10.0.3.12","remote_port":51467,"session_id":"69b0021d.7aeb","line_num":994,"ps":"SELECT","session_start":"2026-03-10 11:35:57 UTC","vxid":"60/147522","txid":0,"error_severity":"LOG","message":"duration: 2045.118 ms  execute <unnamed>: SELECT * FROM orders_cart WHERE id = $1 FOR UPDATE","application_name":"shop-web","backend_type":"client backend","query_id":0}',
    );
    expect(slow).toMatchObject({ time: Date.parse('2026-03-10T14:03:12.345Z'), level: 'warn', service: null, fields: { db_user: 'shop_web', db_name: 'shop', client_app: 'shop-web', client_host: '10.0.3.12' } });
    const { entries } = await entriesOf('postgresql-2026-03-10_000000.json', [
      '{"timestamp":"2026-03-10 14:03:13.001 UTC","user":"shop_web","dbname":"shop","pid":31468,"remote_host":"10.0.3.13","error_severity":"ERROR","state_code":"40P01","message":"deadlock detected","detail":"Process 31468 waits for ShareLock on transaction 9001; blocked by process 31467.","statement":"UPDATE inventory SET qty = qty - 1 WHERE sku = $1","application_name":"shop-web","backend_type":"client backend"}',
      '{"timestamp":"2026-03-10 14:03:20.000 UTC","pid":64,"error_severity":"LOG","message":"checkpoint starting: time","backend_type":"checkpointer"}',
    ], AT);
    expect(entries.map((e) => [e.level, e.service, e.message.split('\n')])).toEqual([
      ['error', 'postgresql', ['deadlock detected', 'DETAIL:  Process 31468 waits for ShareLock on transaction 9001; blocked by process 31467.', 'STATEMENT:  UPDATE inventory SET qty = qty - 1 WHERE sku = $1']],
      ['info', 'postgresql', ['checkpoint starting: time']],
    ]);
  });

  it("Amazon RDS's fixed prefix `%t:%r:%u@%d:[%p]:`: client host, user and database as fields, in a file named before its date", async () => {
    const { entries } = await entriesOf('postgresql.log.2026-09-16-14', [
      '2026-09-16 14:03:12 UTC:10.0.1.23(45678):rollup@shop:[12345]:LOG:  duration: 84213.112 ms  execute <unnamed>: SELECT sum(total) FROM orders',
      '2026-09-16 14:03:13 UTC:10.0.1.24(45679):checkout@shop:[12346]:ERROR:  canceling statement due to statement timeout',
      '2026-09-16 14:03:13 UTC:10.0.1.24(45679):checkout@shop:[12346]:STATEMENT:  SELECT * FROM orders WHERE id = $1',
      '2026-09-16 14:03:20 UTC::@:[7001]:LOG:  checkpoint starting: time',
      '2026-09-16 14:03:21 UTC:[local]:rdsadmin@rdsadmin:[7002]:FATAL:  remaining connection slots are reserved for roles with the SUPERUSER attribute',
      '2026-09-16 14:03:22 UTC:2600:1f18:abcd::17(50001):checkout@shop:[12347]:LOG:  connection authorized: user=checkout database=shop',
    ], AT);
    expect(entries.map((e) => [e.level, e.service, e.message.split('\n')[0], e.fields])).toEqual([
      ['warn', 'postgresql', 'duration: 84213.112 ms  execute <unnamed>: SELECT sum(total) FROM orders', { pid: 12345, db_user: 'rollup', db_name: 'shop', client_host: '10.0.1.23' }],
      ['error', 'postgresql', 'canceling statement due to statement timeout', { pid: 12346, db_user: 'checkout', db_name: 'shop', client_host: '10.0.1.24' }],
      // As with the stderr prefix, an annotation line is its own routine entry with its session's client.
      ['info', 'postgresql', 'SELECT * FROM orders WHERE id = $1', { pid: 12346, db_user: 'checkout', db_name: 'shop', client_host: '10.0.1.24' }],
      ['info', 'postgresql', 'checkpoint starting: time', { pid: 7001 }],
      ['fatal', 'postgresql', 'remaining connection slots are reserved for roles with the SUPERUSER attribute', { pid: 7002, db_user: 'rdsadmin', db_name: 'rdsadmin' }],
      ['info', 'postgresql', 'connection authorized: user=checkout database=shop', { pid: 12347, db_user: 'checkout', db_name: 'shop', client_host: '2600:1f18:abcd::17' }],
    ]);
    expect(entries[0]!.time).toBe(Date.parse('2026-09-16T14:03:12Z'));
  });
});
