// Tests for the multiplexed stream decoder: frames per stream, lines split across frames, cut streams,
// and a body that is not multiplexed at all.
import { describe, expect, it } from 'vitest';
import { decodeFrames, demultiplex, demultiplexLines } from '../../../servers/docker/engine/mux-stream.js';

function frame(stream: number, text: string): Buffer {
  const data = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = stream;
  head.writeUInt32BE(data.length, 4);
  return Buffer.concat([head, data]);
}

describe('mux stream', () => {
  it('separates stdout and stderr in order', () => {
    const buf = Buffer.concat([frame(1, 'out1\n'), frame(2, 'err1\n'), frame(1, 'out2\n')]);
    const r = demultiplex(buf);
    expect(r.stdout.toString()).toBe('out1\nout2\n');
    expect(r.stderr.toString()).toBe('err1\n');
    expect(r.leftover).toBe(0);
  });

  it('joins a line split over two frames and splits a frame with several lines', () => {
    const buf = Buffer.concat([frame(1, '2026-02-17T14:46:00Z first pa'), frame(1, 'rt\nsecond\n'), frame(2, 'oops\r\n'), frame(1, 'no newline')]);
    expect(demultiplexLines(buf)).toEqual([
      { stream: 'stdout', line: '2026-02-17T14:46:00Z first part' },
      { stream: 'stdout', line: 'second' },
      { stream: 'stderr', line: 'oops' },
      { stream: 'stdout', line: 'no newline' },
    ]);
  });

  it('keeps whole frames of a cut stream and counts the rest', () => {
    const whole = frame(1, 'complete\n');
    const cut = frame(2, 'this one is cut').subarray(0, 12);
    const r = decodeFrames(Buffer.concat([whole, cut]));
    expect(r.frames).toHaveLength(1);
    expect(r.leftover).toBe(12);
  });

  it('handles multi-byte UTF-8 split across frames', () => {
    const bytes = Buffer.from('café ✓\n');
    const a = bytes.subarray(0, 4);
    const b = bytes.subarray(4);
    const mk = (d: Buffer) => Buffer.concat([Buffer.from([1, 0, 0, 0, 0, 0, 0, d.length]), d]);
    expect(demultiplexLines(Buffer.concat([mk(a), mk(b)]))).toEqual([{ stream: 'stdout', line: 'café ✓' }]);
  });

  it('refuses a body that is not multiplexed (e.g. TTY output)', () => {
    expect(() => decodeFrames(Buffer.from('plain text from a tty\n'))).toThrow(/not a multiplexed Docker stream/);
  });
});
