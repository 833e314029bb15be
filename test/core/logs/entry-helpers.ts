// Test helpers for log shapes read end to end: a file written to a temp dir, its format detected and its entries
// grouped as the logs server groups them (continuation lines, messages worded from the lines below a head).
import path from 'node:path';
import { datingOf, inspectFile } from '../../../src/core/logs/file-info.js';
import type { LogFormat } from '../../../src/core/logs/formats.js';
import { forEachEntry, type LogEntry } from '../../../servers/logs/entries.js';
import { tempDir } from '../../servers/logs/helpers.js';

/** The file `name` holding `lines`, read at `at`: its detected format and its entries in order. */
export async function entriesOf(name: string, lines: string[], at: number): Promise<{ format: LogFormat; entries: LogEntry[]; file: string }> {
  const dir = tempDir({ [name]: `${lines.join('\n')}\n` });
  const file = path.join(dir, name);
  const info = await inspectFile(file, at);
  const entries: LogEntry[] = [];
  await forEachEntry(file, info.format, datingOf(info, at), (e) => {
    entries.push(e);
  });
  return { format: info.format, entries, file };
}

/** An entry's time as ISO (null kept), for readable expectations. */
export const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());
