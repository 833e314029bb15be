// `runbook queue [--priority P] [--limit N] [--json]`: what waits for a person's review (learned candidates
// and imported drafts), high priority first then oldest, the same rows `runbook review` walks through.
import type { Command } from 'commander';
import { z } from 'zod';
import { UsageError } from '../../core/errors.js';
import { PRIORITIES } from '../../store/index.js';
import { action } from '../boundary.js';
import { writeJson } from '../output.js';
import { dbOption } from '../options.js';
import { queueText, queueView } from './review-view.js';
import { withCommandStore } from './with-store.js';

interface QueueFlags {
  priority?: string;
  limit?: string;
  json?: boolean;
  db?: string;
}

const flagsSchema = z.object({
  priority: z.enum(PRIORITIES, { error: `--priority: give one of ${PRIORITIES.join(', ')}` }).optional(),
  limit: z.coerce.number({ error: '--limit: give a whole number from 1 to 1000' }).int('--limit: give a whole number from 1 to 1000').min(1, '--limit: give a whole number from 1 to 1000').max(1000, '--limit: give a whole number from 1 to 1000').optional(),
});

export function register(program: Command): void {
  const cmd = program
    .command('queue')
    .description('what waits for review (learned candidates, imported drafts): high priority first, then oldest')
    .option('--priority <p>', `only this priority (${PRIORITIES.join(', ')})`)
    .option('--limit <n>', 'at most this many items (1-1000)')
    .option('--json', 'print the items as a JSON array');
  dbOption(cmd).action(
    action(async (flags: QueueFlags) => {
      const parsed = flagsSchema.safeParse({ priority: flags.priority, limit: flags.limit });
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('; '), 'see `runbook queue --help`');
      const { priority, limit } = parsed.data;
      withCommandStore(flags, {}, (db) => {
        const items = queueView(db).filter((i) => !priority || i.priority === priority).slice(0, limit);
        if (flags.json) writeJson(items);
        else process.stdout.write(queueText(items));
      });
    }),
  );
}
