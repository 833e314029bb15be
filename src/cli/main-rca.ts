// The `rca` program: investigation (the default command) plus servers, patterns, history and show.
// Commands live one per file under commands/ and register themselves; the shared setup is in program.ts.
import { runProgram } from './program.js';

const HELP_FOOTER = `Examples:
  rca "500 errors on checkout"                     investigate the bundled demo incident
  rca "orders slow" --logs /var/log/orders --repo ~/src/orders --metrics http://prometheus:9090
  rca "checkout 500s" --at 2025-03-04T14:50:00Z --window 1h --format markdown > review.md
  rca "checkout 500s" --model qwen3 --json | jq .root_cause
  rca servers --json                               which servers and tools are up
  rca patterns /var/log/app/*.log                  the message templates of log files
  rca history && rca show inv-1a2b3c --format markdown

Exit codes: 0 done, 1 unexpected failure (rca servers: a server is not ready), 2 usage or configuration error,
3 no data in the window.`;

export async function main(argv: string[] = process.argv): Promise<void> {
  await runProgram(
    {
      name: 'rca',
      description: 'Incident copilot: a grounded root-cause report from your logs, git history, metrics and containers.',
      helpFooter: HELP_FOOTER,
      // Keep this list sorted.
      commands: Promise.all([
        import('./commands/history.js'),
        import('./commands/report.js'),
        import('./commands/patterns.js'),
        import('./commands/servers.js'),
        import('./commands/show.js'),
      ]),
    },
    argv,
  );
}
