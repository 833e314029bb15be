// rca watch's intake queue: every alert is written before it is acknowledged, grouped into incidents
// (one investigation each) in one short IMMEDIATE transaction, so a burst or a kill -9 loses nothing.
import { z } from 'zod';
import { redact, redactValue } from '../core/redact.js';
import { guard, type Db } from './open.js';
import { newId } from './investigations.js';

/** One alert to file (rca watch's IncomingAlert): identity, grouping, status and what it says. */
export interface AlertForQueue {
  source: string;
  /** Identity of this alert (Alertmanager fingerprint, PagerDuty incident id, container + condition). */
  key: string;
  /** Alerts with the same group belong to one incident (Alertmanager group key, container, alertname + service). */
  group: string;
  status: 'firing' | 'resolved';
  title: string;
  service: string | null;
  startedAt: string;
  labels: Record<string, string>;
  trigger: string;
}

export const WATCH_STATES = ['queued', 'running', 'done', 'failed', 'resolved'] as const;

export const watchIncidentSchema = z.object({
  id: z.string(),
  group_key: z.string(),
  source: z.string(),
  trigger: z.string(),
  title: z.string(),
  service: z.string().nullable(),
  started_at: z.string(),
  labels: z.record(z.string(), z.string()),
  state: z.enum(WATCH_STATES),
  alert_count: z.number(),
  attempts: z.number(),
  investigation_id: z.string().nullable(),
  runbook_id: z.string().nullable(),
  error: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  resolved_at: z.string().nullable(),
});
export type WatchIncident = z.infer<typeof watchIncidentSchema>;

export interface RecordedAlert {
  incidentId: string | null;
  /** A new incident was queued for investigation. */
  created: boolean;
  /** The alert closed its incident (every alert of it resolved). */
  closed: boolean;
}

function rowToIncident(row: Record<string, unknown>): WatchIncident {
  const { labels_json, ...rest } = row;
  return watchIncidentSchema.parse({ ...rest, labels: JSON.parse(String(labels_json)) });
}

/**
 * Files one alert. A firing alert joins the open incident of its group, or of its service when that incident
 * opened within `groupWindowMs` (a burst of related alerts is one investigation); otherwise it opens a new one.
 * A resolved alert closes its incident once none of the incident's alerts is still firing.
 */
