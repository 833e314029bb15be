// PagerDuty v3 webhooks: the X-PagerDuty-Signature header (v1=<hex HMAC-SHA256 of the raw body>) is checked
// against the shared secret before anything is parsed; incident.triggered opens, incident.resolved closes.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { cleanText, isoOr, type IncomingAlert } from './alert.js';

/** True when one of the header's v1 signatures matches the body (PagerDuty sends several while rotating). */
export function verifyPagerDutySignature(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  if (!header) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return header.split(',').some((part) => {
    const m = /^\s*v1=([0-9a-f]{64})\s*$/i.exec(part);
    if (!m) return false;
    const got = Buffer.from(m[1]!, 'hex');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

const pdEvent = z.object({
  event: z.object({
    event_type: z.string().max(100),
    occurred_at: z.string().optional(),
    data: z.object({
      id: z.string().max(100),
      title: z.string().max(10_000).optional(),
      created_at: z.string().optional(),
      urgency: z.string().max(50).optional(),
      service: z.object({ summary: z.string().max(300).optional(), id: z.string().max(100).optional() }).partial().optional(),
    }),
  }),
});

const OPENING = new Set(['incident.triggered', 'incident.reopened']);
const CLOSING = new Set(['incident.resolved']);

/** The alerts a PagerDuty event stands for: none for event types that neither open nor close an incident. */
export function fromPagerDuty(body: unknown, now = new Date()): IncomingAlert[] {
  const { event } = pdEvent.parse(body);
  if (!OPENING.has(event.event_type) && !CLOSING.has(event.event_type)) return [];
  const d = event.data;
  const service = d.service?.summary ? cleanText(d.service.summary, 100) : null;
  const labels: Record<string, string> = { pagerduty_incident: cleanText(d.id, 100) };
  if (d.urgency) labels.urgency = cleanText(d.urgency, 50);
  if (service) labels.service = service;
  return [
    {
      source: 'pagerduty',
      key: `pd:${d.id}`,
      group: `pd:${d.id}`,
      status: CLOSING.has(event.event_type) ? 'resolved' : 'firing',
      title: cleanText(d.title ?? `PagerDuty incident ${d.id}`),
      service,
      startedAt: isoOr(d.created_at ?? event.occurred_at, now),
      labels,
      trigger: 'alert',
    },
  ];
}
