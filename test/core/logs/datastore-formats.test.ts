// The logs of the datastores and brokers beside the services: MongoDB (JSON and pre-4.4 text), Redis (3+ and 2.x),
// PostgreSQL's default prefix, MySQL's error log and `LEVEL [thread] time` (Cassandra): time, level and message per line.
import { describe, expect, it } from 'vitest';
import type { ErrorSignaturesResult, LogLevel, LogSource, LogStatsResult } from '../../../src/core/evidence.js';
import { detectFormat, parserFor } from '../../../src/core/logs/formats.js';
import { connect, tempDir } from '../../servers/logs/helpers.js';

const REF = Date.parse('2026-12-05T02:00:00Z');
const at = (iso: string) => Date.parse(iso);

const FILES: Record<string, string[]> = {
  'mongodb.log': [
    '{"t":{"$date":"2026-12-05T01:40:00.101+00:00"},"s":"I",  "c":"NETWORK",  "id":23015,   "ctx":"listener","msg":"Listening on","attr":{"address":"0.0.0.0"}}',
    '{"t":{"$date":"2026-12-05T01:41:00.101+00:00"},"s":"W",  "c":"COMMAND",  "id":51803,   "ctx":"conn12","msg":"Slow query","attr":{"type":"command","ns":"carts.item","durationMillis":1532}}',
    '{"t":{"$date":"2026-12-05T01:42:00.123+00:00"},"s":"E",  "c":"STORAGE",  "id":22435,   "ctx":"conn13","msg":"WiredTiger error","attr":{"error":28,"message":"No space left on device"}}',
    '{"t":{"$date":{"$numberLong":"1796442121123"}},"s":"E",  "c":"WRITE",  "id":20000,   "ctx":"conn14","msg":"Insert failed","attr":{"error":{"code":11000,"codeName":"DuplicateKey","errmsg":"E11000 duplicate key error"}}}',
  ],
  'carts-db.log': [
    '2026-12-05T01:40:00.101+0000 I NETWORK  [listener] connection accepted from 10.0.0.7:40112 #12 (3 connections now open)',
    '2026-12-05T01:42:00.123+0000 E STORAGE  [conn13] WiredTiger error (28) No space left on device',
    '2026-12-05T01:42:01.123+0000 D1 COMMAND  [conn14] run command admin.$cmd { ping: 1 }',
  ],
  'session-db.log': [
    '1:C 05 Dec 2026 01:40:00.101 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo',
    '1:M 05 Dec 2026 01:40:00.205 * Ready to accept connections tcp',
    '1:M 05 Dec 2026 01:41:10.300 # WARNING: 32 clients connected (90% of maxclients)',
    "1:M 05 Dec 2026 01:42:00.123 # Can't save in background: fork: Cannot allocate memory",
  ],
  'cache.log': ['[1] 05 Dec 01:40:00.101 * The server is now ready to accept connections on port 6379', "[1] 05 Dec 01:42:00.123 # Can't save in background: fork: Cannot allocate memory"],
  'postgres.log': [
    '2026-12-05 01:40:00.101 UTC [1] LOG:  database system is ready to accept connections',
    '2026-12-05 01:42:00.123 UTC [78] app@shop FATAL:  sorry, too many clients already',
    '2026-12-05 01:42:02.123 UTC [80] ERROR:  duplicate key value violates unique constraint "users_pkey"',
    '2026-12-05 01:42:02.123 UTC [80] DETAIL:  Key (id)=(42) already exists.',
    '2026-12-05 01:42:03.123 UTC [81] app@shop LOG:  duration: 2345.678 ms  execute <unnamed>: SELECT sum(points) FROM point_entries WHERE member_ref = $1',
    '2026-12-05 01:42:04.123 UTC [81] app@shop LOG:  duration: 12.345 ms  statement: SELECT 1',
  ],
  'mysql.log': [
    "2026-12-05T01:40:00.101234Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '8.0.35'",
    "2026-12-05T01:41:30.000000Z 12 [Note] Aborted connection 12 to db: 'shop' user: 'app' host: '10.0.0.7' (Got an error reading communication packets)",
    '2026-12-05T01:42:00.123456Z 0 [ERROR] [MY-012592] [InnoDB] Operating system error number 28 in a file operation.',
  ],
  'cassandra.log': [
    'INFO  [main] 2026-12-05 01:40:00,101 CassandraDaemon.java:507 - JVM Arguments: [-Xms1G]',
    'WARN  [ScheduledTasks:1] 2026-12-05 01:41:00,101 GCInspector.java:282 - G1 Young Generation GC in 1532ms',
    'ERROR [MutationStage-1] 2026-12-05 01:42:00,123 JVMStabilityInspector.java:102 - OutOfMemory error letting the JVM handle the error:',
    'java.lang.OutOfMemoryError: Java heap space',
  ],
};

type Head = [number | null, LogLevel, string | null, string] | null;
function heads(file: string): Head[] {
  const lines = FILES[file]!;
  const parse = parserFor(detectFormat(lines, REF), REF, `/var/log/${file}`);
  return lines.map((l) => {
    const h = parse(l);
    return h && [h.time, h.level, h.service, h.message];
  });
}

