// Numeric samples in the log stream (Heroku's log-runtime-metrics and Postgres add-on lines, l2met's sample#/measure#):
// read per service, source and metric into bounded per-minute series; malformed samples are skipped, never fatal.
import { describe, expect, it } from 'vitest';
import { readSamples, SampleLog } from '../../../servers/logs/log-samples.js';
import type { LogEntry } from '../../../servers/logs/entries.js';
import type { FlowsOut } from '../../../servers/logs/flows.js';
import { connect, tempDir } from './helpers.js';

const MB = 1024 ** 2;
const RUNTIME = 'source=web.1 dyno=heroku.145151706.3f1c1e1a-77b0-4c8e-9b2a-5f0b7c0e3d21 sample#memory_total=412.33MB sample#memory_rss=398.10MB sample#memory_cache=14.23MB sample#memory_swap=0.00MB sample#memory_pgpgin=1520pages sample#memory_quota=512.00MB';
const entry = (service: string, message: string): LogEntry => ({ time: 0, level: 'info', service, message, line: 1, continuation: 0 });

describe('readSamples', () => {
  it("reads Heroku's runtime metrics in base units", () => {
    const s = readSamples(RUNTIME);
    expect(s.find((x) => x.metric === 'memory_total_bytes')?.value).toBeCloseTo(412.33 * MB);
    expect(s.find((x) => x.metric === 'memory_quota_bytes')?.value).toBe(512 * MB);
    expect(s.find((x) => x.metric === 'memory_pgpgin')?.value).toBe(1520);
    expect(readSamples('source=web.1 dyno=heroku.1.a sample#load_avg_1m=0.46 sample#load_avg_5m=0.31')).toEqual([
      { metric: 'load_avg_1m', value: 0.46 },
      { metric: 'load_avg_5m', value: 0.31 },
    ]);
  });

  it('reads add-on metrics with dashes and kB, and measures in ms as seconds', () => {
    const s = readSamples('source=DATABASE addon=postgresql-curved-12345 sample#active-connections=18 sample#memory-free=1048576kB measure#db.query=12ms');
    expect(s).toEqual([
      { metric: 'active_connections', value: 18 },
      { metric: 'memory_free_bytes', value: 1024 ** 3 },
      { metric: 'db_query_seconds', value: 0.012 },
    ]);
  });

  it('skips malformed samples and unknown units, and reads nothing from ordinary text', () => {
    expect(readSamples('sample#memory_total=abcMB sample#memory_rss=1e999MB sample#x=5furlongs sample#y=3parsecs sample#=4')).toEqual([]);
    expect(readSamples('issue #412 closed: memory_total=412MB')).toEqual([]);
    // Near miss: code locations (`Class#line`) and a sample's name without its prefix are no samples.
    expect(readSamples('f.m.c.BasicController#45 p.c.PriceController#46 memory_total#rss=412MB Sample#load=3')).toEqual([]);
    expect(readSamples('f.m.c.BasicController#45 at=info measure#db.latency=12ms')).toEqual([{ metric: 'db_latency_seconds', value: 0.012 }]);
  });
});

describe('SampleLog', () => {
  it('keeps the largest sample per minute, per service and dyno', () => {
    const log = new SampleLog();
    log.add(10_000, entry('web', 'source=web.1 sample#memory_total=400.00MB'));
    log.add(40_000, entry('web', 'source=web.1 sample#memory_total=420.00MB'));
    log.add(70_000, entry('web', 'source=web.1 sample#memory_total=410.00MB'));
    log.add(10_000, entry('web', 'source=web.2 sample#memory_total=300.00MB'));
    const out = log.result();
    expect(out.map((s) => s.labels)).toEqual([{ service: 'web', source: 'web.1' }, { service: 'web', source: 'web.2' }]);
    expect(out[0]!.points).toEqual([[0, 420 * MB], [60_000, 410 * MB]]);
  });

  it('is bounded in series and points however many lines it reads', () => {
    const log = new SampleLog();
    for (let d = 0; d < 500; d++) log.add(0, entry('web', `source=web.${d} sample#memory_total=1MB`));
    // Two days of one dyno's samples, each minute: the answer merges minutes into at most 180 steps.
    for (let m = 0; m < 2 * 24 * 60; m++) log.add(m * 60_000, entry('worker', `source=worker.1 sample#memory_total=${m % 100}MB`));
    const out = log.result();
    expect(out.length).toBeLessThanOrEqual(60);
    for (const s of out) expect(s.points.length).toBeLessThanOrEqual(180);
  });
});

describe('request_flows', () => {
  it("answers a Heroku drain's runtime metrics as series, read through a real SDK client", async () => {
    const t0 = Date.parse('2026-12-06T12:00:00Z');
    const lines: string[] = [];
    for (let m = 0; m < 30; m++) {
      const at = new Date(t0 + m * 60_000 + 5_000).toISOString().replace('Z', '+00:00');
      lines.push(`${at} heroku[web.1]: source=web.1 dyno=heroku.1.abc sample#memory_total=${(300 + m * 8).toFixed(2)}MB sample#memory_quota=512.00MB sample#load_avg_1m=0.50`);
      lines.push(`${at} app[web.1]: I, [pid] INFO -- : method=GET path=/books status=200 duration=42.1`);
    }
    const dir = tempDir({ 'heroku.log': lines.join('\n') + '\n' });
    const { call } = await connect({ sources: [dir], at: t0 + 3600_000 });
    const r = await call('request_flows', { since: '2026-12-06T11:50:00Z', until: '2026-12-06T13:00:00Z' });
    expect(r.isError).toBe(false);
    const out = r.json<FlowsOut>();
    const total = out.samples?.find((s) => s.metric === 'memory_total_bytes');
    expect(total?.labels).toEqual({ service: 'web', source: 'web.1' });
    expect(total?.points).toHaveLength(30);
    expect(total?.points[29]![1]).toBeCloseTo(532 * MB);
  });
});
