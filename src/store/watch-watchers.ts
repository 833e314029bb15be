// The running `rca watch` processes: each registers what it watches and beats while alive, so
// `rca watch status` can say what is watched and whether the watcher is still there.
import { z } from 'zod';
import { guard, type Db } from './open.js';

export const watcherSchema = z.object({
  id: z.string(),
  host: z.string(),
  pid: z.number(),
  settings: z.record(z.string(), z.unknown()),
  started_at: z.string(),
  heartbeat_at: z.string(),
  stopped_at: z.string().nullable(),
});
export type WatcherRow = z.infer<typeof watcherSchema>;

/** A watcher announces itself (what it watches) and then beats; `rca watch status` reads these rows. */
export function registerWatcher(db: Db, w: { id: string; host: string; pid: number; settings: Record<string, unknown> }, now = new Date()): void {
  const at = now.toISOString();
  guard(db, () =>
    db.prepare('INSERT INTO watch_watchers (id, host, pid, settings_json, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      w.id, w.host, w.pid, JSON.stringify(w.settings), at, at,
    ),
  );
}

export function watcherHeartbeat(db: Db, id: string, now = new Date()): void {
  guard(db, () => db.prepare('UPDATE watch_watchers SET heartbeat_at = ? WHERE id = ?').run(now.toISOString(), id));
}

export function watcherStopped(db: Db, id: string, now = new Date()): void {
  guard(db, () => db.prepare('UPDATE watch_watchers SET stopped_at = ?, heartbeat_at = ? WHERE id = ?').run(now.toISOString(), now.toISOString(), id));
}

export function listWatchers(db: Db, limit = 10): WatcherRow[] {
  const rows = guard(db, () => db.prepare('SELECT * FROM watch_watchers ORDER BY started_at DESC LIMIT ?').all(limit) as Array<Record<string, unknown>>);
  return rows.map(({ settings_json, ...r }) => watcherSchema.parse({ ...r, settings: JSON.parse(String(settings_json)) }));
}
