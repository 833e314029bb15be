// Worker-thread entry for scans: runs the task it is sent and ticks every 100 ms while its event loop turns,
// so the pool can tell a slow scan (which awaits reads between chunks) from one stuck inside a regex.
import { parentPort } from 'node:worker_threads';
import { setFlagsFromString } from 'node:v8';
import type { ScanReply, ScanTask } from './scan-protocol.js';
import { runTask } from './scan-run.js';

// Let V8 switch a regex to its linear-time engine when backtracking explodes (`/(a+)+$/`), so such patterns
// answer instead of stalling; patterns it cannot switch are still stopped by the pool's stall limit.
setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

const port = parentPort!;

port.on('message', (task: ScanTask & { id: number }) => {
  const tick = () => port.postMessage({ id: task.id, type: 'tick' } satisfies ScanReply);
  tick();
  const timer = setInterval(tick, 100);
  runTask(task)
    .then(
      (result) => port.postMessage({ id: task.id, type: 'done', result } satisfies ScanReply),
      (err: unknown) => port.postMessage({ id: task.id, type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies ScanReply),
    )
    .finally(() => clearInterval(timer));
});
