// Celery's worker log after its `[time: LEVEL/ProcessName]` head: `pdf_worker.tasks.render[<id>]: msg` from a task's
// logger and `Task pdf_worker.tasks.render[<id>] raised unexpected: ...` from the worker; the task's name is a logger.
import type { LogLevel } from '../evidence.js';
import type { ParsedHead } from './parsed-head.js';

// A task's own lines (`%(task_name)s[%(task_id)s]: %(message)s`) and the worker's lines about a task.
const TASK = /^(Task )?([A-Za-z_][\w.]{0,200})\[([0-9a-fA-F-]{8,40})\](:? )/;

/**
 * The rest of a Celery line. The worker's own components write `mingle: ...` or `worker: ...` as words of the message,
 * not a service's name: the service is the worker's deployment (its file or pod).
 */
export function celeryBody(text: string, level: LogLevel, process: string): Omit<ParsedHead, 'time'> {
  const t = TASK.exec(text);
  if (!t) return { level, service: null, message: text, fields: { process }, dialect: 'celery' };
  const fields = { process, logger: t[2]!, task_id: t[3]! };
  // `name[id]: msg` is the task's message; `Task name[id] succeeded in ...` the worker's, whole.
  return { level, service: null, message: t[1] || t[4] !== ': ' ? text : text.slice(t[0].length), fields, dialect: 'celery' };
}
