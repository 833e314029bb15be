// The generic alert form for anything that can POST JSON: {"title", "service", "started_at", "labels"}
// (plus optional "status" and "key"); documented in the README.
import { z } from 'zod';
import { cleanLabels, cleanText, isoOr, stableKey, type IncomingAlert } from './alert.js';

export const genericAlert = z.object({
  title: z.string({ error: 'a generic alert needs "title": what is wrong' }).min(1).max(10_000),
  service: z.string().regex(/^[A-Za-z0-9][\w.\-]{0,99}$/, 'service: letters, digits, ".", "_" or "-"').optional(),
  started_at: z.string().optional(),
  labels: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  status: z.enum(['firing', 'resolved']).default('firing'),
  key: z.string().min(1).max(200).optional(),
});

export function fromGeneric(body: unknown, now = new Date()): IncomingAlert[] {
  const a = genericAlert.parse(body);
  const title = cleanText(a.title);
  const labels = cleanLabels(a.labels);
  const service = a.service ?? null;
  const key = a.key ? `gen:${a.key}` : `gen:${stableKey([title, service, labels])}`;
  return [
    {
      source: 'generic',
      key,
      group: `gen:${service ?? stableKey(title)}`,
      status: a.status,
      title,
      service,
      startedAt: isoOr(a.started_at, now),
      labels,
      trigger: 'alert',
    },
  ];
}
