// ClickHouse's server log: the dotted date, `[ thread ] {query id} <Level> Logger: message`, read for time, level and
// message (before, no shape fitted and the whole file was undated, so its own refusals and operations were never seen).
import { describe, expect, it } from 'vitest';
import { detectFormat, parserFor } from '../../../src/core/logs/formats.js';
import { parseClickhouse } from '../../../src/core/logs/clickhouse-log.js';

const REF = Date.parse('2026-12-06T12:00:00Z');
const LINES = [
  '2026.12.06 09:39:44.126882 [ 412 ] {} <Information> system.query_log (MergeTreeDataWriter): Flushed system log, 1852 entries',
  "2026.12.06 09:40:00.163141 [ 702 ] {b7d1e0a2-5c44-4f0e-8e3b-6a91d2c4f0aa} <Debug> executeQuery: (from 10.0.9.14:50122, user: analyst) ALTER TABLE analytics.events DELETE WHERE user_id IN (SELECT user_id FROM gdpr.erasure_requests) (stage: Complete)",
  '2026.12.06 09:40:06.453171 [ 289 ] {} <Debug> analytics.events (5e0f2c9a-71b4-4d38-9a0e-2f6c1b7d8e44) (MutateFromLogEntryTask): Mutating part 202610_72951_76022_6 to mutation version 48213',
  '2026.12.06 10:28:01.153071 [ 653 ] {2cc7ccff-5f11-075f-b40f-187f7fed883b} <Error> executeQuery: Code: 252. DB::Exception: Too many parts (300). Merges are processing significantly slower than inserts. (TOO_MANY_PARTS) (version 23.3.13.6 (official build))',
  '2026.12.06 10:29:00.000001 [ 1 ] {} <Warning> Application: Listen [::]:9009 failed',
];

describe("ClickHouse's server log", () => {
  it('reads time, level, logger and message of each line', () => {
    const [flushed, alter, mutating, refused, warning] = LINES.map((l) => parseClickhouse(l));
    expect(flushed).toMatchObject({ time: Date.parse('2026-12-06T09:39:44.126Z'), level: 'info', message: 'Flushed system log, 1852 entries', fields: { logger: 'system.query_log (MergeTreeDataWriter)' } });
    expect(alter).toMatchObject({ level: 'debug', fields: { logger: 'executeQuery', query_id: 'b7d1e0a2-5c44-4f0e-8e3b-6a91d2c4f0aa' } });
    expect(alter!.message).toMatch(/^\(from 10\.0\.9\.14:50122, user: analyst\) ALTER TABLE/);
    expect(mutating).toMatchObject({ level: 'debug', message: 'Mutating part 202610_72951_76022_6 to mutation version 48213' });
    expect(refused).toMatchObject({ time: Date.parse('2026-12-06T10:28:01.153Z'), level: 'error', service: null });
    expect(refused!.message).toMatch(/^Code: 252\. DB::Exception: Too many parts/);
    expect(warning).toMatchObject({ level: 'warn' });
  });

  it('is found by the plain-text reader, so the file is dated', () => {
    const format = detectFormat(LINES, REF);
    const parse = parserFor(format, REF);
    expect(LINES.map((l) => parse(l)?.time)).toEqual(LINES.map((l) => parseClickhouse(l)!.time));
    expect(parse(LINES[3]!)?.level).toBe('error');
  });

  it('leaves other lines that start with digits alone', () => {
    expect(parseClickhouse('2026-12-06 09:40:00.163 INFO hello')).toBeNull();
    expect(parseClickhouse('2026.12.06 is the day we shipped')).toBeNull();
  });
});
