// Ranking's part for work a queue hands out again while it still runs: the commit that set the broker's redelivery
// timeout to the gap the logs show between a message's two receipts is the cause, however long before the onset it went live.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { Hypothesis } from './hypothesis.js';
import { minutes } from './analyzers/change-correlation.js';
import { topDirectory, type ChangeFinding } from './change-settings.js';

/**
 * As strong as a setting the errors name (named-setting.ts): the gap is the setting's value measured in the logs.
 * It bites only when work outlasts it, so time since the commit says nothing against it.
 */
const SCORE = 0.8;

export function rankRedelivery(hypotheses: Hypothesis[], changes: ChangeFinding[], base: Finding[], ctx: AnalysisContext): void {
  if (ctx.onset === null) return;
  const setter = changes
    .filter((c) => c.redelivers && !c.inert && Date.parse(c.change.time) <= ctx.onset!)
    // The latest is the one in force.
    .sort((a, b) => Date.parse(b.change.time) - Date.parse(a.change.time))[0];
  const s = setter?.redelivers;
  if (!setter || !s) return;
  const same = hypotheses.findIndex((h) => h.suspect?.sha === setter.change.sha);
  if (same >= 0 && hypotheses[same]!.score >= SCORE) return;
  if (same >= 0) hypotheses.splice(same, 1);
  // The consumer whose messages came back, else the folder of the setting (the service it configures).
  const named = [s.service, s.path ? topDirectory([s.path]) : null, topDirectory(setter.paths)].find((x) => x && ctx.services.has(x));
  const owner = named ?? ctx.affectedService;
  const ref = setter.change.ref ? ` (${setter.change.ref})` : '';
  const gap = minutes(Math.max(0, ctx.onset - Date.parse(setter.change.time)));
  const c = setter.change;
  hypotheses.push({
    summary:
      `${owner ?? 'the consumer'} is handed its own unfinished work again: ${s.count} messages were received a second time while still running, ` +
      `typically ${minutes(s.period_ms)} after the first, the ${s.key} commit ${c.sha.slice(0, 8)} "${c.message}"${ref} set (${s.from} to ${s.to}${s.path ? ` in ${s.path}` : ''}); ` +
      `it went live ${gap} before the onset and bites once work outlasts it, each copy taking a slot`,
    // The broker's timeout is configuration wherever it is written (a settings module like celeryconfig.py, a
    // queue's Terraform, rabbitmq.conf): a wrong value of it is a configuration error, not a code regression.
    category: 'config_error',
    service: owner,
    suspect: c,
    confidence: SCORE,
    score: SCORE,
    support: [...base, setter],
    recommendations: [
      `Set ${s.key} back to ${s.from} (revert ${c.sha.slice(0, 12)} "${c.message}"${c.ref ? ` of ${c.ref}` : ''}), above the longest run of a message, and confirm the repeats stop`,
      `Make the consumer skip or extend messages it is already working on (an idempotency key, or renewing the lease/visibility while it works)`,
    ],
  });
}
