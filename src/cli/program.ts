// What the `rca` and `runbook` programs share: commander set up so usage errors exit 2 and help exits 0,
// output streams wired, EPIPE tolerated, and each command module registering itself.
import { Command } from 'commander';
import { EXIT } from '../core/errors.js';
import { ignoreBrokenPipes } from './stdio-guard.js';

export interface CommandModule {
  register(program: Command): void;
}

export interface ProgramSpec {
  name: string;
  description: string;
  /** Examples and exit codes, shown after the command list of --help. */
  helpFooter: string;
  /** The command modules, imported by the caller (dynamic imports keep start-up lean). */
  commands: Promise<CommandModule[]>;
}

export async function runProgram(spec: ProgramSpec, argv: string[]): Promise<void> {
  ignoreBrokenPipes();
  const program = new Command(spec.name)
    .description(spec.description)
    .showHelpAfterError('(run with --help for usage and examples)')
    .exitOverride((err) => {
      // commander has already printed its message; help and --version are not errors.
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      throw err;
    });
  program.addHelpText('after', `\n${spec.helpFooter}`);
  program.configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  for (const mod of await spec.commands) mod.register(program);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    // Commander's own exits were mapped to an exit code above; anything else is a real failure.
    if (!(typeof err === 'object' && err && 'code' in err && String(err.code).startsWith('commander.'))) throw err;
  }
}
