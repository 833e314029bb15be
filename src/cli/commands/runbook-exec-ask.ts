// Asks a person on a terminal for the required params a run was not given (the target of a change is never
// implied); each answer is checked against the param's pattern and asked again until it fits.
import { createInterface } from 'node:readline/promises';
import { UsageError } from '../../core/errors.js';
import type { Runbook } from '../../runbook/schema.js';

/** The required params without a value or default, in declaration order. */
export function missingRequired(rb: Runbook, given: Record<string, string>): Runbook['params'] {
  return rb.params.filter((p) => p.required && given[p.name] === undefined && p.default === undefined);
}

export async function askMissingParams(rb: Runbook, given: Record<string, string>): Promise<Record<string, string>> {
  const missing = missingRequired(rb, given);
  if (missing.length === 0) return given;
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const out = { ...given };
  try {
    process.stderr.write(`${rb.id} needs ${missing.length === 1 ? 'a value' : 'values'} you did not pass (no default: it names what will be changed)\n`);
    for (const p of missing) {
      for (let tries = 0; ; tries++) {
        if (tries >= 3) throw new UsageError(`no valid value for param "${p.name}"`, `pass it with --param ${p.name}=VALUE`);
        const answer = (await rl.question(`  ${p.name}${p.description ? ` (${p.description})` : ''}: `)).trim();
        if (answer === '') continue;
        if (p.pattern && !new RegExp(p.pattern).test(answer)) {
          process.stderr.write(`  "${answer}" does not match ${p.pattern}\n`);
          continue;
        }
        out[p.name] = answer;
        break;
      }
    }
  } finally {
    rl.close();
  }
  return out;
}
