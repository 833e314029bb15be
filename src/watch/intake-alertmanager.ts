// Alertmanager's webhook payload (version 4) to alerts: one group notification may carry many alerts,
// all sharing the notification's groupKey, so they become one incident.
import { z } from 'zod';
import { cleanLabels, cleanText, isoOr, serviceFromLabels, stableKey, type IncomingAlert } from './alert.js';

const amAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: z.record(z.string(), z.unknown()).default({}),
  annotations: z.record(z.string(), z.unknown()).default({}),
  startsAt: z.string().optional(),
  fingerprint: z.string().max(200).optional(),
});

export const alertmanagerPayload = z.object({
  version: z.literal('4', { error: 'only Alertmanager webhook payload version "4" is understood' }),
  groupKey: z.string().max(2000),
  status: z.enum(['firing', 'resolved']),
  alerts: z.array(amAlert).max(10_000),
  commonLabels: z.record(z.string(), z.unknown()).default({}),
});

export function fromAlertmanager(body: unknown, now = new Date()): IncomingAlert[] {
  const p = alertmanagerPayload.parse(body);
  const group = `am:${stableKey(p.groupKey)}`;
  return p.alerts.map((a) => {
    const labels = cleanLabels(a.labels);
    const ann = cleanLabels(a.annotations);
    const name = labels.alertname ?? 'alert';
    const text = ann.summary ?? ann.description ?? ann.message ?? '';
    return {
      source: 'alertmanager',
      key: `am:${a.fingerprint ?? stableKey(labels)}`,
      group,
      status: a.status,
      title: cleanText(text ? `${name}: ${text}` : name),
      service: serviceFromLabels(labels),
      startedAt: isoOr(a.startsAt, now),
      labels,
      trigger: 'alert',
    } satisfies IncomingAlert;
  });
}
