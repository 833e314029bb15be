// `rca watch`: a long-running watcher that turns alerts (webhooks, Docker, Prometheus) into stored
// investigations with a proposed runbook; `rca watch status` shows what is watched, the queue and deliveries.
import type { Command } from 'commander';
import { action } from '../boundary.js';
import { addSourceOptions, collect, dbOption } from '../options.js';

const NOTES = `
Webhooks (POST, JSON): /alertmanager (Alertmanager webhook v4), /pagerduty (v3, X-PagerDuty-Signature checked),
/alert ({"title", "service", "started_at", "labels"}); GET /healthz.
Each setting may also come from RCA_WATCH_<KEY> (RCA_WATCH_INTERVAL=1m) or the watch: section of rca.config.yaml
(interval: 1m, group_window, concurrency, listen, token_env, pagerduty_secret_env, docker, prometheus_alerts,
webhooks, slack_webhooks, auto_heal); a flag wins over the variable, the variable over the file.
Stops cleanly on SIGTERM or Ctrl-C. Exit codes: 0 stopped or --once done, 1 unexpected failure, 2 usage error.`;

export function register(program: Command): void {
  const watch = program
    .command('watch')
    .description('watch alerts and unhealthy containers; each becomes a stored investigation with a proposed runbook')
    .option('--listen <host:port>', 'webhook listener address (default 127.0.0.1:9095; beyond loopback needs --token-env)')
    .option('--token-env <VAR>', 'environment variable holding the bearer token webhooks must send')
    .option('--pagerduty-secret-env <VAR>', 'environment variable holding the PagerDuty webhook signing secret')
    .option('--watch-docker [label]', 'poll containers with this label (default rca.watch=true) for unhealthy, OOM, restarts, bad exits')
    .option('--prometheus-alerts [url]', "poll Prometheus' firing alerts (default: the --metrics URL)")
    .option('--interval <span>', 'polling and delivery interval (default 30s)')
    .option('--group-window <span>', 'alerts about one service within this span share an investigation (default 10m)')
    .option('--concurrency <n>', 'investigations at once (default 2)')
    .option('--webhook <url>', 'POST each stored investigation as JSON to this URL (repeatable)', collect)
    .option('--slack-webhook <url>', 'post each stored investigation to this Slack incoming webhook (repeatable)', collect)
    .option('--auto-heal', 'run a matching runbook unattended when its approved version declares auto: for the trigger')
    .option('--once', 'poll once, investigate everything queued, deliver, and exit')
    .option('--window <span>', 'how far back each investigation looks from the alert start (default 2h)')
    .addHelpText('after', NOTES);
  dbOption(addSourceOptions(watch)).action(action((flags: Record<string, unknown>) => watchCommand(flags)));

  const status = watch
    .command('status')
    .description('what is watched, the queue, the last investigations and webhook deliveries')
    .option('--json', 'print JSON')
    .option('--config <file>', 'config file (default ./rca.config.yaml)')
    .option('--limit <n>', 'how many recent incidents and deliveries (default 10)')
    .addHelpText('after', '\nExit codes: 0 shown, 2 usage error.');
  dbOption(status).action(action(async (flags: Record<string, unknown>, cmd: Command) => (await import('./watch-status.js')).watchStatus({ ...cmd.parent!.opts(), ...flags })));
}

async function watchCommand(flags: Record<string, unknown>): Promise<number> {
  const [{ resolveWatchSettings }, compose, { startWatch }] = await Promise.all([
    import('../../watch/settings.js'),
    import('../compose.js'),
    import('../compose-watch.js'),
  ]);
  const config = compose.resolveSettings(flags);
  // Flags win over RCA_WATCH_* variables, which win over the config file's watch: section.
  const settings = resolveWatchSettings(flags, config.watch, process.env);
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  const running = await startWatch(settings, config, { log, print: (line) => process.stdout.write(`${line}\n`) });

  if (settings.once) {
    try {
      await running.tick();
      await running.watcher.drain();
      await running.watcher.deliver();
    } finally {
      await running.close();
    }
    return 0;
  }

  log(`watching: webhooks on ${running.intakeUrl}${settings.watchDocker ? ', docker' : ''}${settings.prometheusAlerts ? ', prometheus alerts' : ''}; database ${config.db}`);
  await new Promise<void>((resolve) => {
    let busy = false;
    const tick = () => {
      if (busy) return;
      busy = true;
      running.tick().catch((err: unknown) => log(`poll failed: ${(err as Error).message}`)).finally(() => (busy = false));
    };
    tick();
    const timer = setInterval(tick, settings.interval);
    const stop = (signal: string) => {
      clearInterval(timer);
      log(`${signal}: finishing running investigations, then stopping`);
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await running.close();
  log('stopped');
  return 0;
}
