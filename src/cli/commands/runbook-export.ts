// `runbook export <id> [--version N] [-o file]`: writes a stored version's YAML back out (stdout or a file),
// e.g. an approved candidate for a pull request against runbooks/.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { getActiveVersion, getVersion, listVersions, parseVersionLabel, versionLabel } from '../../store/index.js';
import { action } from '../boundary.js';
import { dbOption } from '../options.js';
import { openStoreFor } from './with-store.js';

export function register(program: Command): void {
  const cmd = program
    .command('export')
    .description('write a runbook version from the database as YAML (default the active version)')
    .argument('<id>', 'runbook id, or ID-vN')
    .option('--version <n>', 'version number to export')
    .option('-o, --output <file>', 'write to this file instead of stdout');
  dbOption(cmd).action(
    action(async (id: string, flags: { version?: string; output?: string; db?: string }) => {
      if (flags.version !== undefined && !/^[1-9]\d*$/.test(flags.version)) throw new UsageError(`--version "${flags.version}" is not a version number`, 'pass --version 2');
      const db = openStoreFor(flags);
      try {
        const label = parseVersionLabel(id);
        const runbookId = listVersions(db, id).length ? id : label.runbookId;
        const n = flags.version !== undefined ? Number(flags.version) : runbookId === label.runbookId && label.version !== null && runbookId !== id ? label.version : null;
        const v = n !== null ? getVersion(db, runbookId, n) : getActiveVersion(db, runbookId) ?? listVersions(db, runbookId).at(-1) ?? null;
        if (!v) {
          throw new UsageError(n !== null ? `no version ${n} of runbook ${runbookId}` : `no runbook ${runbookId} in the database`, `see \`runbook show ${runbookId}\``);
        }
        if (flags.output) {
          writeFileSync(flags.output, v.yaml);
          process.stderr.write(`wrote ${versionLabel(v.runbook_id, v.version)} (${v.status}) to ${flags.output}\n`);
        } else {
          process.stdout.write(v.yaml.endsWith('\n') ? v.yaml : `${v.yaml}\n`);
        }
      } finally {
        db.close();
      }
    }),
  );
}