describe('datastore log lines', () => {
  it('MongoDB 4.4+ JSON: Extended JSON time, the severity letter, the error detail from attr', () => {
    expect(heads('mongodb.log')).toEqual([
      [at('2026-12-05T01:40:00.101Z'), 'info', 'mongodb', 'Listening on'],
      // Worded by its statement's shape (mongo-slow-query.test.ts).
      [at('2026-12-05T01:41:00.101Z'), 'warn', 'mongodb', 'Slow query: command carts.item'],
      [at('2026-12-05T01:42:00.123Z'), 'error', 'mongodb', 'WiredTiger error: 28: No space left on device'],
      [1796442121123, 'error', 'mongodb', 'Insert failed: DuplicateKey: E11000 duplicate key error'],
    ]);
  });

  it('MongoDB before 4.4: severity letter and component after the time; the component is not a service', () => {
    expect(heads('carts-db.log')).toEqual([
      [at('2026-12-05T01:40:00.101Z'), 'info', 'carts-db', 'connection accepted from 10.0.0.7:40112 #12 (3 connections now open)'],
      [at('2026-12-05T01:42:00.123Z'), 'error', 'carts-db', 'WiredTiger error (28) No space left on device'],
      [at('2026-12-05T01:42:01.123Z'), 'debug', 'carts-db', 'run command admin.$cmd { ping: 1 }'],
    ]);
  });

  it('Redis 3+ and 2.x: the day-month-year stamp and the level marks; `#` is an error only when its words say so', () => {
    expect(heads('session-db.log')).toEqual([
      [at('2026-12-05T01:40:00.101Z'), 'warn', 'session-db', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo'],
      [at('2026-12-05T01:40:00.205Z'), 'notice', 'session-db', 'Ready to accept connections tcp'],
      [at('2026-12-05T01:41:10.300Z'), 'warn', 'session-db', 'WARNING: 32 clients connected (90% of maxclients)'],
      [at('2026-12-05T01:42:00.123Z'), 'error', 'session-db', "Can't save in background: fork: Cannot allocate memory"],
    ]);
    // Redis 2 prints no year: it comes from the reference, as for syslog.
    expect(heads('cache.log')).toEqual([
      [at('2026-12-05T01:40:00.101Z'), 'notice', 'cache', 'The server is now ready to accept connections on port 6379'],
      [at('2026-12-05T01:42:00.123Z'), 'error', 'cache', "Can't save in background: fork: Cannot allocate memory"],
    ]);
  });

  it('PostgreSQL: the zone word and `[pid] user@db LEVEL:` are not the message; LOG is routine, FATAL fatal', () => {
    expect(heads('postgres.log')).toEqual([
      [at('2026-12-05T01:40:00.101Z'), 'info', 'postgres', 'database system is ready to accept connections'],
      [at('2026-12-05T01:42:00.123Z'), 'fatal', 'postgres', 'sorry, too many clients already'],
      [at('2026-12-05T01:42:02.123Z'), 'error', 'postgres', 'duplicate key value violates unique constraint "users_pkey"'],
      [at('2026-12-05T01:42:02.123Z'), 'info', 'postgres', 'Key (id)=(42) already exists.'],
      // A statement logged for its duration is a slow query from a second on; a quick one stays routine.
      [at('2026-12-05T01:42:03.123Z'), 'warn', 'postgres', 'duration: 2345.678 ms  execute <unnamed>: SELECT sum(points) FROM point_entries WHERE member_ref = $1'],
      [at('2026-12-05T01:42:04.123Z'), 'info', 'postgres', 'duration: 12.345 ms  statement: SELECT 1'],
    ]);
  });

  it("MySQL: the label is the level, so a Note that mentions an error stays a note", () => {
    expect(heads('mysql.log')).toEqual([
      [at('2026-12-05T01:40:00.101Z'), 'info', 'mysql', "[MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '8.0.35'"],
      [at('2026-12-05T01:41:30.000Z'), 'info', 'mysql', "Aborted connection 12 to db: 'shop' user: 'app' host: '10.0.0.7' (Got an error reading communication packets)"],
      [at('2026-12-05T01:42:00.123Z'), 'error', 'mysql', '[MY-012592] [InnoDB] Operating system error number 28 in a file operation.'],
    ]);
  });

  it('`LEVEL [thread] time File.java:line - msg`: the source position is not a logger; the stack line continues the entry', () => {
    expect(heads('cassandra.log')).toEqual([
      [at('2026-12-05T01:40:00.101Z'), 'info', 'cassandra', 'JVM Arguments: [-Xms1G]'],
      [at('2026-12-05T01:41:00.101Z'), 'warn', 'cassandra', 'G1 Young Generation GC in 1532ms'],
      [at('2026-12-05T01:42:00.123Z'), 'error', 'cassandra', 'OutOfMemory error letting the JVM handle the error:'],
      null,
    ]);
  });
});

describe('through the server', () => {
  it('every datastore line is dated, so a time window counts them and their errors are signatures of their own service', async () => {
    const dir = tempDir(Object.fromEntries(Object.entries(FILES).map(([f, lines]) => [f, `${lines.join('\n')}\n`])));
    const { call } = await connect({ sources: [dir], at: REF });
    const sources = (await call('list_sources')).json<{ sources: LogSource[] }>().sources;
    expect(sources.filter((s) => s.first_time === null).map((s) => s.file)).toEqual([]);
    const stats = (await call('log_stats', { since: '2026-12-05T01:00:00Z' })).json<LogStatsResult & { untimed_entries?: number }>();
    expect(stats.untimed_entries ?? 0).toBe(0);
    const sigs = (await call('error_signatures', { since: '2026-12-05T01:30:00Z' })).json<ErrorSignaturesResult>();
    const byService = new Map<string, string[]>();
    for (const s of sigs.signatures) for (const svc of s.services ?? []) byService.set(svc, [...(byService.get(svc) ?? []), s.example]);
    expect([...byService.keys()].sort()).toEqual(['cache', 'carts-db', 'cassandra', 'mongodb', 'mysql', 'postgres', 'session-db']);
    expect(byService.get('session-db')!.join(' ')).toContain('Cannot allocate memory');
    expect(byService.get('cassandra')!.join(' ')).toContain('java.lang.OutOfMemoryError: Java heap space');
  });
});
