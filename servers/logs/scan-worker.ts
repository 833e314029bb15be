// Worker-thread entry for scans: runs the task it is sent and ticks every 100 ms while its event loop turns,
// so the pool can tell a slow scan (which awaits reads between chunks) from one stuck inside a regex.
import { parentPort } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import type { ScanReply, ScanTask } from './scan-protocol.js';
import { searchFile, type SearchState } from './search.js';
import type { SearchPart } from './search-split.js';
import { collectSignatures } from './signature-parts.js';
import { collectStats } from './stats.js';
import { requestFlows } from './flows.js';

// Let V8 switch a regex to its linear-time engine when backtracking explodes (`/(a+)+$/`), so such patterns
// answer instead of stalling; patterns it cannot switch are still stopped by the pool's stall limit.
setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

const port = parentPort!;

async function run(task: ScanTask & { id: number }): Promise<unknown> {
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

port.on('message', (task: ScanTask & { id: number }) => {
  const tick = () => port.postMessage({ id: task.id, type: 'tick' } satisfies ScanReply);
  tick();
  const timer = setInterval(tick, 100);
  run(task)
    .then(
      (result) => port.postMessage({ id: task.id, type: 'done', result } satisfies ScanReply),
      (err: unknown) => port.postMessage({ id: task.id, type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies ScanReply),
    )
    .finally(() => clearInterval(timer));
});
