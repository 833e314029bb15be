// Logs piped into `rca` (`journalctl -o short-iso | rca "..."`, `kubectl logs ... | rca "..."`, or `--logs -`):
// stdin is copied to a private temp file the logs server reads like any other, and removed when rca ends.
import { createWriteStream, fstatSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

export interface StdinLogs {
  /** The file holding what came in on stdin. */
  path: string;
  bytes: number;
  remove(): void;
}

/** True when stdin is a pipe or a redirected file (not a terminal, not closed or /dev/null). */
export function stdinHasData(stdin: NodeJS.ReadStream = process.stdin): boolean {
  if (stdin.isTTY) return false;
  try {
    const st = fstatSync(0);
    return st.isFIFO() || st.isFile() || st.isSocket();
  } catch {
    return false;
  }
}

/** Copies stdin to a temp file (streamed: gigabytes do not go through memory). */
export async function spoolStdin(stdin: NodeJS.ReadableStream = process.stdin): Promise<StdinLogs> {
  const dir = mkdtempSync(join(tmpdir(), 'rca-stdin-'));
  const path = join(dir, 'stdin.log');
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    await pipeline(stdin, createWriteStream(path, { mode: 0o600 }));
  } catch (err) {
    remove();
    throw err;
  }
  // Removed however rca ends: a normal exit, an error, or Ctrl-C through the boundary.
  process.once('exit', remove);
  return { path, bytes: statSync(path).size, remove };
}
