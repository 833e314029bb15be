// Ranking's part for a consumer a broker reports as slow: the client's own release that added a blocking call (a sync
// driver, a sleep) before the first report is the cause, over releases of the services that fail on its stale data.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import { justAbove, type Hypothesis } from './hypothesis.js';
import type { ChangeFinding, ConditionFinding } from './change-settings.js';
import { ownChangeHypothesis } from './own-change.js';
import { minutes } from './analyzers/change-correlation.js';

/** Above what shares words with the errors: the broker names the client, and the client's diff names the block. */
const FLOOR = 0.7;
const CEILING = 0.9;

/**
 * With a broker reporting one client slow from the onset on (analyzers/slow-consumer.ts), names that client's latest
 * change before the first report whose added lines block (blocking-calls.ts), however long before: a handler that
 * blocks keeps up until traffic outgrows it (a burst of updates), then the broker's buffer for it fills and it is cut off.
 */
export function rankSlowConsumer(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  const slow = conditions.find((k) => k.condition === 'consumer_slow' && k.service);
  if (!slow) return;
  const service = slow.service!;
  const first = Date.parse(slow.timeline[0]?.time ?? '');
  if (Number.isNaN(first)) return;
  const own = ownChangeHypothesis(hypotheses, changes, service, first, (c) => !!c.blocks, 'code_regression', base, ctx);
  if (!own) return;
  const { h, change } = own;
  const c = change.change;
  h.support = [...base, slow, change];
  const gap = minutes(Math.max(0, first - Date.parse(c.time)));
  const broker = slow.names?.[0] ?? 'its broker';
  h.summary =
    `${service} falls behind what ${broker} sends it since commit ${c.sha.slice(0, 8)} "${c.message}"${c.ref ? ` (${c.ref})` : ''} added a blocking call to it ` +
    `("${change.blocks}"), ${gap} before ${broker} first reported it as a slow consumer: each message now waits on that call, and once a burst ` +
    `outgrows the handler ${broker} cuts ${service} off, so what it keeps up to date goes stale`;
  h.score = h.confidence = justAbove(hypotheses, FLOOR, CEILING);
  h.recommendations = [
    `Roll back${c.ref ? ` ${c.ref}` : ''} or revert ${c.sha.slice(0, 12)} "${c.message}"`,
    `Make the call without blocking the handler (an async driver, a worker thread or an outbox), and alert on ${broker}'s slow-consumer reports`,
  ];
  hypotheses.push(h);
}
