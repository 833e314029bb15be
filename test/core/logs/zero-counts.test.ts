// A line without a level whose only error word is a count of none (restic's `0 errors`, `errors: 0`, `no errors`) is
// no error; any other error word in it still is.
import { describe, expect, it } from 'vitest';
import { inferLevel } from '../../../src/core/logs/levels.js';
import { parserFor } from '../../../src/core/logs/formats.js';

describe('error words that count none', () => {
  it.each([
    ['[12:40] 5.98%  1850 files 7.900 GiB, total 51230 files 130.402 GiB, 0 errors ETA 3:05:31', 'info'],
    ['Files:         120 new,     0 changed, 51110 unmodified; errors: 0', 'info'],
    ['check finished: no errors were found', 'info'],
    ['backup completed without errors in 4m12s', 'info'],
    ['sync done {"copied":512,"errors":0}', 'info'],
    ['import finished: 3 errors, 0 warnings', 'error'],
    ['0 errors so far, but the upload failed: connection reset', 'error'],
    ['errors=0.5%', 'error'],
  ])('%s', (line, level) => {
    expect(inferLevel(line)).toBe(level);
  });

  it('through a journal line, whose program states no level', () => {
    const parse = parserFor('iso', Date.parse('2026-03-12T04:00:00Z'));
    expect(parse('2026-03-12T03:12:10.208119+0000 backup-1 restic[31877]: [2:40] 0.71%  235 files 0.930 GiB, total 51230 files 130.402 GiB, 0 errors ETA 3:56:45')!.level).toBe('info');
  });
});
