// Decodes Docker's multiplexed attach/logs stream (8-byte frame headers) for containers without a TTY.
// Frames: byte 0 = stream (0 stdin, 1 stdout, 2 stderr), bytes 4..7 = big-endian payload length.

export type StreamName = 'stdin' | 'stdout' | 'stderr';
export interface StreamChunks {
  stdout: Buffer;
  stderr: Buffer;
  /** Bytes at the end that did not form a whole frame (a cut stream). */
  leftover: number;
}

const NAMES: Record<number, StreamName> = { 0: 'stdin', 1: 'stdout', 2: 'stderr' };

/** Splits a complete multiplexed buffer into frames in order. */
export function decodeFrames(buf: Buffer): { frames: Array<{ stream: StreamName; data: Buffer }>; leftover: number } {
  const frames: Array<{ stream: StreamName; data: Buffer }> = [];
  let off = 0;
  while (off + 8 <= buf.length) {
    const kind = buf[off]!;
    const size = buf.readUInt32BE(off + 4);
    const stream = NAMES[kind];
    if (!stream || buf[off + 1] !== 0 || buf[off + 2] !== 0 || buf[off + 3] !== 0) {
      throw new Error(`not a multiplexed Docker stream (bad frame header at byte ${off})`);
    }
    if (off + 8 + size > buf.length) break;
    frames.push({ stream, data: buf.subarray(off + 8, off + 8 + size) });
    off += 8 + size;
  }
  return { frames, leftover: buf.length - off };
}

/** Joins the frames of each stream. */
export function demultiplex(buf: Buffer): StreamChunks {
  const { frames, leftover } = decodeFrames(buf);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  for (const f of frames) (f.stream === 'stderr' ? err : out).push(f.data);
  return { stdout: Buffer.concat(out), stderr: Buffer.concat(err), leftover };
}

/** Splits a multiplexed logs body into lines tagged with their stream (a frame may hold several lines,
 * and a line or even one UTF-8 character may span frames, so bytes are joined before decoding). */
export function demultiplexLines(buf: Buffer): Array<{ stream: 'stdout' | 'stderr'; line: string }> {
  const lines: Array<{ stream: 'stdout' | 'stderr'; line: string }> = [];
  const pending: Record<'stdout' | 'stderr', Buffer[]> = { stdout: [], stderr: [] };
  const flush = (stream: 'stdout' | 'stderr', bytes: Buffer) => {
    lines.push({ stream, line: bytes.toString('utf8').replace(/\r$/, '') });
  };
  for (const f of decodeFrames(buf).frames) {
    const stream = f.stream === 'stderr' ? 'stderr' : 'stdout';
    let data = f.data;
    for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a)) {
      flush(stream, Buffer.concat([...pending[stream], data.subarray(0, nl)]));
      pending[stream] = [];
      data = data.subarray(nl + 1);
    }
    if (data.length) pending[stream].push(data);
  }
  for (const stream of ['stdout', 'stderr'] as const) if (pending[stream].length) flush(stream, Buffer.concat(pending[stream]));
  return lines;
}
