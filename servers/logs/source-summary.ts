// list_sources' per-file facts: line count, first and last timestamps. Lines are counted on raw bytes (estimated from
// even samples above 1 GiB) and the last time comes from the file's tail, so a large file costs one fast pass; cached.
import { open } from 'node:fs/promises';
import type { LogSource } from '../../src/core/evidence.js';
import { toIso } from '../../src/core/time.js';
import { readChunks } from '../../src/core/logs/chunk-reader.js';
import { datingOf, type FileInfo } from '../../src/core/logs/file-info.js';
import { parserFor, publicFormat } from '../../src/core/logs/formats.js';
import type { LineParser } from '../../src/core/logs/parsed-head.js';
import { containerFacts } from '../../src/core/logs/kubernetes.js';
import { dialectOf } from '../../src/core/logs/dialects.js';

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

/** `countAllBytes`: above it lines are estimated (tests make it small). */
export async function summarize(info: FileInfo, reference: number, countAllBytes = COUNT_ALL_BYTES): Promise<LogSource> {
  const gz = info.file.endsWith('.gz');
  const estimate = !gz && info.bytes > countAllBytes;
  const key = `${info.file}\0${info.bytes}\0${info.mtimeMs}\0${estimate}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const parse = parserFor(info.format, datingOf(info, reference));
  // A file this large is not read whole to count its lines (it would take longer than the call may): they are
  // estimated from even samples, and the answer says so.
  if (estimate) return remember(key, await estimated(info, parse));
  let lines = 0;
  let first: number | null = null;
  let last: number | null = null;
  let endsWithNewline = true;
  let dialect: string | null = null;
  for await (const chunk of readChunks(info.file, gz ? undefined : info.bytes)) {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
    endsWithNewline = chunk.length > 0 && chunk[chunk.length - 1] === 10;
    if (first === null) {
      const head = chunk.subarray(0, 64 * 1024).toString('utf8').split('\n');
      dialect = dialectOf(head, parse);
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
    ...(dialect ? { dialect } : {}),
  };
  return remember(key, out);
}

function remember(key: string, out: LogSource): LogSource {
  if (cache.size > 5_000) cache.clear();
  cache.set(key, out);
  return out;
}

/** Files above this many bytes get their line count estimated from samples rather than counted. */
const COUNT_ALL_BYTES = 1024 ** 3;
const SAMPLES = 64;
const SAMPLE_BYTES = 64 * 1024;

/** Lines estimated from SAMPLES even pieces (newlines per byte), first time from the head, last from the tail. */
async function estimated(info: FileInfo, parse: LineParser): Promise<LogSource> {
  const fh = await open(info.file, 'r');
  try {
    const buf = Buffer.alloc(SAMPLE_BYTES);
    const read = async (at: number) => buf.subarray(0, (await fh.read(buf, 0, SAMPLE_BYTES, at)).bytesRead);
    let newlines = 0;
    let sampled = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const piece = await read(Math.floor((i * (info.bytes - SAMPLE_BYTES)) / (SAMPLES - 1)));
      for (let j = piece.indexOf(10); j >= 0; j = piece.indexOf(10, j + 1)) newlines++;
      sampled += piece.length;
    }
    const head = (await read(0)).toString('utf8').split('\n');
    const dialect = dialectOf(head, parse);
    let first: number | null = null;
    for (const l of head) {
      first = parse(l.replace(/\r$/, ''))?.time ?? null;
      if (first !== null) break;
    }
    const last = lastTime((await read(info.bytes - SAMPLE_BYTES)).toString('utf8'), parse);
    return {
      file: info.file,
      format: publicFormat(info.format),
      first_time: first === null ? null : toIso(first),
      last_time: last === null ? null : toIso(last),
      lines: Math.round((info.bytes * newlines) / Math.max(1, sampled)),
      lines_estimated: true,
      bytes: info.bytes,
      ...containerFacts(info),
      ...(dialect ? { dialect } : {}),
    };
  } finally {
    await fh.close();
  }
}
