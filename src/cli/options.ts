// The command-line options several commands share, declared once: the source flags, --db and repeatable
// values. Only declarations: what the values mean is decided in core/config and the composition root.
import type { Command } from 'commander';

/** Commander's accumulator for a repeatable option (--logs a --logs b, -p x=1 -p y=2). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** The source flags shared by `rca`, `rca servers` and anything else that reads the sources. */
export function addSourceOptions(cmd: Command): Command {
  return cmd
    .option('--logs <path>', 'log file, directory or glob (repeatable)', collect)
    .option('--repo <dir>', 'git repository of the service')
    .option('--metrics <file|url>', 'OpenMetrics file or Prometheus URL (http://prometheus:9090)')
    .option('--docker [socket]', 'Docker socket (default $DOCKER_HOST or /var/run/docker.sock) or a snapshot .json')
    .option('--config <file>', 'config file (default ./rca.config.yaml)')
    .option('--at <time>', 'the moment of the report, for replaying an old incident: an ISO time or relative (30m ago, now-2h) (default now)');
}

/** --db, for every command that reads or writes the history. */
export function dbOption(cmd: Command): Command {
  return cmd.option('--db <file>', 'SQLite history file (env INCIDENT_COPILOT_DB, then db: in rca.config.yaml; default $XDG_DATA_HOME/incident-copilot/copilot.db)');
}
