// Runs one scan task to its result: the same code whether a worker thread runs it (scan-worker.ts) or the server's
// own thread does (scan-place.ts, for small sources), so both places give the same answer.
import type { ScanTask } from './scan-protocol.js';
import { searchFile, type SearchState } from './search.js';
import type { SearchPart } from './search-split.js';
import { collectSignatures } from './signature-parts.js';
import { collectStats } from './stats.js';
import { requestFlows } from './flows.js';

export async function runTask(task: ScanTask): Promise<unknown> {
  switch (task.kind) {
    case 'search': {
      // RegExp survives structured cloning but not its lastIndex; the filter's pattern is used as sent.
      const state: SearchState = { total: 0, matches: [] };
      let lines: number | null = null;
      for (const info of task.files) lines = await searchFile(info, task.filter, state, task.part);
      return { ...state, lines } satisfies SearchPart;
    }
    case 'signatures':
      return collectSignatures(task.items, task.query);
    case 'stats':
      return collectStats(task.items, task.query);
    case 'flows':
      return requestFlows(task.files, task.query);
  }
}
