// `rca demo ["what is wrong"]`: the investigation on the bundled incident (fixtures/checkout-500), so a new
// user sees what rca does before pointing it at their own sources. The report says it is the demo.
import type { Command } from 'commander';
import { action } from '../boundary.js';
import { dbOption } from '../options.js';
import { addReportOptions, investigateCommand, type InvestigateFlags } from './report.js';

export const DEMO_INCIDENT = '500 errors on checkout';

export function register(program: Command): void {
  const cmd = program
    .command('demo')
    .description(`investigate the bundled demo incident (default "${DEMO_INCIDENT}"); the report is marked as the demo`)
    .argument('[incident...]', 'what is wrong, in your words');
  dbOption(addReportOptions(cmd)).action(
    action((words: string[], flags: InvestigateFlags) => investigateCommand(words.length ? words : [DEMO_INCIDENT], { ...flags, demo: true })),
  );
}
