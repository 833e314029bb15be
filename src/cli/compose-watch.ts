// The composition root's part for `rca watch`: builds the watcher's concrete objects (store, the investigation
// session per incident, pollers on a docker-only hub and Prometheus, the webhook listener, runbook children).
import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { UsageError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import type { ResolvedConfig } from '../core/config-types.js';
import { runInvestigation } from '../investigation/session.js';
import { loadRunbookText } from '../runbook/loader.js';
import {
  getActiveVersion, getInvestigation, newId, openStore, registerWatcher, watcherHeartbeat, watcherStopped,
  type Db, type WatchIncident,
} from '../store/index.js';
import { DockerPoller } from '../watch/docker-poller.js';
import { createIntakeServer } from '../watch/http-intake.js';
import { PrometheusAlertPoller } from '../watch/prometheus-poller.js';
import { parseListen, type WatchSettings } from '../watch/settings.js';
import { Watcher, type Poller, type WatchDeps } from '../watch/watcher.js';
import { investigationDeps, runbookExecArgv, startServers } from './compose.js';

export interface RunningWatch {
  watcher: Watcher;
  db: Db;
  /** Where the webhook listener answers (null with --once). */
  intakeUrl: string | null;
  tick(): Promise<void>;
  close(): Promise<void>;
}

export interface WatchIo {
  log(line: string): void;
  print(line: string): void;
  env?: NodeJS.ProcessEnv;
}

export async function startWatch(settings: WatchSettings, config: ResolvedConfig, io: WatchIo): Promise<RunningWatch> {
  const env = io.env ?? process.env;
  const token = secretFromEnv(env, settings.tokenEnv, '--token-env');
  const pdSecret = secretFromEnv(env, settings.pagerdutySecretEnv, '--pagerduty-secret-env');
  const listen = parseListen(settings.listen);
  if (!settings.once && !listen.loopback && !token) {
    throw new UsageError(`--listen ${settings.listen} is not a loopback address`, 'set a bearer token with --token-env VAR before listening beyond this machine');
  }
  const promUrl = settings.prometheusAlerts === true ? metricsUrl(config) : settings.prometheusAlerts;
  const dockerLabel = settings.watchDocker === true ? 'rca.watch=true' : settings.watchDocker;
  const cfg: ResolvedConfig = dockerLabel && config.sources.docker === undefined ? { ...config, sources: { ...config.sources, docker: true } } : config;

  const db = openStore(cfg.db);
  const offers = new Map<string, Record<string, string>>();
  const hub = dockerLabel ? await startServers(cfg, () => {}, { only: new Set(['docker']) }) : null;
  const pollers: Poller[] = [];
  if (hub && dockerLabel) {
    const docker = new DockerPoller(hub, dockerLabel);
    pollers.push({ name: 'docker', poll: () => docker.poll() });
  }
  if (promUrl) {
    const prom = new PrometheusAlertPoller(promUrl);
    pollers.push({ name: 'prometheus', poll: () => prom.poll() });
  }

  const deps: WatchDeps = {
    db,
    pollers,
    log: io.log,
    print: io.print,
    webhooks: [...settings.webhook.map((url) => ({ url, kind: 'json' as const })), ...settings.slackWebhook.map((url) => ({ url, kind: 'slack' as const }))],
    investigate: async (incident) => {
      const session = await investigationDeps(cfg, { offline: false });
      const r = await runInvestigation(
        session,
        {
          incident: incidentText(incident), at: incident.started_at, window: settings.window ?? cfg.window, limits: cfg.limits, repo: cfg.sources.repo,
          sources: { ...cfg.sources, extra_servers: Object.keys(cfg.mcpServers), config: cfg.configPath, watch: { incident: incident.id, source: incident.source } },
        },
        (e) => {
          if (e.type === 'server_failed') io.log(`${incident.id}: the ${e.server} server did not start: ${e.error}`);
        },
      );
      if (r.offer) offers.set(incident.id, r.offer.params);
      return { investigationId: r.id, report: r.report, runbook: r.offer ? { id: r.offer.id, title: r.offer.title } : null };
    },
    activeRunbook: (id) => {
      const v = getActiveVersion(db, id);
      const loaded = v ? loadRunbookText(v.yaml, `${id}-v${v.version}`) : null;
      return v && loaded?.runbook ? { version: v.version, runbook: loaded.runbook } : null;
    },
    runRunbook: (id, incident, investigationId) => {
      const params = { ...(offers.get(incident.id) ?? {}) };
      const argv = [...runbookExecArgv(id, { params, incidentId: investigationId, config: cfg }), '--yes', '--json'];
      return runQuietly(argv, io.log);
    },
    storedReport: (id) => getInvestigation(db, id)?.report ?? null,
  };
  const watcher = new Watcher(deps, { concurrency: settings.concurrency, groupWindowMs: settings.groupWindow, autoHeal: settings.autoHeal });

  const watcherId = newId('watch');
  registerWatcher(db, {
    id: watcherId, host: hostname(), pid: process.pid,
    settings: {
      listen: settings.once ? null : settings.listen, docker: dockerLabel ?? null, prometheus: promUrl ?? null, interval_ms: settings.interval,
      concurrency: settings.concurrency, auto_heal: settings.autoHeal, webhooks: deps.webhooks.length, once: settings.once,
    },
  });

  let server: Server | null = null;
  let intakeUrl: string | null = null;
  if (!settings.once) {
    server = createIntakeServer({
      file: (alerts) => watcher.file(alerts),
      healthy: () => db.open,
      token, pagerDutySecret: pdSecret,
      onError: (m) => io.log(`intake: ${m}`),
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', (err) => reject(new UsageError(`cannot listen on ${settings.listen}: ${err.message}`, 'pick another --listen address or port')));
      server!.listen(listen.port, listen.host, resolve);
    });
    const addr = server.address();
    intakeUrl = typeof addr === 'object' && addr ? `http://${settings.listen.replace(/:\d+$/, '')}:${addr.port}` : null;
  }

  return {
    watcher, db, intakeUrl,
    tick: async () => {
      await watcher.pollOnce();
      await watcher.deliver();
      watcherHeartbeat(db, watcherId);
    },
    close: async () => {
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
      await watcher.stop();
      await hub?.close();
      watcherStopped(db, watcherId);
      db.close();
    },
  };
}

/** The investigation's incident text: what the alert says, and the service it names. */
function incidentText(i: WatchIncident): string {
  return i.service && !i.title.includes(i.service) ? `${i.title} (service ${i.service})` : i.title;
}

function secretFromEnv(env: NodeJS.ProcessEnv, name: string | undefined, flag: string): string | undefined {
  if (!name) return undefined;
  const v = env[name];
  if (!v) throw new UsageError(`${flag} ${name}: the environment variable is not set or empty`, `export ${name}=... before starting rca watch`);
  return v;
}

function metricsUrl(config: ResolvedConfig): string {
  const m = config.sources.metrics;
  if (!m || !/^https?:\/\//.test(m)) {
    throw new UsageError('--prometheus-alerts without a URL needs --metrics http://prometheus:9090 (or sources.metrics in rca.config.yaml)');
  }
  return m;
}

/** Runs `runbook exec` unattended: output captured (its JSON result is recorded in the store), exit code back. */
function runQuietly(argv: string[], log: (line: string) => void): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stdout.resume();
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-2000)));
    child.on('error', (e) => {
      log(`runbook exec could not start: ${e.message}`);
      resolve(1);
    });
    child.on('exit', (code) => {
      if (code !== 0 && err.trim()) log(redact(err.trim().split('\n').slice(-3).join(' | ')));
      resolve(code ?? 1);
    });
  });
}
