// Ranking's part for certificate orders an ACME issuer refuses for its rate limit: the client's own change that touched
// where it keeps its certificates or how many instances run it is the cause, over releases that share the errors' words.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import { justAbove, type Hypothesis } from './hypothesis.js';
import type { ChangeFinding, ConditionFinding } from './change-settings.js';
import { ownChangeHypothesis } from './own-change.js';
import { minutes } from './analyzers/change-correlation.js';

/** Above what shares words with the errors: the issuer names the limit, and the change's own line says what multiplied the orders. */
const FLOOR = 0.7;
const CEILING = 0.9;

/**
 * With an ACME issuer refusing a service's certificate orders for its rate limit (analyzers/acme-rate-limit.ts), names
 * that service's latest change before the first refusal whose changed lines touch its certificate storage or its
 * instance count (acme-orders.ts), however long before: Let's Encrypt counts duplicate certificates over a week, so
 * storage made per-instance or ephemeral (an emptyDir where a volume claim was) or more replicas spend the allowance
 * one new instance at a time, and only the instance that comes after it is spent goes without a certificate.
 */
export function rankAcmeLimit(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  const limited = conditions.find((k) => k.condition === 'issuance_limited' && k.service);
  if (!limited) return;
  const service = limited.service!;
  const first = Date.parse(limited.timeline[0]?.time ?? '');
  if (Number.isNaN(first)) return;
  const own = ownChangeHypothesis(hypotheses, changes, service, first, (c) => !!c.issuance, 'config_error', base, ctx);
  if (!own) return;
  const { h, change } = own;
  const c = change.change;
  h.support = [...base, limited, change];
  const gap = minutes(Math.max(0, first - Date.parse(c.time)));
  const { line, touches } = change.issuance!;
  const what = touches === 'storage' ? 'changed where it keeps its certificates' : 'changed how many instances of it run';
  h.summary =
    `${service} cannot serve TLS on its instances without a certificate: the ACME issuer refuses its orders for its rate limit since ${limited.timeline[0]!.time}, ` +
    `and commit ${c.sha.slice(0, 8)} "${c.message}"${c.ref ? ` (${c.ref})` : ''}, ${gap} before, ${what} ("${line}"): each instance that does not find ` +
    `a stored certificate orders its own, until the issuer's allowance for the name is spent`;
  h.score = h.confidence = justAbove(hypotheses, FLOOR, CEILING);
  h.recommendations = [
    `Roll back${c.ref ? ` ${c.ref}` : ''} or revert ${c.sha.slice(0, 12)} "${c.message}", or give ${service} one shared, persistent certificate storage`,
    `Until the limit lifts, serve the name from the instances that hold a certificate (or a certificate issued elsewhere), and alert on ACME rateLimited refusals`,
  ];
  hypotheses.push(h);
}
