// A file's service (ingest-worker.log) over a line's that is only its first word (a Python logger's package, `ingest`),
// and only then: another service, a longer word (`ingestion`) or a generic file name (app.log) leave the line's alone;
// a service guessed from a logger's first module (`ktor.application`) yields to the file named for the process.
import { describe, expect, it } from 'vitest';
import { fillService, withFileService } from '../../../src/core/logs/file-service.js';
import type { LineParser, ParsedHead } from '../../../src/core/logs/parsed-head.js';

const head = (service: string | null): ParsedHead => ({ time: Date.parse('2026-10-21T03:12:00Z'), level: 'error', service, message: 'could not spool x' });
// A parser that names the service the line starts with (`-` for none), so withFileService is tested on real heads.
const byFirstWord: LineParser = (line) => {
  const word = line.split(' ')[0]!;
  return head(word === '-' ? null : word);
};

describe("a file's service and a line's own", () => {
  it('replaces a service that is the first word of the file\'s, and fills a missing one', () => {
    expect(fillService(head('ingest'), 'ingest-worker')?.service).toBe('ingest-worker');
    expect(fillService(head(null), 'ingest-worker')?.service).toBe('ingest-worker');
  });

  it('keeps a service that only shares letters with it, or is another one', () => {
    expect(fillService(head('ingestion'), 'ingest-worker')?.service).toBe('ingestion');
    expect(fillService(head('billing'), 'ingest-worker')?.service).toBe('billing');
    expect(fillService(head('ingest-worker'), 'ingest')?.service).toBe('ingest-worker');
    // A first word ends at a hyphen: `ingest` is not the first word of `ingestion`.
    expect(fillService(head('ingest'), 'ingestion')?.service).toBe('ingest');
    expect(fillService(null, 'ingest-worker')).toBeNull();
  });

  it("applies through the file's parser, and a generic file name changes nothing", () => {
    const worker = withFileService(byFirstWord, '/var/log/ingest/ingest-worker.log');
    expect(['ingest spooling', 'ingestion lag', 'billing charged', '- no service'].map((l) => worker(l)?.service)).toEqual(['ingest-worker', 'ingestion', 'billing', 'ingest-worker']);
    const app = withFileService(byFirstWord, '/var/log/app.log');
    expect(['ingest spooling', '- no service'].map((l) => app(l)?.service)).toEqual(['ingest', null]);
  });

  it("replaces a service read off the line's logger, but not one the line names beside its logger", () => {
    const logged = (service: string, logger: string): ParsedHead => ({ ...head(service), fields: { logger } });
    // Ktor's `ktor.application` and uvicorn's `uvicorn.error` are modules inside storefront-bff's and api's processes.
    expect(fillService(logged('ktor', 'ktor.application'), 'storefront-bff')?.service).toBe('storefront-bff');
    expect(fillService(logged('uvicorn', 'uvicorn.error'), 'api')?.service).toBe('api');
    // A service key beside the logger (`service=billing logger=ktor.application`) is the line's own word.
    expect(fillService(logged('billing', 'ktor.application'), 'storefront-bff')?.service).toBe('billing');
    // In a generic file (a merged app.log) the logger's module is all there is.
    expect(fillService(logged('ktor', 'ktor.application'), null)?.service).toBe('ktor');
  });
});
