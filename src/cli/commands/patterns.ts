// `rca patterns FILE... [--json] [--per-line]`: the template miner the logs server uses (src/core/logs), offered
// directly, turning any log files into a table of message templates with counts, or each line's template id.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { action } from '../boundary.js';

interface Options {
  json?: boolean;
  perLine?: boolean;
  top?: string;
}

export function register(program: Command): void {
  program
    .command('patterns')
    .description('mine log files into message templates (numbers, ids, IPs, paths masked) with counts')
    .argument('<files...>', 'log files (plain text, JSON lines, syslog, ... ; .gz ok)')
    .option('--json', 'print JSON')
    .option('--per-line', "print each line's template id instead of the table")
    .option('--top <n>', 'templates to show in the table (default all)')
    .action(
      action(async (files: string[], opts: Options) => {
        const top = opts.top === undefined ? Infinity : Number(opts.top);
        if (top !== Infinity && (!Number.isInteger(top) || top < 1)) throw new UsageError(`--top "${opts.top}" is not a positive whole number`);
        // The miner is loaded when the command runs: every rca run registers this command.
        const { minePatterns, renderPerLine, renderTable } = await import('./patterns-mine.js');
        const result = await minePatterns(files, opts.perLine === true);
        if (opts.json) process.stdout.write(`${JSON.stringify({ ...result, patterns: result.patterns.slice(0, top) }, null, 2)}\n`);
        else process.stdout.write(opts.perLine ? renderPerLine(result) : renderTable(result, top));
      }),
    );
}
