// One help style for `rca`, `runbook` and all their commands: defaults written "(default X)" as in the
// hand-written descriptions, and an Examples section in every command's help taken from the program's examples.
import { Help, type Argument, type Command, type Option } from 'commander';

/** An example command line and what it does (the second part may be empty). */
export type Example = readonly [command: string, what: string];

/** The examples that use `cmd`: all of them for the program itself; for a command, the lines that name it. */
export function examplesFor(cmd: Command, examples: readonly Example[], defaultCommand?: string): Example[] {
  const parent = cmd.parent;
  if (!parent) return [...examples];
  const prefix = `${parent.name()} ${cmd.name()}`;
  const names = new Set(parent.commands.map((c) => c.name()));
  return examples.filter(([line]) => {
    if (line.split(/\s*(?:&&|\|)\s*/).some((part) => part === prefix || part.startsWith(`${prefix} `))) return true;
    // The default command is the one run when the first word is not a command name (`rca "500s on checkout"`).
    const first = line.split(/\s+/)[1] ?? '';
    return cmd.name() === defaultCommand && line.startsWith(`${parent.name()} `) && !names.has(first);
  });
}

export function formatExamples(examples: readonly Example[]): string {
  const width = Math.min(48, Math.max(...examples.map(([c]) => c.length)) + 2);
  // A command longer than the column gets its explanation on the next line, aligned with the others.
  const line = ([c, what]: Example) => (!what ? c : c.length < width ? `${c.padEnd(width)}${what}` : `${c}\n  ${' '.repeat(width)}${what}`);
  return examples.map((e) => `  ${line(e)}`).join('\n');
}

function defaultText(value: unknown, description: string | undefined): string | null {
  if (description) return description;
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return null;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** commander's Help with our default wording and an Examples section per command. */
export function helpConfig(examples: readonly Example[], defaultCommand?: string): Partial<Help> {
  return {
    optionDescription(option: Option): string {
      const d = option.required || option.optional ? defaultText(option.defaultValue, option.defaultValueDescription) : null;
      return d === null ? option.description : `${option.description} (default ${d})`;
    },
    argumentDescription(argument: Argument): string {
      const d = defaultText(argument.defaultValue, argument.defaultValueDescription);
      return d === null ? argument.description : `${argument.description} (default ${d})`;
    },
    formatHelp(cmd: Command, helper: Help): string {
      const base = Help.prototype.formatHelp.call(helper, cmd, helper);
      const own = examplesFor(cmd, examples, defaultCommand);
      return own.length ? `${base}\nExamples:\n${formatExamples(own)}\n` : base;
    },
  };
}
