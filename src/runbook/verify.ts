// Verification: every check's expectation (exit code, contains, matches, a JSON path compared to a value)
// polled every `interval` until all hold or `within` runs out; the run's verdict on whether the fix worked.
import { readJsonPath } from './json-path.js';
import type { Check, Expect } from './schema.js';
import type { RunContext } from './context.js';
import { runAction, type ActionOutcome, type RunOpts } from './run-action.js';

export interface CheckVerdict {
  name: string;
  passed: boolean;
  attempts: number;
  detail: string;
}

export function judge(expect: Expect, isTool: boolean, r: ActionOutcome): { passed: boolean; detail: string } {
  if (r.interrupted) return { passed: false, detail: 'interrupted' };
  if (r.timedOut) return { passed: false, detail: r.error ?? 'timed out' };
  const wantExit = expect.exit_code ?? (isTool ? undefined : 0);
  if (isTool && !r.ok) return { passed: false, detail: r.error ?? 'tool failed' };
  if (wantExit !== undefined && r.exitCode !== wantExit) return { passed: false, detail: `exit code ${r.exitCode ?? r.signal ?? 'none'}, expected ${wantExit}` };
  const out = r.stdout;
  if (expect.contains !== undefined && !out.includes(expect.contains)) return { passed: false, detail: `output does not contain "${expect.contains}"` };
  if (expect.not_contains !== undefined && out.includes(expect.not_contains)) return { passed: false, detail: `output contains "${expect.not_contains}"` };
  if (expect.matches !== undefined && !new RegExp(expect.matches, 'm').test(out)) return { passed: false, detail: `output does not match /${expect.matches}/` };
  if (expect.json) {
    let data: unknown;
    try {
      data = JSON.parse(out);
    } catch {
      return { passed: false, detail: 'output is not JSON' };
    }
    const j = expect.json;
    const v = readJsonPath(data, j.path);
    const n = typeof v === 'number' ? v : Number(v);
    const fail = (why: string) => ({ passed: false, detail: `${j.path} = ${JSON.stringify(v)}: ${why}` });
    if (v === undefined) return fail('missing');
    if (j.equals !== undefined && String(v) !== String(j.equals)) return fail(`expected ${JSON.stringify(j.equals)}`);
    if (j.not_equals !== undefined && String(v) === String(j.not_equals)) return fail(`expected anything but ${JSON.stringify(j.not_equals)}`);
    if (j.lt !== undefined && !(n < j.lt)) return fail(`expected < ${j.lt}`);
    if (j.lte !== undefined && !(n <= j.lte)) return fail(`expected <= ${j.lte}`);
    if (j.gt !== undefined && !(n > j.gt)) return fail(`expected > ${j.gt}`);
    if (j.gte !== undefined && !(n >= j.gte)) return fail(`expected >= ${j.gte}`);
  }
  return { passed: true, detail: 'ok' };
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export interface VerifyOutcome {
  passed: boolean;
  checks: CheckVerdict[];
}

/** Polls until every check passes in one round, or `within` is spent (at least one round always runs). */
export async function runVerification(
  ctx: RunContext,
  checks: Check[],
  withinMs: number,
  intervalMs: number,
  opts: Omit<RunOpts, 'timeoutMs'> & { onRound?: (round: CheckVerdict[]) => void },
): Promise<VerifyOutcome> {
  const deadline = Date.now() + withinMs;
  const attempts = new Map<string, number>();
  for (;;) {
    const round: CheckVerdict[] = [];
    for (const c of checks) {
      const r = await runAction(ctx.spec(c.action), { ...opts, timeoutMs: c.action.timeout ?? 30_000, onOutput: undefined });
      const n = (attempts.get(c.name) ?? 0) + 1;
      attempts.set(c.name, n);
      round.push({ name: c.name, attempts: n, ...judge(c.expect, c.action.kind === 'tool', r) });
    }
    opts.onRound?.(round);
    const passed = round.every((v) => v.passed);
    if (passed || opts.signal?.aborted || Date.now() + intervalMs > deadline) return { passed, checks: round };
    await sleep(intervalMs, opts.signal);
  }
}
