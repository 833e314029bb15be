// Polls Prometheus' /api/v1/alerts for firing alerts (pending ones are not incidents yet); an alert that
// stops firing between two polls is sent on as resolved.
import { z } from 'zod';
import { cleanLabels, cleanText, isoOr, serviceFromLabels, stableKey, type IncomingAlert } from './alert.js';

const alertsSchema = z.object({
  status: z.literal('success'),
  data: z.object({
    alerts: z.array(
      z.object({
        labels: z.record(z.string(), z.unknown()),
        annotations: z.record(z.string(), z.unknown()).default({}),
        state: z.string(),
        activeAt: z.string().optional(),
      }),
    ),
  }),
});

export type Fetch = (url: string, init: { signal: AbortSignal }) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

export class PrometheusAlertPoller {
  private readonly active = new Map<string, IncomingAlert>();

  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: Fetch = fetch,
    private readonly timeoutMs = 10_000,
  ) {}

  async poll(now = new Date()): Promise<IncomingAlert[]> {
    const url = `${this.baseUrl.replace(/\/+$/, '')}/api/v1/alerts`;
    const res = await this.fetchImpl(url, { signal: AbortSignal.timeout(this.timeoutMs) }).catch((err: unknown) => {
      throw new Error(`Prometheus at ${this.baseUrl} is not reachable (${(err as Error).message})`);
    });
    if (!res.ok) throw new Error(`Prometheus at ${this.baseUrl} answered ${res.status} for /api/v1/alerts`);
    const parsed = alertsSchema.safeParse(await res.json());
    if (!parsed.success) throw new Error(`Prometheus at ${this.baseUrl}: /api/v1/alerts answered in an unexpected shape`);
    const firing = new Map<string, IncomingAlert>();
    for (const a of parsed.data.data.alerts) {
      if (a.state !== 'firing') continue;
      const labels = cleanLabels(a.labels);
      const ann = cleanLabels(a.annotations);
      const name = labels.alertname ?? 'alert';
      const service = serviceFromLabels(labels);
      const key = `prom:${stableKey(labels)}`;
      const text = ann.summary ?? ann.description ?? '';
      firing.set(key, {
        source: 'prometheus', key, group: `prom:${name}:${service ?? ''}`, status: 'firing',
        title: cleanText(text ? `${name}: ${text}` : name), service, startedAt: isoOr(a.activeAt, now), labels, trigger: 'alert',
      });
    }
    const out: IncomingAlert[] = [];
    for (const [key, alert] of firing) if (!this.active.has(key)) out.push(alert);
    for (const [key, alert] of this.active) if (!firing.has(key)) out.push({ ...alert, status: 'resolved' });
    this.active.clear();
    for (const [k, v] of firing) this.active.set(k, v);
    return out;
  }
}
