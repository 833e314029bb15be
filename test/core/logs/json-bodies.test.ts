// A JSON record carried as a text line's message (a converter's or shipper's head around a JSON app's line): its own
// level, message and fields count, through the parser and through the logs server's byte shortcut.
import { describe, expect, it } from 'vitest';
import type { ErrorSignaturesResult, LogLevel } from '../../../src/core/evidence.js';
import { detectFormat, parserFor } from '../../../src/core/logs/formats.js';
import { connect, tempDir } from '../../servers/logs/helpers.js';

const REF = Date.parse('2026-12-05T02:00:00Z');

function heads(lines: string[]): Array<{ level: LogLevel; service: string | null; message: string; fields?: Record<string, unknown> }> {
  const parse = parserFor(detectFormat(lines, REF), REF);
  return lines.map((l) => {
    const h = parse(l);
    expect(h, l).not.toBeNull();
    return { level: h!.level, service: h!.service, message: h!.message, ...(h!.fields ? { fields: h!.fields } : {}) };
  });
}

describe('a JSON record as the message of a text line', () => {
  it('takes the record\'s level over a head that says INFO for every line, and its message and fields', () => {
    const [ok, bad] = heads([
      '2022-08-23T04:26:00.000000Z INFO [frontend] {"http.req.id":"cd613e30","message":"request started","severity":"debug"}',
      '2022-08-23T04:26:01.000000Z INFO [frontend] {"error":"rpc error: code = Unavailable desc = ads down","message":"failed to retrieve ads","severity":"warning"}',
    ]);
    expect(ok).toMatchObject({ level: 'debug', service: 'frontend', message: 'request started' });
    expect(bad).toMatchObject({ level: 'warn', service: 'frontend', message: 'failed to retrieve ads: rpc error: code = Unavailable desc = ads down' });
    expect(bad!.fields).toMatchObject({ severity: 'warning' });
  });

  it('keeps the head\'s level when the record states none, and the head\'s service over the record\'s', () => {
    const [h] = heads(['2026-12-05T01:42:00.000Z ERROR [checkout] {"msg":"charge failed","service.name":"ES_ECS"}']);
    expect(h).toMatchObject({ level: 'error', service: 'checkout', message: 'charge failed' });
  });

  it('reads RFC 5424 syslog around a JSON app', () => {
    const [info, err] = heads([
      '<14>1 2026-12-05T01:42:00.000Z web-1 checkout 811 - - {"level":"info","msg":"request served"}',
      '<14>1 2026-12-05T01:42:01.000Z web-1 checkout 811 - - {"level":"error","msg":"charge failed","error":"timeout"}',
    ]);
    expect(info).toMatchObject({ level: 'info', service: 'checkout', message: 'request served' });
    expect(err).toMatchObject({ level: 'error', service: 'checkout', message: 'charge failed: timeout' });
  });

  it('leaves a message that only looks like JSON as text', () => {
    const [h] = heads(['2026-12-05T01:42:00.000Z ERROR [seat] {soldTickets=[1, 2], broken}']);
    expect(h).toMatchObject({ level: 'error', service: 'seat', message: '{soldTickets=[1, 2], broken}' });
  });
});

describe('through the logs server', () => {
  it('finds errors a JSON body states under INFO heads, with the byte shortcut in the scan', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 400; i++) {
      const t = new Date(Date.parse('2022-08-23T04:20:00Z') + i * 1000).toISOString();
      lines.push(`${t} INFO [frontend] {"message":"request complete","severity":"debug","http.resp.status":200}`);
      if (i > 300 && i % 4 === 0) lines.push(`${t} INFO [frontend] {"error":"rpc error: code = Unavailable desc = connection refused","message":"failed to retrieve ads","severity":"error"}`);
      // Plain stamped lines around them keep the shortcut in use for the file.
      lines.push(`${t} INFO [frontend] served /product/${i}`);
    }
    const { call } = await connect({ sources: [tempDir({ 'frontend.log': `${lines.join('\n')}\n` })], at: Date.parse('2022-08-23T04:30:00Z') });
    const r = (await call('error_signatures', { since: '2022-08-23T04:00:00Z', until: '2022-08-23T04:30:00Z', min_level: 'warn' })).json<ErrorSignaturesResult>();
    expect(r.signatures).toHaveLength(1);
    expect(r.signatures[0]).toMatchObject({ level: 'error', services: ['frontend'], count: 24 });
    expect(r.signatures[0]!.example).toContain('failed to retrieve ads');
  });
});
