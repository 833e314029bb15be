// The `rca` program: investigation (the default command) plus servers, patterns, history and show.
// Commands live one per file under commands/ and register themselves here; they are imported lazily.
import { Command } from 'commander';
import { EXIT } from '../core/errors.js';
import { ignoreBrokenPipes } from './stdio-guard.js';

export async function main(argv: string[] = process.argv): Promise<void> {
  ignoreBrokenPipes();
  const program = new Command('rca')
    .description('Incident copilot: a grounded root-cause report from your logs, git history, metrics and containers.')
    .showHelpAfterError('(run with --help for usage and examples)')
    .exitOverride((err) => {
      // Usage errors exit 2, help and version exit 0; commander has already printed the message.
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      throw err;
    });
  program.addHelpText(
    'after',
    `
Examples:
  rca "500 errors on checkout"                     investigate the bundled demo incident
  rca "orders slow" --logs /var/log/orders --repo ~/src/orders --metrics http://prometheus:9090
  rca "checkout 500s" --at 2025-03-04T14:50:00Z --window 1h --format markdown > review.md
  rca "checkout 500s" --model qwen3 --json | jq .root_cause
  rca servers --json                               which servers and tools are up
  rca patterns /var/log/app/*.log                  the message templates of log files
  rca history && rca show inv-1a2b3c --format markdown

Exit codes: 0 done, 1 unexpected failure (rca servers: a server is not ready), 2 usage or configuration error,
3 no data in the window.`,
  );
  program.configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });

  const registrations: Array<{ register(p: Command): void }> = await Promise.all([
    // Each module exports register(program). Keep this list sorted.
    import('./commands/history.js'),
    import('./commands/investigate.js'),
    import('./commands/patterns.js'),
    import('./commands/servers.js'),
    import('./commands/show.js'),
  ]);
  for (const mod of registrations) mod.register(program);

  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (!(typeof err === 'object' && err && 'code' in err && String(err.code).startsWith('commander.'))) throw err;
  }
}
