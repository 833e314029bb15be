// Releases near the onset that the evidence does not support, each with the reason a reader can check:
// the ranking keeps them out of the hypotheses, and the report lists them so nobody rolls back the wrong one.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { Hypothesis } from './hypothesis.js';
import { minutes } from './analyzers/change-correlation.js';
import { changeOf, setsReplicaCeiling } from './change-settings.js';
import { heldCeiling } from './ceiling-rank.js';
import { configures } from './change-owner.js';

type ChangeFinding = Extract<Finding, { kind: 'change' }>;
const MIN = 60_000;

/** Whether a change is named in the ruled-out list: by its short sha, or by its release as a whole. */
export function isRuledOut(change: { sha: string; ref: string | null }, out: ReadonlyArray<{ what: string }>): boolean {
  return out.some((r) => r.what.startsWith(`${change.sha.slice(0, 8)} `) || (change.ref !== null && r.what === `release ${change.ref}`));
}

/** Releases near the onset that the evidence does not support, each with the reason. */
export function ruledOut(findings: Finding[], changes: ChangeFinding[], best: Hypothesis, ctx: AnalysisContext) {
  const out: Array<{ what: string; reason: string }> = [];
  for (const f of findings) if (f.kind === 'ruled_out') out.push({ what: f.what, reason: f.reason });
  if (ctx.onset === null) return out;
  const onset = ctx.onset;
  const byRelease = new Map<string, ChangeFinding[]>();
  for (const c of changes) {
    if (onset - Date.parse(c.change.time) > 6 * 60 * MIN) continue;
    const key = c.change.ref ?? c.change.sha;
    byRelease.set(key, [...(byRelease.get(key) ?? []), c]);
  }
  // A runtime change the services logged right before the errors (runtime-trigger.ts): releases live well before it ran
  // without the errors until then, whatever words they share with them.
  const runtime = best.suspect === null ? best.support.find((f) => f.kind === 'runtime_change') : undefined;
  const runtimeAt = runtime ? Date.parse(runtime.time) : NaN;
  // Load one client put on a shared server (load-source.ts): releases of other services did not bring it.
  const load = best.suspect === null ? best.support.find((f) => f.kind === 'condition' && f.loads !== undefined) : undefined;
  // A node's clock gone wrong (clock-rank.ts): the releases ranked below it did not stamp tokens in the future.
  const clock = best.suspect === null ? best.support.find((f) => f.kind === 'condition' && f.condition === 'clock_skew') : undefined;
  // A store that failed over (failover-rank.ts): the releases ranked below it did not move its primary.
  const moved = best.suspect === null ? best.support.find((f) => f.kind === 'condition' && f.condition === 'failover') : undefined;
  // An operation run by hand on a data store (store-operation-rank.ts): its clients' releases did not start it.
  // A store out of room to write (store-full.ts) the same way: its clients' writes meet its refusal, whatever they write.
  const operated = best.suspect === null ? best.support.find((f) => f.kind === 'condition' && (f.condition === 'store_operation' || f.condition === 'store_full')) : undefined;
  // A credential that ended just before the failures (credential-rank.ts): other services' releases did not end it.
  const credential = best.suspect ? best.support.find((f) => f.kind === 'runtime_change' && f.change === 'credential' && f.by?.sha === best.suspect!.sha) : undefined;
  // A consumer a broker reported slow, blamed on its own change that blocks (slow-consumer-rank.ts): the releases of
  // the services that fail on its stale data did not slow it, whatever words they share with their errors.
  const slowed = best.suspect ? best.support.find((f) => f.kind === 'condition' && f.condition === 'consumer_slow') : undefined;
  // A store blocked by one change's keyspace walk (keyspace-walk-rank.ts): its clients' releases did not block it.
  const walker = best.suspect ? best.support.find((f): f is ChangeFinding => f.kind === 'change' && f.change.sha === best.suspect!.sha && !!f.walksKeyspace?.slowlog) : undefined;
  // Certificate orders an ACME issuer refuses for its rate limit, blamed on the client's change to its storage or
  // instances (acme-limit-rank.ts): a release that touched neither did not spend the issuer's allowance.
  const limited = best.suspect ? best.support.find((f) => f.kind === 'condition' && f.condition === 'issuance_limited') : undefined;
  for (const [key, cs] of byRelease) {
    const gap = minutes(Math.max(0, onset - Date.parse(cs[0]!.change.time)));
    if (credential?.kind === 'runtime_change' && key !== best.suspect!.ref && !cs.some((c) => c.change.sha === best.suspect!.sha) && !cs.some((c) => !!credential.service && changeOf(c, credential.service))) {
      out.push({ what: releaseName(key, cs), reason: `deployed ${gap} before the onset, but the failures are ${credential.service ?? 'a service'}'s credential ending ("${credential.text.slice(0, 160)}" at ${credential.time}), which no change of its ended` });
      continue;
    }
    if (moved?.kind === 'condition') {
      out.push({ what: releaseName(key, cs), reason: `deployed ${gap} before the onset, but its clients ran without these errors until ${moved.service ?? 'their store'} failed over; no release of theirs moved its primary` });
      continue;
    }
    if (operated?.kind === 'condition' && !cs.some((c) => !!operated.service && changeOf(c, operated.service))) {
      const why = operated.condition === 'store_full' ? 'out of room to write, which no release of its clients filled' : 'after an operation run on it by hand, which no release started';
      out.push({ what: releaseName(key, cs), reason: `deployed ${gap} before the onset, but the errors are ${operated.service ?? 'the store'} refusing work ${why}` });
      continue;
    }
    if (clock?.kind === 'condition') {
      out.push({ what: releaseName(key, cs), reason: `deployed ${gap} before the onset, but what was refused was valid only later: ${clock.names?.[0] ?? 'a node'}'s clock was off, and no release moves a clock` });
      continue;
    }
    if (slowed?.kind === 'condition' && !cs.some((c) => c.change.sha === best.suspect!.sha || (!!slowed.service && changeOf(c, slowed.service)))) {
      out.push({ what: releaseName(key, cs), reason: `deployed ${gap} before the onset, but the errors follow ${slowed.service} falling behind what ${slowed.names?.[0] ?? 'its broker'} sends it (a slow consumer from ${slowed.timeline[0]?.time ?? 'the onset'} on), which no change of this release slowed` });
      continue;
    }
    if (limited?.kind === 'condition' && !cs.some((c) => c.change.sha === best.suspect!.sha || (!!c.issuance && !!limited.service && configures(c, limited.service)))) {
      out.push({ what: releaseName(key, cs), reason: `deployed ${gap} before the onset, but the errors follow the ACME issuer refusing ${limited.service}'s certificate orders for its rate limit (from ${limited.timeline[0]?.time ?? 'the onset'} on), and no change of this release touched its certificate storage or how many instances order them` });
      continue;
    }
    if (walker && !cs.some((c) => c.change.sha === walker.change.sha || !!c.walksKeyspace)) {
      out.push({ what: releaseName(key, cs), reason: `deployed ${gap} before the onset, but the store its errors wait on was blocked by ${walker.change.sha.slice(0, 8)}'s command walking its whole keyspace ("${walker.walksKeyspace!.line}"; ${walker.walksKeyspace!.slowlog!.series} grew after it), which no change of this release sent` });
      continue;
    }
    if (load?.kind === 'condition' && !cs.some((c) => !!load.service && changeOf(c, load.service))) {
      out.push({ what: releaseName(key, cs), reason: `deployed ${gap} before the onset, but the load on ${load.loads} came from ${load.service}'s statements, new at the onset, not from its changes` });
      continue;
    }
    if (runtime && Date.parse(cs[0]!.change.time) <= runtimeAt - 5 * MIN) {
      const what = runtime.kind === 'runtime_change' && runtime.change === 'audit' ? `an audit log recorded "${runtime.text.slice(0, 160)}" at ${runtime.time}` : `${runtime.service ?? 'a service'} logged a runtime change at ${runtime.time}`;
      out.push({ what: releaseName(key, cs), reason: `deployed ${gap} before the onset and ran ${minutes(runtimeAt - Date.parse(cs[0]!.change.time))} without these errors until ${what}` });
      continue;
    }
    // The blamed commit may ship in a release that narrowing to a folder left it out of (a manifest under deploy/).
    const suspectHere = cs.some((c) => c.change.sha === best.suspect?.sha) || (credential !== undefined && key === best.suspect!.ref);
    for (const c of cs) {
      if (c.change.sha === best.suspect?.sha) continue;
      const what = `${c.change.sha.slice(0, 8)} "${c.change.message}"${c.change.ref ? ` (${c.change.ref})` : ''}`;
      const onlyDocs = c.inert;
      if (suspectHere) {
        // A sibling whose words do meet the errors is not said to share nothing: it is weaker than the suspect.
        const weaker = c.matched.length
          ? `shipped in the same release; it shares only ${c.matched.slice(0, 3).join(', ')} with the new errors, where ${best.suspect!.sha.slice(0, 8)} matches them more closely`
          : 'shipped in the same release, but its changes share nothing specific with the new errors';
        out.push({ what, reason: onlyDocs ?? weaker });
      } else if (cs.length === 1 || !c.change.ref) {
        out.push({ what, reason: onlyDocs ?? reasonFor(c, gap, best) });
      }
    }
    if (!suspectHere && cs.length > 1 && cs[0]!.change.ref) {
      const docs = cs.every((c) => c.inert);
      out.push({
        what: `release ${key}`,
        reason: docs
          ? `deployed ${gap} before the onset, but its diffs touch only documentation, tests or comments`
          : cameAfter(Date.parse(cs[0]!.change.time), best) ?? `deployed ${gap} before the onset, but none of its ${cs.length} commits (${cs.map((c) => `"${c.change.message}"`).join(', ')}) relates to the new errors` +
            (best.category === 'dependency_failure' && best.service ? `, which point at ${best.service}` : ''),
      });
    }
  }
  return out;
}

