// A Python web stack's logs: uWSGI's request lines (status as level, the request as an access log's) and harakiri
// notices, Django's `[%(asctime)s] %(levelname)s [%(name)s:%(lineno)s]` lines, and Celery's worker log.
import { describe, expect, it } from 'vitest';
import { parserFor } from '../../../src/core/logs/formats.js';
import { entriesOf, iso } from './entry-helpers.js';

const AT = Date.parse('2026-12-01T11:00:00Z');

const WEB = [
  '[pid: 12|app: 0|req: 4/87] 10.0.0.1 () {38 vars in 612 bytes} [Tue Dec  1 10:12:03 2026] GET /exports/42 => generated 0 bytes in 30012 msecs (HTTP/1.1 502) 2 headers in 73 bytes (1 switches on core 0)',
  '[pid: 13|app: 0|req: 9/88] 10.0.0.2 () {40 vars in 700 bytes} [Tue Dec  1 10:12:04 2026] POST /reports/7/export => generated 61 bytes in 35 msecs (HTTP/1.1 202) 4 headers in 126 bytes (1 switches on core 0)',
  '[01/Dec/2026 10:12:05] ERROR [reports.views:88] export 42 failed: worker did not answer',
  'Traceback (most recent call last):',
  '  File "/app/reports/views.py", line 86, in export',
  '    result.get(timeout=30)',
  'celery.exceptions.TimeoutError: The operation timed out.',
  'Tue Dec  1 10:12:33 2026 - *** HARAKIRI ON WORKER 3 (pid: 14, try: 1) ***',
  'Tue Dec  1 10:12:33 2026 - HARAKIRI [core 0] 10.0.0.3 - GET /reports/9/preview.pdf since 1796119923',
  'Tue Dec  1 10:12:34 2026 - DAMN ! worker 3 (pid: 14) died, killed by signal 9 :( trying respawn ...',
];

describe('uWSGI and Django', () => {
  it('reads uWSGI request lines as access lines, Django lines with their logger and line, harakiri as errors', async () => {
    const { format, entries } = await entriesOf('reports-web.log', WEB, AT);
    expect(format).toBe('stamped');
    expect(entries.map((e) => [iso(e.time), e.level, e.service, e.message.split('\n')[0]])).toEqual([
      ['2026-12-01T10:12:03.000Z', 'error', 'reports-web', '"GET /exports/42 HTTP/1.1" 502'],
      ['2026-12-01T10:12:04.000Z', 'info', 'reports-web', '"POST /reports/7/export HTTP/1.1" 202'],
      ['2026-12-01T10:12:05.000Z', 'error', 'reports-web', 'export 42 failed: worker did not answer'],
      ['2026-12-01T10:12:33.000Z', 'error', 'reports-web', '*** HARAKIRI ON WORKER 3 (pid: 14, try: 1) ***'],
      ['2026-12-01T10:12:33.000Z', 'error', 'reports-web', 'HARAKIRI [core 0] 10.0.0.3 - GET /reports/9/preview.pdf since 1796119923'],
      ['2026-12-01T10:12:34.000Z', 'error', 'reports-web', 'DAMN ! worker 3 (pid: 14) died, killed by signal 9 :( trying respawn ...'],
    ]);
    expect(entries[0]!.fields).toMatchObject({ method: 'GET', path: '/exports/42', status: 502, duration_ms: 30012, pid: 12 });
    expect(entries[2]!.fields).toEqual({ logger: 'reports.views', line: 88 });
    expect(entries[2]!.message).toContain('celery.exceptions.TimeoutError');
    expect(entries[4]!.fields).toMatchObject({ method: 'GET', path: '/reports/9/preview.pdf' });
  });

  it("a bracketed logger:line is a code location, not a service named `name:88`", () => {
    const head = parserFor('stamped', AT, '/var/log/reports-web.log')('[01/Dec/2026 10:12:05] WARNING [reports-web.tls:88] client sent TLS alert: certificate unknown');
    expect(head).toMatchObject({ level: 'warn', service: 'reports-web', fields: { logger: 'reports-web.tls', line: 88 } });
  });
});

describe('Celery worker', () => {
  it("reads the process, the task's name as a logger and its id; the worker's own components name no service", async () => {
    const { entries } = await entriesOf('pdf-worker.log', [
      '[2026-12-01 10:12:03,123: INFO/MainProcess] Task pdf.tasks.render_report[4587b590-dbaf-46e6-8e9a-7de89e009ae5] received',
      '[2026-12-01 10:12:03,200: INFO/ForkPoolWorker-3] pdf.tasks.render_report[4587b590-dbaf-46e6-8e9a-7de89e009ae5]: rendering report 6715 (9 pages)',
      '[2026-12-01 10:13:03,300: ERROR/ForkPoolWorker-3] Task pdf.tasks.render_report[4587b590-dbaf-46e6-8e9a-7de89e009ae5] raised unexpected: SoftTimeLimitExceeded()',
      'Traceback (most recent call last):',
      '  File "/usr/local/lib/python3.12/site-packages/celery/app/trace.py", line 453, in trace_task',
      'billiard.exceptions.SoftTimeLimitExceeded: SoftTimeLimitExceeded()',
      '[2026-12-01 10:14:00,000: WARNING/MainProcess] mingle: searching for neighbors',
    ], AT);
    expect(entries.map((e) => [iso(e.time), e.level, e.service, e.message.split('\n')[0], e.fields?.logger, e.fields?.process])).toEqual([
      ['2026-12-01T10:12:03.123Z', 'info', 'pdf-worker', 'Task pdf.tasks.render_report[4587b590-dbaf-46e6-8e9a-7de89e009ae5] received', 'pdf.tasks.render_report', 'MainProcess'],
      ['2026-12-01T10:12:03.200Z', 'info', 'pdf-worker', 'rendering report 6715 (9 pages)', 'pdf.tasks.render_report', 'ForkPoolWorker-3'],
      ['2026-12-01T10:13:03.300Z', 'error', 'pdf-worker', 'Task pdf.tasks.render_report[4587b590-dbaf-46e6-8e9a-7de89e009ae5] raised unexpected: SoftTimeLimitExceeded()', 'pdf.tasks.render_report', 'ForkPoolWorker-3'],
      ['2026-12-01T10:14:00.000Z', 'warn', 'pdf-worker', 'mingle: searching for neighbors', undefined, 'MainProcess'],
    ]);
    expect(entries[2]!.fields?.task_id).toBe('4587b590-dbaf-46e6-8e9a-7de89e009ae5');
  });
});
