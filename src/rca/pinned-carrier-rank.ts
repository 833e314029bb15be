// Virtual threads pinned to their carriers: a release that runs requests on virtual threads over code that blocks
// inside `synchronized` (JDBC drivers such as Connector/J 8.0) stalls the few carriers; that release, not its callers.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { ChangeFinding } from './change-settings.js';
import { ownChangeHypothesis } from './own-change.js';
import { justAbove, type Hypothesis } from './hypothesis.js';
import type { RelatedSignature } from './related-signatures.js';
import { textOf } from './signals.js';
import { minutes } from './analyzers/change-correlation.js';

/**
 * The JVM's own report of a pinned carrier (`-Djdk.tracePinnedThreads`): the carrier thread of the JDK's
 * `CarrierThreads` group, or a frame holding a monitor while the virtual thread blocked (`<== monitors:1`).
 */
const PINNED = /\bCarrierThreads\]|<== monitors:\d/;
/**
 * Waiting for a pooled resource that never came: HikariCP's "Connection is not available, request timed out", DBCP's
 * "Timeout waiting for idle object", c3p0/Vert.x "timeout waiting for (a) connection", a pool's "acquire timed out".
 * With carriers pinned, the threads that hold connections cannot run to return them, so the pool's queue grows.
 */
const POOL_WAIT = /connection is not available|timeout waiting for (?:idle object|(?:a )?connection)|acquir\w* (?:a )?connection\w* timed out|pool (?:wait|acquire)\w* timed? ?out/i;

const risen = (r: RelatedSignature) => r.isNew || r.post > 2 * r.pre + 2;

/**
 * With the JVM reporting pinned carriers and requests waiting on a pool in one service since the onset, names that
 * service's latest change before the onset whose added lines turn virtual threads on, however long before: pinning
 * bites only once enough requests block under a monitor at once (a peak), so it follows the release by hours.
 */
export function rankPinnedCarriers(hypotheses: Hypothesis[], changes: ChangeFinding[], base: Finding[], ctx: AnalysisContext): void {
  if (ctx.onset === null) return;
  const onset = ctx.onset;
  const services = new Set(ctx.related.filter((r) => risen(r) && r.service && PINNED.test(textOf(r))).map((r) => r.service!));
  // Pinning alone may be harmless (a short synchronized block): it matters when the same service's pool stalls.
  const stalled = [...services].filter((s) => ctx.related.some((r) => risen(r) && r.service === s && POOL_WAIT.test(textOf(r))));
  if (stalled.length !== 1) return;
  const service = stalled[0]!;
  const own = ownChangeHypothesis(hypotheses, changes, service, onset, (c) => !!c.virtualThreads, 'config_error', base, ctx);
  if (!own) return;
  const { h, change } = own;
  const pinned = ctx.related.find((r) => r.service === service && PINNED.test(textOf(r)))!;
  const gap = minutes(Math.max(0, onset - Date.parse(change.change.time)));
  h.summary = `${service} runs requests on virtual threads since commit ${change.change.sha.slice(0, 8)} "${change.change.message}"${change.change.ref ? ` (${change.change.ref})` : ''}, ${gap} before the onset: the JVM reports carrier threads pinned under a monitor ("${pinned.sig.example.split('\n')[0]!.slice(0, 80)}") while its requests wait for pooled connections, so blocking calls inside synchronized code stall every carrier`;
  h.score = h.confidence = justAbove(hypotheses, 0.6, 0.9);
  h.recommendations = [
    `Roll back${change.change.ref ? ` ${change.change.ref}` : ''} or revert ${change.change.sha.slice(0, 12)} "${change.change.message}" (turn virtual threads off)`,
    'Before turning them on again, replace the libraries that block inside synchronized code (a JDBC driver with ReentrantLock-based I/O, e.g. Connector/J 9) or move to a JDK that unpins monitors (JDK 24)',
  ];
  hypotheses.push(h);
}
