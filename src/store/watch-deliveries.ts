// Outgoing notifications of rca watch and its unattended runbook runs: each delivery is a row with its
// attempts and next try (so a restart resumes retries), each auto-run a row the per-hour limit counts.
import { z } from 'zod';
import { guard, type Db } from './open.js';

export const deliverySchema = z.object({
  id: z.number(),
  incident_id: z.string(),
  target: z.string(),
  kind: z.enum(['json', 'slack']),
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  next_at: z.string(),
  last_error: z.string().nullable(),
  created_at: z.string(),
  delivered_at: z.string().nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;

export function queueDelivery(db: Db, d: { incidentId: string; target: string; kind: 'json' | 'slack' }, now = new Date()): number {
  const at = now.toISOString();
  return Number(
    guard(db, () =>
      db
        .prepare(`INSERT INTO watch_deliveries (incident_id, target, kind, state, next_at, created_at) VALUES (?, ?, ?, 'pending', ?, ?)`)
        .run(d.incidentId, d.target, d.kind, at, at).lastInsertRowid,
    ),
  );
}

export function dueDeliveries(db: Db, now = new Date(), limit = 50): Delivery[] {
  const rows = guard(db, () =>
    db.prepare(`SELECT * FROM watch_deliveries WHERE state = 'pending' AND next_at <= ? ORDER BY next_at, id LIMIT ?`).all(now.toISOString(), limit),
  );
  return z.array(deliverySchema).parse(rows);
}

/** Records one attempt: delivered, retried at `retryAt`, or given up (retryAt null). */
export function recordDeliveryAttempt(db: Db, id: number, result: { ok: true } | { ok: false; error: string; retryAt: Date | null }, now = new Date()): void {
  guard(db, () => {
    if (result.ok) {
      db.prepare(`UPDATE watch_deliveries SET state = 'delivered', attempts = attempts + 1, delivered_at = ?, last_error = NULL WHERE id = ?`).run(now.toISOString(), id);
    } else {
      db.prepare(`UPDATE watch_deliveries SET state = ?, attempts = attempts + 1, last_error = ?, next_at = ? WHERE id = ?`).run(
        result.retryAt ? 'pending' : 'failed', result.error.slice(0, 500), (result.retryAt ?? now).toISOString(), id,
      );
    }
  });
}

export function listDeliveries(db: Db, limit = 20): Delivery[] {
  return z.array(deliverySchema).parse(guard(db, () => db.prepare('SELECT * FROM watch_deliveries ORDER BY id DESC LIMIT ?').all(limit)));
}

export function recordAutoRun(db: Db, run: { incidentId: string; runbookId: string; target: string; exitCode: number | null }, now = new Date()): void {
  guard(db, () =>
    db.prepare('INSERT INTO watch_auto_runs (incident_id, runbook_id, target, exit_code, created_at) VALUES (?, ?, ?, ?, ?)').run(
      run.incidentId, run.runbookId, run.target, run.exitCode, now.toISOString(),
    ),
  );
}

/** Unattended runs of a runbook since a time: for all targets, and the last one against this target. */
export function autoRunsSince(db: Db, runbookId: string, target: string, since: Date): { count: number; lastForTarget: string | null } {
  return guard(db, () => {
    const count = (db.prepare('SELECT COUNT(*) AS n FROM watch_auto_runs WHERE runbook_id = ? AND created_at >= ?').get(runbookId, since.toISOString()) as { n: number }).n;
    const last = db.prepare('SELECT MAX(created_at) AS t FROM watch_auto_runs WHERE runbook_id = ? AND target = ?').get(runbookId, target) as { t: string | null };
    return { count, lastForTarget: last.t };
  });
}
