// The command-line options several commands share, declared once: the source flags, --db and repeatable
// values. Only declarations: what the values mean is decided in core/config and the composition root.
import type { Command } from 'commander';
import { BUILTIN_SOURCES } from '../core/sources.js';

/** Commander's accumulator for a repeatable option (--logs a --logs b, -p x=1 -p y=2). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The source flags shared by `rca`, `rca servers` and anything else that reads the sources. */
export function addSourceOptions(cmd: Command): Command {
  for (const s of BUILTIN_SOURCES) {
    if (s.repeatable) cmd.option(s.flag, s.help, collect);
    else cmd.option(s.flag, s.help);
  }
  return cmd
    .option('--config <file>', 'config file (default ./rca.config.yaml)')
    .option('--at <time>', 'the moment of the report, for replaying an old incident: an ISO time or relative (30m ago, now-2h) (default now)');
}

/** --db, for every command that reads or writes the history. */
export function dbOption(cmd: Command): Command {
  return cmd.option('--db <file>', 'SQLite history file (env INCIDENT_COPILOT_DB, then db: in rca.config.yaml; default $XDG_DATA_HOME/incident-copilot/copilot.db)');
}
