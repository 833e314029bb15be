// Starts a real Prometheus that scrapes itself and fires an alerting rule, and a real Alertmanager
// (Debian's prometheus-alertmanager) routing to a webhook URL: the alert path of `rca watch` end to end.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { integrationRequired, onPath, startDaemon, type Daemon } from './daemon.js';
import { freePort } from './prometheus.js';

const missing = [
  ...(onPath('prometheus') ? [] : ['prometheus']),
  ...(onPath('prometheus-alertmanager') ? [] : ['prometheus-alertmanager']),
];
/** Run when both binaries are there, or always under REQUIRE_INTEGRATION=1 (then a missing one fails). */
export const alertingAvailable = missing.length === 0 || integrationRequired;
export const alertingSkipReason = alertingAvailable
  ? ''
  : `skipped: needs ${missing.join(' and ')}; enable with: apt-get install -y prometheus prometheus-alertmanager`;

export interface Running extends Daemon {
  url: string;
}

/** Alertmanager with one route: every alert to `webhookUrl`, grouped by alertname, sent after 1 s. */
export async function startAlertmanager(webhookUrl: string): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'am-'));
  const config = join(dir, 'alertmanager.yml');
  writeFileSync(
    config,
    `route:\n  receiver: rca\n  group_by: [alertname, service]\n  group_wait: 1s\n  group_interval: 2s\n  repeat_interval: 1h\n` +
      `receivers:\n  - name: rca\n    webhook_configs:\n      - url: ${JSON.stringify(webhookUrl)}\n        send_resolved: true\n`,
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const daemon = await startDaemon({
    name: 'alertmanager',
    dir,
    command: 'prometheus-alertmanager',
    args: [`--config.file=${config}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
    ready: async () => (await fetch(`${url}/-/ready`)).status === 200,
    readyDeadlineMs: 60_000,
    stopGraceMs: 10_000,
  });
  return { url, ...daemon };
}

/**
 * Prometheus scraping itself every second with one rule that fires while its own target is up
 * (`up == 1`, labelled service=checkout), sending to `alertmanagerUrl` when given.
 */
export async function startAlertingPrometheus(alertmanagerUrl?: string): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'prom-alerting-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  writeFileSync(
    join(dir, 'rules.yml'),
    `groups:\n  - name: test\n    interval: 1s\n    rules:\n      - alert: CheckoutErrors\n        expr: up{job="self"} == 1\n` +
      `        labels: { service: checkout, severity: page }\n        annotations: { summary: "5xx ratio above 5% on checkout" }\n`,
  );
  const alerting = alertmanagerUrl
    ? `alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: [${JSON.stringify(alertmanagerUrl.replace(/^https?:\/\//, ''))}]\n`
    : '';
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nrule_files: [rules.yml]\n${alerting}` +
      `scrape_configs:\n  - job_name: self\n    static_configs:\n      - targets: ["127.0.0.1:${port}"]\n`,
  );
  const daemon = await startDaemon({
    name: 'prometheus',
    dir,
    command: 'prometheus',
    args: [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    ready: async () => (await fetch(`${url}/-/ready`)).status === 200,
    readyDeadlineMs: 60_000,
    stopGraceMs: 10_000,
  });
  return { url, ...daemon };
}
