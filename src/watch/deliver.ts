// Sends queued webhook deliveries with retries: exponential backoff from the stored attempt count, so a
// restart picks up where the last process stopped; every attempt and its error is recorded.
import { dueDeliveries, recordDeliveryAttempt, type Db } from '../store/index.js';
import { jsonBody, slackBody, type Finished } from './notify.js';

export const MAX_DELIVERY_ATTEMPTS = 6;

export type Post = (url: string, body: string, timeoutMs: number) => Promise<{ status: number }>;

export const httpPost: Post = async (url, body, timeoutMs) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(timeoutMs) });
  await res.arrayBuffer().catch(() => undefined);
  return { status: res.status };
};

/** Delay before the attempt after `attempts` failures: 1 s, 2 s, 4 s ... at most 5 minutes. */
export function backoffMs(attempts: number, baseMs = 1000): number {
  return Math.min(300_000, baseMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends every due delivery once. `finished` looks up what to send for an incident (null when the
 * investigation is gone, which fails the delivery for good).
 */
export async function sendDueDeliveries(
  db: Db,
  finished: (incidentId: string) => Finished | null,
  opts: { post?: Post; timeoutMs?: number; baseDelayMs?: number; now?: () => Date } = {},
): Promise<{ sent: number; failed: number }> {
  const post = opts.post ?? httpPost;
  const now = opts.now ?? (() => new Date());
  let sent = 0;
  let failed = 0;
  for (const d of dueDeliveries(db, now())) {
    const f = finished(d.incident_id);
    if (!f) {
      recordDeliveryAttempt(db, d.id, { ok: false, error: 'the investigation is no longer stored', retryAt: null }, now());
      failed++;
      continue;
    }
    const body = JSON.stringify(d.kind === 'slack' ? slackBody(f) : jsonBody(f));
    let error: string | null = null;
    try {
      const res = await post(d.target, body, opts.timeoutMs ?? 10_000);
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
    } catch (err) {
      error = (err as Error).message;
    }
    if (error === null) {
      recordDeliveryAttempt(db, d.id, { ok: true }, now());
      sent++;
      continue;
    }
    const attempts = d.attempts + 1;
    const retryAt = attempts >= MAX_DELIVERY_ATTEMPTS ? null : new Date(now().getTime() + backoffMs(attempts, opts.baseDelayMs));
    recordDeliveryAttempt(db, d.id, { ok: false, error, retryAt }, now());
    failed++;
  }
  return { sent, failed };
}