/** A release of several commits by its tag, else its one commit as the list names commits. */
function releaseName(key: string, cs: ChangeFinding[]): string {
  const c = cs[0]!.change;
  return cs.length > 1 && c.ref ? `release ${key}` : `${c.sha.slice(0, 8)} "${c.message}"${c.ref ? ` (${c.ref})` : ''}`;
}

/** For a change live after the failures the best hypothesis explains had begun: it cannot have started them. */
function cameAfter(time: number, best: Hypothesis): string | null {
  const since = best.failingSince;
  if (!since || time <= since.time) return null;
  return `went live ${minutes(time - since.time)} after ${since.what} began (${new Date(since.time).toISOString()}), so it did not start them`;
}

function reasonFor(c: ChangeFinding, gap: string, best: Hypothesis): string {
  const after = cameAfter(Date.parse(c.change.time), best);
  if (after) return after;
  const held = heldCeiling(best);
  // A workload held at its replicas ceiling: a release that set no ceiling did not put it there.
  if (held && !c.settings.some(setsReplicaCeiling)) {
    const by = best.suspect ? `, which ${best.suspect.sha.slice(0, 8)} set` : '';
    return `went live ${gap} before the onset, but set no replicas ceiling and shares nothing specific with the new errors; ${held.service} was held at its autoscaler's maximum of ${held.ceiling} replicas${by}`;
  }
  // One word shared with another service's errors, and no call or name relating the two (word-tie.ts).
  const tie = c.wordOnly;
  if (tie) return `went live ${gap} before the onset, but it shares only ${tie.words.slice(0, 2).join(', ')} with the new errors of ${tie.failing.join(', ')}, and nothing seen relates ${tie.owner} to them (no call between them, no failing line names it)`;
  const tail = best.category === 'dependency_failure' && best.service ? `; the errors point at ${best.service}` : '';
  return `went live ${gap} before the onset, but its changes share nothing specific with the new errors${tail}`;
}
