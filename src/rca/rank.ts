// Ranking is code: root-cause candidates from the findings (a change, a condition, or a change that
// caused a condition), each with a confidence; weak evidence gives `unknown`, and unsupported releases are ruled out.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import { minutes } from './analyzers/change-correlation.js';
import { placesAfter } from './localize/places.js';
import { isRuledOut, ruledOut } from './ruled-out.js';
import type { Hypothesis, Verdict } from './hypothesis.js';
import { changeOf, changesLimit, topDirectory, tunesService, type ChangeFinding, type ConditionFinding } from './change-settings.js';
import { belowRuntime, runtimeHypothesis } from './runtime-trigger.js';
import { applyRules, FINAL_RULES, MECHANISM_RULES, type RankInputs } from './rank-rules.js';
import { precursorRelease } from './precursor-release.js';
import { onsetRelease } from './onset-release.js';
import { fromChange, MECHANISMS, RELEVANCE_MIN, sameSystem } from './change-hypothesis.js';
import { throttledBy } from './throttle-rank.js';
import { setsOtherResource } from './limit-resource.js';
import { inodeDrain } from './inodes.js';

/** Below this a hypothesis is not stated as the answer: the report says unknown. */
export const CONFIDENCE_MIN = 0.3;
/** growthTiming of a release 5 minutes from the start of a memory climb or disk drain (exp(-gap / 20 min)). */
const CLIMB_ALIGNED = Math.exp(-5 / 20);
/** How long after the climb began a release may still have started it (clock and scrape slack). */
const CLIMB_SLACK = 5 * 60_000;
/** Timing score of a release 15 minutes before the onset (timing = exp(-gap / 90 min)). */
const PROMPT_TIMING = Math.exp(-15 / 90);