export function recordAlert(db: Db, alert: AlertForQueue, opts: { groupWindowMs: number; now?: Date }): RecordedAlert {
  const now = (opts.now ?? new Date()).toISOString();
  return guard(db, () =>
    db.transaction((): RecordedAlert => {
      const open = findOpen(db, alert, new Date(Date.parse(now) - opts.groupWindowMs).toISOString());
      if (alert.status === 'resolved') {
        if (!open) return { incidentId: null, created: false, closed: false };
        insertAlert(db, open, alert, now);
        const firing = db
          .prepare(
            `SELECT COUNT(*) AS n FROM watch_alerts a WHERE a.incident_id = ? AND a.status = 'firing'
               AND a.id = (SELECT MAX(b.id) FROM watch_alerts b WHERE b.incident_id = a.incident_id AND b.alert_key = a.alert_key)`,
          )
          .get(open) as { n: number };
        if (firing.n > 0) return { incidentId: open, created: false, closed: false };
        db.prepare(
          `UPDATE watch_incidents SET resolved_at = ?, updated_at = ?, state = CASE state WHEN 'queued' THEN 'resolved' ELSE state END WHERE id = ?`,
        ).run(now, now, open);
        return { incidentId: open, created: false, closed: true };
      }
      if (open) {
        insertAlert(db, open, alert, now);
        db.prepare('UPDATE watch_incidents SET alert_count = alert_count + 1, updated_at = ? WHERE id = ?').run(now, open);
        return { incidentId: open, created: false, closed: false };
      }
      const id = newId('wi', new Date(now));
      // Alert titles and labels come from outside (webhooks, annotations with URLs): stored redacted like the rest.
      db.prepare(
        `INSERT INTO watch_incidents (id, group_key, source, trigger, title, service, started_at, labels_json, state, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
      ).run(id, alert.group, alert.source, alert.trigger, redact(alert.title), alert.service, alert.startedAt, JSON.stringify(redactValue(alert.labels)), now, now);
      insertAlert(db, id, alert, now);
      return { incidentId: id, created: true, closed: false };
    }).immediate(),
  );
}

/** Files several alerts; the distinct incidents they went to, how many are new, and each alert's outcome. */
export function recordAlerts(
  db: Db,
  alerts: AlertForQueue[],
  opts: { groupWindowMs: number; now?: Date },
): { incidents: string[]; created: number; outcomes: RecordedAlert[] } {
  const outcomes = alerts.map((a) => recordAlert(db, a, opts));
  const incidents = [...new Set(outcomes.map((o) => o.incidentId).filter((id): id is string => id !== null))];
  return { incidents, created: outcomes.filter((o) => o.created).length, outcomes };
}

function findOpen(db: Db, alert: AlertForQueue, groupSince: string): string | null {
  const byKey = db
    .prepare(
      `SELECT i.id FROM watch_incidents i JOIN watch_alerts a ON a.incident_id = i.id
        WHERE a.alert_key = ? AND i.resolved_at IS NULL ORDER BY i.created_at DESC LIMIT 1`,
    )
    .get(alert.key) as { id: string } | undefined;
  if (byKey) return byKey.id;
  const byGroup = db
    .prepare('SELECT id FROM watch_incidents WHERE group_key = ? AND resolved_at IS NULL ORDER BY created_at DESC LIMIT 1')
    .get(alert.group) as { id: string } | undefined;
  if (byGroup || alert.status === 'resolved' || !alert.service) return byGroup?.id ?? null;
  const byService = db
    .prepare(
      `SELECT id FROM watch_incidents WHERE service = ? AND resolved_at IS NULL AND created_at >= ?
        ORDER BY created_at DESC LIMIT 1`,
    )
    .get(alert.service, groupSince) as { id: string } | undefined;
  return byService?.id ?? null;
}

function insertAlert(db: Db, incidentId: string, alert: AlertForQueue, now: string): void {
  db.prepare('INSERT INTO watch_alerts (incident_id, alert_key, status, title, received_at) VALUES (?, ?, ?, ?, ?)').run(
    incidentId, alert.key, alert.status, redact(alert.title), now,
  );
}

/** Takes the oldest queued incident for investigation; null when the queue is empty. Atomic across processes. */
export function claimNextIncident(db: Db, now = new Date()): WatchIncident | null {
  const row = guard(db, () =>
    db
      .prepare(
        `UPDATE watch_incidents SET state = 'running', attempts = attempts + 1, updated_at = ?
          WHERE id = (SELECT id FROM watch_incidents WHERE state = 'queued' ORDER BY created_at, rowid LIMIT 1) AND state = 'queued'
          RETURNING *`,
      )
      .get(now.toISOString()) as Record<string, unknown> | undefined,
  );
  return row ? rowToIncident(row) : null;
}

export function finishIncident(
  db: Db,
  id: string,
  outcome: { investigationId: string; runbookId: string | null } | { error: string },
  now = new Date(),
): void {
  guard(db, () => {
    if ('error' in outcome) {
      db.prepare(`UPDATE watch_incidents SET state = 'failed', error = ?, updated_at = ? WHERE id = ?`).run(outcome.error.slice(0, 2000), now.toISOString(), id);
    } else {
      db.prepare(`UPDATE watch_incidents SET state = 'done', investigation_id = ?, runbook_id = ?, error = NULL, updated_at = ? WHERE id = ?`).run(
        outcome.investigationId, outcome.runbookId, now.toISOString(), id,
      );
    }
  });
}

/** After a crash or kill -9: incidents left running go back to the queue. Returns how many. */
export function requeueInterrupted(db: Db, now = new Date()): number {
  return guard(db, () => db.prepare(`UPDATE watch_incidents SET state = 'queued', updated_at = ? WHERE state = 'running'`).run(now.toISOString()).changes);
}

export function getWatchIncident(db: Db, id: string): WatchIncident | null {
  const row = guard(db, () => db.prepare('SELECT * FROM watch_incidents WHERE id = ?').get(id) as Record<string, unknown> | undefined);
  return row ? rowToIncident(row) : null;
}

export function listWatchIncidents(db: Db, limit = 20): WatchIncident[] {
  const rows = guard(db, () => db.prepare('SELECT * FROM watch_incidents ORDER BY created_at DESC, id DESC LIMIT ?').all(limit) as Array<Record<string, unknown>>);
  return rows.map(rowToIncident);
}

export function watchQueueCounts(db: Db): Record<(typeof WATCH_STATES)[number], number> & { alerts: number } {
  const counts = Object.fromEntries(WATCH_STATES.map((s) => [s, 0])) as Record<(typeof WATCH_STATES)[number], number>;
  const rows = guard(db, () => db.prepare('SELECT state, COUNT(*) AS n FROM watch_incidents GROUP BY state').all() as Array<{ state: string; n: number }>);
  for (const r of rows) if (r.state in counts) counts[r.state as keyof typeof counts] = r.n;
  const alerts = guard(db, () => (db.prepare('SELECT COUNT(*) AS n FROM watch_alerts').get() as { n: number }).n);
  return { ...counts, alerts };
}
