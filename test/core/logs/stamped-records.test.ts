// `kubectl logs --timestamps` without --prefix: the runtime stamps every line, so a traceback's frames each open
// with a time. They are still one record (one entry); records written apart, or with a level of their own, are not.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forEachEntry, type LogEntry } from '../../../servers/logs/entries.js';
import { datingOf, inspectFile } from '../../../src/core/logs/file-info.js';
import { StampedRecords } from '../../../src/core/logs/stamped-records.js';
import { entriesOf } from './entry-helpers.js';

const AT = Date.parse('2026-03-04T09:00:00Z');

// uvicorn's accept loop hitting EMFILE, as containerd stamped it: each line of the one write a few µs apart.
const ACCEPT_FAILURE = [
  '2026-03-04T08:52:00.79355123Z INFO:     connection open',
  '2026-03-04T08:52:01.917419921Z ERROR:    socket.accept() out of system resource',
  '2026-03-04T08:52:01.917419921Z socket: <asyncio.TransportSocket fd=9, family=2, type=1, proto=0, laddr=(\'0.0.0.0\', 8000)>',
  '2026-03-04T08:52:01.9175639Z Traceback (most recent call last):',
  '2026-03-04T08:52:01.917576989Z   File "/usr/local/lib/python3.12/asyncio/selector_events.py", line 178, in _accept_connection',
  '2026-03-04T08:52:01.917590078Z     conn, addr = sock.accept()',
  '2026-03-04T08:52:01.917601001Z                  ^^^^^^^^^^^^^',
  '2026-03-04T08:52:01.917603167Z OSError: [Errno 24] Too many open files',
  '2026-03-04T08:52:02.101930001Z INFO:     connection closed',
];

describe('lines of one record stamped one by one', () => {
  it('reads a runtime-stamped traceback as one entry under its head', async () => {
    const { entries } = await entriesOf('ws.log', ACCEPT_FAILURE, AT);
    expect(entries.map((e) => e.level)).toEqual(['info', 'error', 'info']);
    const failure = entries[1]!;
    expect(failure.continuation).toBe(6);
    expect(failure.message).toContain('socket.accept() out of system resource');
    expect(failure.message).toContain('OSError: [Errno 24] Too many open files');
    expect(failure.message).not.toContain('2026-03-04T08:52:01.9175639Z');
  });

  it('near miss: the same shapes written seconds apart, or opening with a level, stay records of their own', async () => {
    const apart = [
      '2026-03-04T08:52:01.917419921Z ERROR:    socket.accept() out of system resource',
      '2026-03-04T08:52:02.531000417Z Traceback (most recent call last):',
      '2026-03-04T08:52:03.200104512Z   File "/app/x.py", line 3, in f',
      '2026-03-04T08:52:03.200109001Z INFO:     connection open',
      '2026-03-04T08:52:03.200109001Z INFO:     connection closed',
    ];
    const { entries } = await entriesOf('ws.log', apart, AT);
    expect(entries.map((e) => e.continuation)).toEqual([0, 0, 0, 0, 0]);
  });

  it('joins a line without a continuation shape only when its stamp is the very same to the sub-millisecond', () => {
    const r = new StampedRecords();
    expect(r.continues('2026-03-04T08:52:01.917419921Z ERROR:    socket.accept() out of system resource')).toBeNull();
    expect(r.continues('2026-03-04T08:52:01.917419921Z socket: <asyncio.TransportSocket fd=9>')).toBe('socket: <asyncio.TransportSocket fd=9>');
    // 1 ms later, not frame-shaped: a record of its own (an access line without a level).
    expect(r.continues('2026-03-04T08:52:01.918419921Z 10.0.0.7 - - "GET /healthz HTTP/1.1" 200')).toBeNull();
    // An app's own millisecond stamps are no runtime's: equal times there are two records.
    const app = new StampedRecords();
    expect(app.continues('2026-03-04T08:52:01.917Z job 1 done')).toBeNull();
    expect(app.continues('2026-03-04T08:52:01.917Z job 2 done')).toBeNull();
  });

  it('gives a file read in two ranges split inside a stamped traceback the entries of one read', async () => {
    const { file, format, entries: whole } = await entriesOf('ws.log', ACCEPT_FAILURE, AT);
    const info = await inspectFile(file, AT);
    const text = readFileSync(file, 'utf8');
    for (const at of ['Traceback', '    conn, addr']) {
      const line = text.slice(0, text.indexOf(at)).split('\n').length;
      const split = Buffer.byteLength(text.slice(0, text.lastIndexOf('\n', text.indexOf(at)) + 1));
      const pieces: LogEntry[] = [];
      for (const range of [{ from: 0, to: split, firstLine: 1 }, { from: split, to: Buffer.byteLength(text), firstLine: line }]) {
        await forEachEntry(file, format, datingOf(info, AT), (e) => void pieces.push(e), { range });
      }
      expect(pieces.map((e) => [e.level, e.continuation])).toEqual(whole.map((e) => [e.level, e.continuation]));
    }
  });
});

