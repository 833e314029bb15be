// The `rca` program: investigation (the default command) plus servers, patterns, history and show.
// Commands live one per file under commands/ and register themselves; the shared setup is in program.ts.
import { runProgram } from './program.js';

const EXAMPLES = [
  ['rca demo', 'what rca does, on the bundled demo incident'],
  ['rca "orders slow" --logs /var/log/orders --repo ~/src/orders --metrics http://prometheus:9090', ''],
  ['journalctl -u orders -o short-iso --since -2h | rca "orders slow"', 'logs from a pipe'],
  ['kubectl logs deploy/checkout --timestamps | rca "checkout 500s" --logs - --repo ~/src/checkout', ''],
  ['rca "checkout 500s" --logs app.log --at "30m ago" --window 1h30m --format markdown > review.md', ''],
  ['rca "checkout 500s" --config rca.config.yaml --model qwen3 --json | jq .root_cause', ''],
  ['rca servers --logs /var/log/app --metrics http://prometheus:9090', 'check that each source answers'],
  ['rca patterns /var/log/app/*.log', 'the message templates of log files'],
  ['rca patterns app.log --per-line --json | jq .per_line[0]', ''],
  ['rca history', 'stored investigations'],
  ['rca show inv-20260217-150000-1a2b3c --format markdown', 'a stored one again, as a post-incident draft'],
  ['rca watch --logs /var/log/shop --metrics http://prometheus:9090 --prometheus-alerts', 'alerts become stored investigations'],
  ['rca watch --docker --watch-docker rca.watch=true --webhook https://hooks.example/rca', 'unhealthy labelled containers too'],
  ['rca watch --listen 0.0.0.0:9095 --token-env RCA_WATCH_TOKEN --pagerduty-secret-env PD_SECRET', ''],
  ['rca watch --once --watch-docker', 'one poll, investigate what is queued, exit (cron)'],
  ['rca watch status --json', 'watchers, queue, investigations, deliveries'],
] as const;

const EXIT_CODES = `Exit codes: 0 done, 1 unexpected failure (rca servers: a source does not answer), 2 usage or configuration error
(no source given: pass one, or run rca demo), 3 no data in the window.`;

export async function main(argv: string[] = process.argv): Promise<void> {
  await runProgram(
    {
      name: 'rca',
      description: 'Incident copilot: a grounded root-cause report from your logs, git history, metrics and containers.',
      examples: EXAMPLES,
      defaultCommand: 'investigate',
      exitCodes: EXIT_CODES,
      // Keep this list sorted.
      commands: Promise.all([
        import('./commands/ask.js'),
        import('./commands/demo.js'),
        import('./commands/history.js'),
        import('./commands/report.js'),
        import('./commands/patterns.js'),
        import('./commands/servers.js'),
        import('./commands/show.js'),
        import('./commands/watch.js'),
      ]),
    },
    argv,
  );
}
