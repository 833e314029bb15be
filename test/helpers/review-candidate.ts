// Test fixture for the review commands: a runbook whose only step fails until its queue file exists, run once
// through the built CLI so that the learning loop leaves a candidate (<id>-v2) waiting for review.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../runbook/helpers.js';
import { runCli, type CliOptions, type CliResult } from './cli.js';

/** The step fails with "dependency missing: queue (start it with: touch …)", which the rules repair. */
export function queueRunbookYaml(id: string, title: string): string {
  return `id: ${id}
title: ${title}
params:
  - name: dir
    required: true
steps:
  - id: restart-worker
    run: [sh, -c, 'test -f "$RB_DIR/queue.up" || { echo "dependency missing: queue (start it with: touch $RB_DIR/queue.up)" >&2; exit 1; }']
`;
}

/** Writes the runbook into a fresh temp dir (passed as param dir) and runs it once with a database there. */
export async function runOnceWithDb(yaml: string, dirPrefix: string, env: CliOptions['env']): Promise<{ dir: string; db: string; exec: CliResult }> {
  const dir = tempDir(dirPrefix);
  const file = join(dir, 'rb.yaml');
  writeFileSync(file, yaml);
  const db = join(dir, 'c.db');
  const exec = await runCli('runbook', ['exec', file, '--param', `dir=${dir}`, '--json', '--db', db], { env });
  return { dir, db, exec };
}