export function rank(findings: Finding[], ctx: AnalysisContext): Verdict {
  const changes = findings.filter((f): f is ChangeFinding => f.kind === 'change').sort((a, b) => b.confidence - a.confidence);
  // The localizer's candidates rank services; they are no cause a change could explain or compete with.
  const all = findings.filter((f): f is ConditionFinding => f.kind === 'condition').sort((a, b) => b.confidence - a.confidence);
  const conditions = all.filter((k) => k.condition !== 'anomaly');
  const candidates = all.filter((k) => k.condition === 'anomaly');
  const base = findings.filter((f) => f.kind === 'onset' || f.kind === 'new_errors');
  const hypotheses: Hypothesis[] = [];

  // Relevant by words, or naming in its changed lines the very system the errors fail to reach.
  const depNames = conditions.filter((k) => k.condition === 'dependency').flatMap((k) => k.names ?? (k.service ? [k.service] : []));
  // So is a change to the failing dependency itself (its own folder: code, config, manifest) that went live just before.
  const namesFailing = (c: ChangeFinding) => {
    if (c.timing < 0.3 || c.inert) return false;
    const top = c.timing >= PROMPT_TIMING ? topDirectory(c.paths) : null;
    return depNames.some((n) => c.mentions.some((m) => sameSystem(m, n)) || (top !== null && sameSystem(top, n)));
  };
  // Hosts that cannot be resolved or reached: only a change that touched that host, port or URL explains it.
  const unreachable = conditions.some((k) => k.condition === 'dependency' && k.connectivity && k.confidence >= 0.5);
  // A certificate refused as expired or untrusted is a matter of dates and trust: the words a commit shares with the
  // errors say nothing, unless it changed certificates, keys or trust, or the very host whose certificate is refused.
  const refusedCert = conditions.find((k) => k.condition === 'cert_auth' && k.certificate && k.confidence >= 0.5);
  const touchesCert = (c: ChangeFinding) => c.security || (!!refusedCert?.service && c.mentions.some((m) => m === refusedCert.service || m.split('.')[0] === refusedCert.service));
  // A slow resource failure (memory climbing for an hour, a disk draining) started with whatever went live
  // when the climb began; named when its changed lines retain memory or write more.
  const growthCond = conditions.find(
    (k) =>
      (k.condition === 'oom' && ctx.growth?.kind === 'memory') ||
      (k.condition === 'disk_full' && ctx.growth?.kind === 'disk') ||
      (k.condition === 'saturation' && (ctx.growth?.kind === 'usage' || ctx.growth?.kind === 'runs')) ||
      // A cache that began evicting sends its misses to whatever it shields: any failure found may be that.
      ctx.growth?.kind === 'cache',
  );
  const aligned = growthCond
    ? changes
        .filter((c) => !c.inert && (c.retention.length > 0 ? c.growthTiming >= 0.4 : c.growthTiming >= CLIMB_ALIGNED))
        .sort((a, b) => b.retention.length - a.retention.length || b.growthTiming - a.growthTiming || b.relevance - a.relevance)[0]
    : undefined;
  // A release that went live after the climb had begun did not start it, whatever words it shares with the errors
  // (an OutOfMemoryError's stack names whatever allocated last, a dependency the upgrade touched).
  // So is an inode drain with no release where it began: it was under way before the window (inodes.ts).
  const climbStart = (aligned || (growthCond && inodeDrain(ctx.growth))) && ctx.growth ? ctx.growth.start + CLIMB_SLACK : Infinity;
  // Another service's change sharing one word with the errors and nothing else (no call, no name: word-tie.ts) is a
  // coincidence of vocabulary; the evidence for the failing service speaks instead.
  const relevant = changes.filter(
    (c) =>
      Date.parse(c.change.time) <= climbStart &&
      (unreachable
        ? namesFailing(c) || (c.valueHits.length > 0 && c.relevance >= RELEVANCE_MIN && !c.inert)
        : refusedCert
          ? touchesCert(c) && (c.relevance >= RELEVANCE_MIN || namesFailing(c))
          : (c.relevance >= RELEVANCE_MIN && !c.wordOnly) || namesFailing(c)),
  );
  for (const c of relevant) hypotheses.push(fromChange(c, conditions, base, ctx, 'relevance'));
  // A release deployed seconds before the onset, over an older one that only shares words with the errors (not one that
  // went live after a climb had begun: it did not start it).
  const wordsOnly = hypotheses.slice().sort((a, b) => b.score - a.score)[0];
  const adjacent = ctx.onset === null || !wordsOnly ? undefined : onsetRelease(changes.filter((c) => Date.parse(c.change.time) <= climbStart), relevant.find((c) => c.change.sha === wordsOnly.suspect?.sha), ctx.onset);
  if (adjacent && wordsOnly) {
    const same = hypotheses.findIndex((h) => h.suspect?.sha === adjacent.change.sha);
    if (same >= 0) hypotheses.splice(same, 1);
    const h = fromChange(adjacent, conditions, base, ctx, 'onset');
    h.score = h.confidence = Math.min(0.9, Math.max(h.score, wordsOnly.score + 0.02));
    hypotheses.push(h);
  }
  // A release that went live within minutes of where the climb began is named on timing alone, even when its
  // words share nothing with the errors: the errors come much later than the release, the climb does not.
  if (aligned && relevant.length === 0) hypotheses.push(fromChange(aligned, conditions, base, ctx, 'growth'));
  // The failing service's gauge spiked now and then to its failing level from soon after its release on, long before it
  // stayed there: that release, over a later one whose only tie is being closer to the first error.
  const began = relevant.length === 0 && !aligned ? precursorRelease(changes, ctx.precursor) : undefined;
  if (began) hypotheses.push(fromChange(began, conditions, base, ctx, 'precursor'));
  // Certificates or credentials rejected right after a release that changed trust stores, keys or tokens.
  const certCond = conditions.find((k) => k.condition === 'cert_auth' && k.confidence >= 0.4);
  if (certCond && relevant.length === 0) {
    const rotated = changes.filter((c) => c.security && !c.inert && c.timing >= 0.25).sort((a, b) => b.timing - a.timing || b.relevance - a.relevance)[0];
    if (rotated) hypotheses.push(fromChange(rotated, conditions, base, ctx, 'security'));
  }
  // A certificate expired because its renewal failed for weeks: the change that blocked the renewal (renewal-blocker.ts).
  const blocker = certCond ? changes.find((c) => c.blocksRenewal && (!c.blocksRenewal.service || c.blocksRenewal.service === certCond.service)) : undefined;
  if (blocker) hypotheses.push(fromChange(blocker, conditions, base, ctx, 'renewal'));
  // A remote throttling the caller: the caller's own change to how it calls, though no word of it is in the errors.
  const throttle = relevant.length === 0 ? throttledBy(changes, conditions.find((k) => k.condition === 'throttled' && k.confidence >= 0.4)) : undefined;
  if (throttle) hypotheses.push(fromChange(throttle, conditions, base, ctx, 'throttle'));
  // A resource at its limit soon after a release that changed such a limit (CPU, memory, a pool size, replicas):
  // named on timing and on what it set, though no word of it is in the errors.
  const limitCond = conditions.find((k) => k.condition === 'saturation' && k.confidence >= 0.4);
  // It competes with changes that merely share words with the errors; one of those that set the limit is this one.
  const setter = limitCond ? changes.filter((c) => !c.inert && changesLimit(c) && c.timing >= PROMPT_TIMING && !setsOtherResource(c, limitCond)).sort((a, b) => b.timing - a.timing || b.relevance - a.relevance)[0] : undefined;
  // Failing that, a service's CPU or threads jumped as a release went live that only set numbers in its configuration.
  const jumped = setter ? undefined : conditions.find((k) => k.condition === 'saturation' && k.confidence >= 0.3);
  const tuner = jumped ? changes.filter((c) => c.timing >= PROMPT_TIMING && Date.parse(c.change.time) <= climbStart && tunesService(c, jumped.service) && !setsOtherResource(c, jumped)).sort((a, b) => b.timing - a.timing)[0] : undefined;
  for (const [c, basis] of [[setter, 'limit'], [tuner, 'setting']] as const) {
    if (!c) continue;
    const same = hypotheses.findIndex((h) => h.suspect?.sha === c.change.sha);
    if (same >= 0) hypotheses.splice(same, 1);
    hypotheses.push(fromChange(c, conditions, base, ctx, basis, jumped));
  }
  // A flag switched or configuration reloaded seconds before the errors: their trigger, over older releases.
  const runtime = runtimeHypothesis(findings, base, ctx);
  if (runtime) {
    belowRuntime(hypotheses, runtime);
    hypotheses.push(runtime);
  }
  const changeHyps = [...hypotheses];
  for (const k of conditions) {
    const h = fromCondition(k, base, ctx);
    // A condition a blamed change brought about is its mechanism, not a rival answer.
    const cause = changeHyps.filter((c) => MECHANISMS.has(k.condition) && c.support.includes(k)).sort((a, b) => b.score - a.score)[0];
    if (cause) {
      h.score = Math.min(h.score, cause.score - 0.05);
      h.confidence = Math.min(h.confidence, h.score);
    }
    hypotheses.push(h);
  }
  // The mechanism rules (rank-rules.ts): each reorders the hypotheses for one way a cause hides behind its symptoms.
  const inputs: RankInputs = { changes, conditions, base, ctx, runtime: findings.filter((f): f is Extract<Finding, { kind: 'runtime_change' }> => f.kind === 'runtime_change') };
  applyRules(MECHANISM_RULES, hypotheses, inputs);
  hypotheses.push(...localized(candidates, hypotheses, base, ctx));
  // More traffic than before, with no change to blame: exhaustion is what the load did, not why.
  const load = hypotheses.find((h) => h.category === 'capacity' && h.score >= 0.5);
  if (load && relevant.length === 0) {
    for (const h of hypotheses) {
      if (h.category === 'resource_exhaustion' && !h.suspect) {
        h.score = Math.min(h.score, load.score - 0.05);
        h.confidence = Math.min(h.confidence, h.score);
      }
    }
  }
  // A release within minutes of the first error with nothing else to explain it: stated, but weakly;
  // of its commits the one closest in words (then the latest) is named.
  // A crash loop (or replicas gone) in one service is no sign of another service's release.
  const looping = conditions.find((k) => k.condition === 'crash_loop' && k.confidence >= 0.5 && k.service);
  const prompt = changes
    .filter((c) => c.timing >= PROMPT_TIMING && !c.inert && (!looping || topDirectory(c.paths) === null || changeOf(c, looping.service!)))
    .sort((a, b) => b.relevance - a.relevance || b.timing - a.timing)[0];
  // A crash loop right after a release is what a bad release looks like, so it does not block the guess.
  if (prompt && changeHyps.length === 0 && conditions.every((k) => k.confidence < 0.5 || k.condition === 'crash_loop')) {
    const h = fromChange(prompt, conditions, base, ctx, 'timing');
    const loop = conditions.find((k) => k.condition === 'crash_loop' && k.confidence >= 0.5);
    // A crash loop starting minutes after a release makes the release the likelier cause than the platform.
    if (loop) h.score = h.confidence = Math.max(h.score, Math.min(0.9, loop.confidence * (0.9 + 0.15 * prompt.timing)));
    hypotheses.push(h);
  }

  applyRules(FINAL_RULES, hypotheses, inputs);
  hypotheses.sort((a, b) => b.score - a.score);
  let best = hypotheses[0];
  if (!best || best.confidence < CONFIDENCE_MIN) {
    // Too weak to state, but the walk from the symptom still ends somewhere: the localizer's strongest candidate, when
    // it leads, is the service to look at first (not the one the errors were seen in, which the reader already knows).
    const lead = best && best.support.some((f) => f.kind === 'condition' && f.condition === 'anomaly') ? best.service : null;
    // A lead whose own handling time rose with its own calls' time waits on something it calls: which callee is too
    // weakly told to name, but the kind is what both its series show (a synchronous caller's time contains its calls',
    // as when a delay on a callee's network path, netem on its interface, shows only in its callers' latency).
    const waits = lead !== null && best!.support.some((f) => f.kind === 'condition' && f.condition === 'anomaly' && f.service === lead && f.waits === true);
    // A weak lead placed above such a caller, as what it may wait on: the kind is the caller's wait, the place is below it.
    const waiter = lead === null ? undefined : best!.support.find((f) => f.kind === 'condition' && f.condition === 'anomaly' && f.service === lead && f.waitedBy !== undefined);
    const waitedOnBy = waiter?.kind === 'condition' ? waiter.waitedBy : undefined;
    const where = lead && lead !== ctx.affectedService ? `; of the services whose own signals moved, ${lead} moved most` : '';
    const why = waits
      ? `${where ? ', and its' : `; ${lead}'s`} handling time rose with its own calls' time: a dependency it calls (or the network to it) is slow`
      : waitedOnBy
        ? `; ${waitedOnBy}'s handling time rose with its own calls' time, and ${lead}, which moved a little on its own, may be the dependency it waits on (or the network to it)`
        : '';
    best = {
      summary: ctx.onset
        ? `${onsetWords(ctx, ctx.onset)}, but no change or condition explains it with enough evidence${where}${why}`
        : `no clear incident signal in the window: no error-rate rise and no new error signatures${where}${why}`,
      category: waits || waitedOnBy ? 'dependency_failure' : 'unknown',
      service: lead ?? ctx.affectedService,
      suspect: null,
      confidence: Math.min(0.25, best?.confidence ?? 0.1),
      score: 0,
      support: base,
      recommendations: [
        'Widen or move the window (--window, --at) so that it covers the start of the problem and a quiet period before it',
        'Add the missing sources (logs of the failing service, the deployed repository, metrics) and run again',
      ],
    };
  }
  const out = ruledOut(findings, changes, best, ctx);
  // A change the report rules out is not also offered as a hypothesis: the reader would get both answers.
  const others = placesAfter(best, hypotheses.filter((h) => h !== best && !(h.suspect && isRuledOut(h.suspect, out))));
  return { best, others, ruledOut: out };
}

/** A specific finding this strong stays ahead of the localizer whatever service it names. */
const STRONG = 0.5;

/**
 * The localizer's ranked services as hypotheses. A specific finding (a change, a named condition) about a service the
 * localizer also ranks, or about no service in particular, explains more than "its signals moved": it stays first.
 */
function localized(candidates: ConditionFinding[], specific: Hypothesis[], base: Finding[], ctx: AnalysisContext): Hypothesis[] {
  const ranked = new Set(candidates.map((k) => k.service));
  const cap = specific
    .filter((h) => h.score >= STRONG || (h.score >= CONFIDENCE_MIN && (h.suspect !== null || h.service === null || ranked.has(h.service))))
    .reduce((m, h) => Math.max(m, h.score), 0);
  return candidates.map((k) => {
    const h = fromCondition(k, base, ctx);
    if (cap > 0) h.score = h.confidence = Math.min(h.score, cap - 0.01);
    return h;
  });
}

function fromCondition(k: ConditionFinding, base: Finding[], ctx: AnalysisContext): Hypothesis {
  const watch = ctx.rate
    ? [`Confirm that the error rate of ${ctx.rate.service} returns to its baseline of ${(ctx.rate.baseline * 100).toFixed(1)}% once this is fixed`]
    : [];
  return {
    summary: k.summary,
    category: k.category,
    service: k.service ?? ctx.affectedService,
    suspect: null,
    confidence: k.confidence,
    score: k.confidence,
    support: [...base, k],
    recommendations: [k.recommendation, ...watch],
  };
}

/**
 * What began at the onset, in the words of what found it: an error rate or the first new error when one did, else only
 * the time (a metric departure or the engineer's stated start), so the fallback never claims errors nobody saw.
 */
function onsetWords(ctx: AnalysisContext, onset: number): string {
  const at = new Date(onset).toISOString();
  const basis = ctx.onsetBasis.find((b) => b.time === onset);
  if (basis) return `${basis.what} at ${at}`;
  return `the incident began at ${at}${ctx.affectedService ? ` in ${ctx.affectedService}` : ''}`;
}
