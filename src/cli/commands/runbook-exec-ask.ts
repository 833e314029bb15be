// Asks a person on a terminal for the required params a run was not given (the target of a change is never
// implied); each answer is checked against the param's pattern and asked again, and a secret is typed unseen.
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { UsageError } from '../../core/errors.js';
import type { Runbook } from '../../runbook/schema.js';

/** The required params without a value or default, in declaration order. */
export function missingRequired(rb: Runbook, given: Record<string, string>): Runbook['params'] {
  return rb.params.filter((p) => p.required && given[p.name] === undefined && p.default === undefined);
}

/** A param whose value must not be echoed: a password (imported drafts name them <program>_password), token, secret. */
export function isSecretParam(name: string): boolean {
  return /pass(word)?|secret|token|api_?key|credential/i.test(name);
}

export async function askMissingParams(rb: Runbook, given: Record<string, string>): Promise<Record<string, string>> {
  const missing = missingRequired(rb, given);
  if (missing.length === 0) return given;
  // The echo of what is typed goes through this stream, so it can be held back while a secret is typed.
  let muted = false;
  const echo = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output: echo, terminal: true });
  const out = { ...given };
  try {
    process.stderr.write(`${rb.id} needs ${missing.length === 1 ? 'a value' : 'values'} you did not pass (no default: it names what will be changed)\n`);
    for (const p of missing) {
      for (let tries = 0; ; tries++) {
        if (tries >= 3) throw new UsageError(`no valid value for param "${p.name}"`, `pass it with --param ${p.name}=VALUE`);
        const prompt = `  ${p.name}${p.description ? ` (${p.description})` : ''}${isSecretParam(p.name) ? ' (not shown)' : ''}: `;
        let answer: string;
        if (isSecretParam(p.name)) {
          process.stderr.write(prompt);
          muted = true;
          try {
            answer = (await rl.question('')).trim();
          } finally {
            muted = false;
            process.stderr.write('\n');
          }
        } else answer = (await rl.question(prompt)).trim();
        if (answer === '') continue;
        if (p.pattern && !new RegExp(p.pattern).test(answer)) {
          process.stderr.write(`  ${isSecretParam(p.name) ? 'the value' : `"${answer}"`} does not match ${p.pattern}\n`);
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
