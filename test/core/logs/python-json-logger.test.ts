// python-json-logger's records (Python logging's attributes: `name` is the logger's, `levelname`, `asctime`): the
// service is what the logger rule gives, as for a text Python line; before, the dotted logger name was the service.
import { describe, expect, it } from 'vitest';
import { parserFor } from '../../../src/core/logs/formats.js';
import { parseJsonLine } from '../../../src/core/logs/structured-formats.js';
import { serviceFromLogger } from '../../../src/core/logs/text-formats.js';

const REF = Date.parse('2026-10-21T04:00:00Z');
const py = (name: string, extra = '') =>
  `{"asctime":"2026-10-21 03:12:00,123","name":"${name}","levelname":"ERROR","message":"could not spool x"${extra}}`;
const BUNYAN = '{"name":"orders-api","hostname":"orders-api-5b7f9c6d4-q8x2m","pid":1,"level":50,"msg":"x","time":"2026-10-21T03:12:00.123Z","v":0}';

describe('python-json-logger records', () => {
  it("take the service the logger rule gives (a package's first word), not the dotted logger name", () => {
    const h = parseJsonLine(py('ingest.spool'));
    expect(h).toMatchObject({ level: 'error', service: 'ingest', message: 'could not spool x' });
    expect(h!.service).toBe(serviceFromLogger('ingest.spool'));
  });

  it("name no service for the root logger, and keep a service key the record states", () => {
    expect(parseJsonLine(py('root'))?.service).toBeNull();
    expect(parseJsonLine(py('ingest.spool', ',"service":"spool-writer"'))?.service).toBe('spool-writer');
  });

  it("leave bunyan's `name` (no levelname) the service it is", () => {
    expect(parseJsonLine(BUNYAN)).toMatchObject({ level: 'error', service: 'orders-api', message: 'x' });
  });

  it("give way to the file's name through the logs server's parser: ingest.spool in ingest-worker.log is ingest-worker", () => {
    const parse = parserFor('json', REF, '/var/log/ingest-worker.log');
    expect(parse(py('ingest.spool'))?.service).toBe('ingest-worker');
    expect(parse(py('root'))?.service).toBe('ingest-worker');
    expect(parserFor('json', REF, '/var/log/app.log')(py('ingest.spool'))?.service).toBe('ingest');
  });
});
