// Splits search_logs over threads: a large plain file is cut at entry starts near even offsets, each part searched
// by a worker counting lines from its own start; the merge offsets line numbers and keeps file order.
import { open } from 'node:fs/promises';
import { datingOf, type FileInfo } from '../../src/core/logs/file-info.js';
import { parserFor } from '../../src/core/logs/formats.js';
import type { LogMatch } from '../../src/core/evidence.js';
import type { SearchState } from './search.js';

/** Files smaller than this are searched whole: a second thread would not pay for itself. */
export const SPLIT_BYTES = 32 * 1024 * 1024;
const PROBE_BYTES = 64 * 1024;
const PROBE_LIMIT = 1024 * 1024;

export interface SearchUnit {
  files: FileInfo[];
  part?: { from: number; to: number };
}

/** A unit's answer: its matches (lines counted from the part's start) and the lines it read, if it counted all. */
export type SearchPart = SearchState & { lines: number | null };

/** The first line start at or after `at` whose line opens an entry (the parser reads it), or null nearby. */
async function entryStartAt(info: FileInfo, at: number, reference: number): Promise<number | null> {
  const parse = parserFor(info.format, datingOf(info, reference), info.file);
  const fh = await open(info.file, 'r');
  try {
    const buf = Buffer.alloc(PROBE_BYTES);
    let base = at;
    let inLine = at > 0; // the first probe may start inside a line: begin after its end
    while (base < at + PROBE_LIMIT) {
      const { bytesRead } = await fh.read(buf, 0, PROBE_BYTES, base);
      let start = 0;
      if (inLine) {
        start = buf.subarray(0, bytesRead).indexOf(10) + 1;
        if (start === 0) return null;
        inLine = false;
      }
      for (let nl = buf.indexOf(10, start); nl >= 0 && nl < bytesRead; nl = buf.indexOf(10, start)) {
        const line = buf.subarray(start, nl).toString('utf8').replace(/\r$/, '');
        if (line.length > 0 && parse(line)) return base + start;
        start = nl + 1;
      }
      if (bytesRead < PROBE_BYTES || start === 0) return null; // the file's end, or a line longer than a probe
      base += start; // on from the last whole line
    }
    return null;
  } finally {
    await fh.close();
  }
}

/** Units in file order: small files together, each large uncompressed file in `threads` parts. */
export async function planSearch(files: FileInfo[], threads: number, reference: number, splitBytes = SPLIT_BYTES): Promise<SearchUnit[]> {
  const units: SearchUnit[] = [];
  let group: FileInfo[] = [];
  for (const info of files) {
    if (threads < 2 || info.bytes < splitBytes || info.file.endsWith('.gz')) {
      group.push(info);
      continue;
    }
    if (group.length) units.push({ files: group });
    group = [];
    const cuts = [0];
    for (let k = 1; k < threads; k++) {
      const at = await entryStartAt(info, Math.floor((info.bytes * k) / threads), reference);
      if (at !== null && at > cuts.at(-1)! && at < info.bytes) cuts.push(at);
    }
    cuts.push(info.bytes);
    for (let k = 0; k + 1 < cuts.length; k++) units.push({ files: [info], part: { from: cuts[k]!, to: cuts[k + 1]! } });
  }
  if (group.length) units.push({ files: group });
  return units;
}

/** Adds the units' answers up in file order: totals summed, the first `limit` matches with their lines offset. */
export function mergeSearch(units: SearchUnit[], parts: SearchPart[], limit: number): SearchState {
  const state: SearchState = { total: 0, matches: [] };
  let offset = 0; // lines of the earlier parts of the current file
  units.forEach((u, i) => {
    const r = parts[i]!;
    if (!u.part || u.part.from === 0) offset = 0;
    state.total += r.total;
    const shift = (m: LogMatch): LogMatch => (u.part ? { ...m, line: m.line + offset } : m);
    for (const m of r.matches) if (state.matches.length < limit) state.matches.push(shift(m));
    // An earlier part that stopped counting lines had found `limit` matches: later lines are never shown.
    offset += r.lines ?? NaN;
  });
  return state;
}
