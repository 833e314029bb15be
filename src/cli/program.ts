// What the `rca` and `runbook` programs share: commander set up so usage errors exit 2 and help exits 0,
// output streams wired, EPIPE tolerated, and each command module registering itself.
import { Command } from 'commander';
import { EXIT } from '../core/errors.js';
import { packageVersion } from '../core/package-info.js';
import { helpConfig, type Example } from './help-style.js';
import { ignoreBrokenPipes } from './stdio-guard.js';

export interface CommandModule {
  register(program: Command): void;
}

export interface ProgramSpec {
  name: string;
  description: string;
  /** Example command lines: all of them in the program's help, and in each command's help the ones that use it. */
  examples: readonly Example[];
  /** The command run when the first word is not a command name. */
  defaultCommand?: string;
  /** The exit codes, shown last in the program's help. */
  exitCodes: string;
  /** The command modules, imported by the caller (dynamic imports keep start-up lean). */
  commands: Promise<CommandModule[]>;
}

export async function runProgram(spec: ProgramSpec, argv: string[]): Promise<void> {
  ignoreBrokenPipes();
  const program = new Command(spec.name)
    .description(spec.description)
    .version(packageVersion(), '-V, --version', 'print the version')
    // The program's own options go before a command name, so a command may have its own --version (runbook export).
    .enablePositionalOptions()
    .helpOption('-h, --help', 'show this help')
    .helpCommand('help [command]', 'show the help of a command')
    .configureHelp(helpConfig(spec.examples, spec.defaultCommand))
    .showHelpAfterError('(run with --help for usage and examples)')
    .exitOverride((err) => {
      // commander has already printed its message; help and --version are not errors.
      process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.usage;
      throw err;
    });
  program.addHelpText('after', `\n${spec.exitCodes}`);
  program.configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  for (const mod of await spec.commands) mod.register(program);
  // One help style for every subcommand: the same wording of -h, and the same error hint.
  for (const cmd of program.commands) cmd.helpOption('-h, --help', 'show this help').showHelpAfterError('(run with --help for usage and examples)');
  try {
    await program.parseAsync(argv);
  } catch (err) {
    // Commander's own exits were mapped to an exit code above; anything else is a real failure.
    if (!(typeof err === 'object' && err && 'code' in err && String(err.code).startsWith('commander.'))) throw err;
  }
}
