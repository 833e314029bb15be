// list_sources' per-file facts: line count, first and last timestamps. Lines are counted on raw bytes and
// the last time comes from the file's tail, so a large file costs one fast pass; results are cached.
import { open } from 'node:fs/promises';
import type { LogSource } from '../../src/core/evidence.js';
import { toIso } from '../../src/core/time.js';
import { readChunks } from '../../src/core/logs/chunk-reader.js';
import { yearReference, type FileInfo } from '../../src/core/logs/file-info.js';
import { parserFor, publicFormat } from '../../src/core/logs/formats.js';
import { containerFacts } from '../../src/core/logs/kubernetes.js';

const cache = new Map<string, LogSource>();
const TAIL_BYTES = 64 * 1024;

function lastTime(text: string, parse: (l: string) => { time: number | null } | null): number | null {
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const t = parse(lines[i]!.replace(/\r$/, ''))?.time;
    if (t !== undefined && t !== null) return t;
  }
  return null;
}

export async function summarize(info: FileInfo, reference: number): Promise<LogSource> {
  const key = `${info.file}\0${info.bytes}\0${info.mtimeMs}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const parse = parserFor(info.format, yearReference(info, reference));
  let lines = 0;
  let first: number | null = null;
  let last: number | null = null;
  let endsWithNewline = true;
  const gz = info.file.endsWith('.gz');
  for await (const chunk of readChunks(info.file, gz ? undefined : info.bytes)) {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
    endsWithNewline = chunk.length > 0 && chunk[chunk.length - 1] === 10;
    if (first === null) {
      const head = chunk.subarray(0, 64 * 1024).toString('utf8').split('\n');
      for (const l of head.slice(0, 1000)) {
        const t = parse(l.replace(/\r$/, ''))?.time;
        if (t !== undefined && t !== null) {
          first = t;
          break;
        }
      }
    }
    // For .gz there is no cheap tail: remember the last chunk's time as we stream.
    if (gz) last = lastTime(chunk.subarray(Math.max(0, chunk.length - TAIL_BYTES)).toString('utf8'), parse) ?? last;
  }
  if (!endsWithNewline) lines++;
  if (!gz) {
    const fh = await open(info.file, 'r');
    try {
      const size = Math.min(info.bytes, TAIL_BYTES);
      const buf = Buffer.alloc(size);
      await fh.read(buf, 0, size, info.bytes - size);
      last = lastTime(buf.toString('utf8'), parse);
    } finally {
      await fh.close();
    }
  }
  const out: LogSource = {
    file: info.file,
    format: publicFormat(info.format),
    first_time: first === null ? null : toIso(first),
    last_time: last === null ? null : toIso(last),
    lines,
    bytes: info.bytes,
    ...containerFacts(info),
  };
  if (cache.size > 5_000) cache.clear();
  cache.set(key, out);
  return out;
}
