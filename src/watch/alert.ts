// The one shape every alert takes once it is past the intake (webhook, Docker or Prometheus poll): data only.
// Alert text is untrusted: it becomes the incident text and labels of an investigation, never a command.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { serviceFromLabels as seriesLabelService } from '../core/series-labels.js';
import type { AlertForQueue } from '../store/index.js';

export const ALERT_SOURCES = ['alertmanager', 'pagerduty', 'generic', 'docker', 'prometheus'] as const;
export type AlertSource = (typeof ALERT_SOURCES)[number];

/** What kind of signal started an incident; runbooks opt in to unattended runs per trigger. */
export const TRIGGERS = ['alert', 'container_unhealthy', 'container_oom', 'container_restarting', 'container_exited'] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** An alert as the store files it, with its source and trigger narrowed to the kinds the watcher knows. */
export interface IncomingAlert extends AlertForQueue {
  source: AlertSource;
  trigger: Trigger;
}

const MAX_TITLE = 300;
const MAX_LABELS = 40;
const MAX_LABEL_VALUE = 200;

/** Control characters and newlines out, length bounded: a title is shown on one line and passed as data. */
export function cleanText(text: string, max = MAX_TITLE): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Keeps a bounded number of string labels with clean keys and values. */
export function cleanLabels(labels: Record<string, unknown> | undefined | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (Object.keys(out).length >= MAX_LABELS) break;
    if (!/^[A-Za-z_][\w.\-/]{0,99}$/.test(k)) continue;
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') continue;
    out[k] = cleanText(String(v), MAX_LABEL_VALUE);
  }
  return out;
}

/** The service an alert is about, read from its labels as the engine reads a series' (a pod's workload, not its scraper). */
export function serviceFromLabels(labels: Record<string, string>): string | null {
  const v = seriesLabelService(labels);
  return v && /^[A-Za-z0-9][\w.\-]{0,99}$/.test(v) ? v : null;
}

/** A valid ISO time or the fallback: an alert's start time decides the investigation's --at. */
export function isoOr(value: unknown, fallback: Date): string {
  const t = typeof value === 'string' ? Date.parse(value) : NaN;
  // Alertmanager sends 0001-01-01 for "unset"; anything before 2000 is treated as missing.
  return Number.isFinite(t) && t > Date.UTC(2000, 0, 1) ? new Date(t).toISOString() : fallback.toISOString();
}

export function stableKey(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);
}

export const incomingAlertSchema = z.object({
  source: z.enum(ALERT_SOURCES),
  key: z.string().min(1).max(300),
  group: z.string().min(1).max(300),
  status: z.enum(['firing', 'resolved']),
  title: z.string().min(1).max(MAX_TITLE),
  service: z.string().nullable(),
  startedAt: z.string(),
  labels: z.record(z.string(), z.string()),
  trigger: z.enum(TRIGGERS),
});
