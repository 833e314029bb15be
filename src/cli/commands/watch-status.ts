// `rca watch status [--json]`: the watchers (what each watches, alive or not), the queue by state, the last
// incidents with their investigations, and the last webhook deliveries with their attempts.
import { z } from 'zod';
import { UsageError } from '../../core/errors.js';

const limitSchema = z.coerce.number().int().min(1).max(1000);

export async function watchStatus(flags: Record<string, unknown>): Promise<number> {
  const limit = limitSchema.safeParse(flags.limit ?? 10);
  if (!limit.success) throw new UsageError(`--limit ${String(flags.limit)}: give a whole number from 1 to 1000`);
  const [compose, { openHistoryStore }, store, out] = await Promise.all([
    import('../compose.js'),
    import('../compose-store.js'),
    import('../../store/index.js'),
    import('../output.js'),
  ]);
  const path = compose.dbPathFor({ db: flags.db as string | undefined, config: flags.config as string | undefined });
  const db = openHistoryStore(path);
  const now = Date.now();
  let status;
  try {
    const hasWatch = db ? store.schemaVersion(db) >= 5 : false;
    const watchers = db && hasWatch ? store.listWatchers(db, 5) : [];
    status = {
      database: path,
      watchers: watchers.map((w) => {
        const interval = Number(w.settings.interval_ms ?? 30_000);
        const alive = !w.stopped_at && now - Date.parse(w.heartbeat_at) < Math.max(3 * interval, 90_000);
        return { ...w, alive };
      }),
      queue: db && hasWatch ? store.watchQueueCounts(db) : { queued: 0, running: 0, done: 0, failed: 0, resolved: 0, alerts: 0 },
      incidents: db && hasWatch ? store.listWatchIncidents(db, limit.data) : [],
      deliveries: db && hasWatch ? store.listDeliveries(db, limit.data) : [],
    };
  } finally {
    db?.close();
  }
  if (flags.json) {
    out.writeJson(status);
    return 0;
  }
  const c = out.colorFor(process.stdout);
  const lines: string[] = [];
  const live = status.watchers.filter((w) => w.alive);
  lines.push(c.bold('Watchers'));
  if (status.watchers.length === 0) lines.push('  none has run on this database: start one with rca watch');
  for (const w of status.watchers) {
    const what = [w.settings.listen && `webhooks ${w.settings.listen}`, w.settings.docker && `docker ${w.settings.docker}`, w.settings.prometheus && `prometheus ${w.settings.prometheus}`]
      .filter(Boolean)
      .join(', ');
    lines.push(`  ${w.alive ? c.green('alive') : c.dim(w.stopped_at ? 'stopped' : 'gone')}  pid ${w.pid} on ${w.host}  ${what || 'webhooks off'}  since ${w.started_at}`);
  }
  const q = status.queue;
  lines.push('', c.bold('Queue'), `  ${q.queued} queued, ${q.running} running, ${q.done} done, ${q.failed} failed, ${q.resolved} resolved before investigation; ${q.alerts} alerts received`);
  lines.push('', c.bold('Last incidents'));
  if (status.incidents.length === 0) lines.push('  none yet');
  for (const i of status.incidents) {
    const inv = i.investigation_id ? `rca show ${i.investigation_id}` : i.error ? `error: ${i.error.slice(0, 80)}` : '';
    lines.push(`  ${i.id}  ${i.state.padEnd(8)} ${i.title.slice(0, 60)}  x${i.alert_count}  ${inv}${i.runbook_id ? `  runbook ${i.runbook_id}` : ''}`);
  }
  lines.push('', c.bold('Last deliveries'));
  if (status.deliveries.length === 0) lines.push('  none');
  for (const d of status.deliveries) {
    lines.push(`  ${d.state.padEnd(9)} ${d.kind.padEnd(5)} ${d.incident_id}  attempts ${d.attempts}${d.last_error ? `  last error: ${d.last_error}` : ''}`);
  }
  if (live.length === 0 && status.watchers.length > 0) lines.push('', 'no watcher is running: start one with rca watch');
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
