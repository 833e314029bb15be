// A change as a root-cause hypothesis: why it is blamed (its words, its timing, the climb or limit it started), how
// strongly against the conditions it may explain or compete with, and the summary and steps a person reads.
import type { Category } from '../core/report.js';
import { releaseNames } from '../core/release-tag.js';
import type { Condition, Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import { minutes } from './analyzers/change-correlation.js';
import type { Hypothesis } from './hypothesis.js';
import { aboutOwner } from './overlapping-runs.js';
import { changesLimit, folderService, setsLimitHit, topDirectory, tunedWhat, type ChangeFinding, type ConditionFinding } from './change-settings.js';

/** A change needs this much overlap with the errors to be blamed on relevance. */
export const RELEVANCE_MIN = 0.35;
/** Conditions that a change can cause (the change is the root cause, the condition the mechanism). */
export const MECHANISMS: ReadonlySet<Condition> = new Set(['saturation', 'oom', 'disk_full', 'crash_loop', 'cert_auth', 'throttled', 'conntrack_full', 'session_expired']);
const MECHANISM_WORDS: Record<Condition, string> = {
  saturation: 'it now hits a resource limit',
  oom: 'it now runs out of memory',
  disk_full: 'the disk is now full',
  crash_loop: 'it now crash-loops',
  anomaly: 'its signals departed from their baseline',
  cert_auth: 'certificates or credentials are now rejected',
  dependency: 'a dependency now fails',
  capacity: 'traffic now exceeds capacity',
  clock_skew: "a node's clock is now off",
  failover: 'a replicated store now has another primary',
  cache_emptied: 'a cache node now starts empty',
  cache_bypassed: 'a cache now sends what it served to the origin',
  conntrack_full: "its nodes' connection-tracking tables are now full",
  nat_ports: 'its NAT gateway now runs out of source ports',
  throttled: 'a remote system now throttles its requests',
  store_operation: 'a data store now refuses work after an operation run on it by hand',
  store_full: 'a data store is now out of room to write',
  credits_exhausted: 'a burstable instance has now spent its credits',
  fd_limit_lowered: 'its open-file limit is now lower',
  session_expired: 'it now pauses until its coordination session expires',
  statements_held: 'its database now holds statements it does not finish',
  consumer_stalled: 'its consumer now takes no messages',
  consumer_slow: 'its consumer now falls behind the messages it is sent',
  sidecar_race: 'its pods now connect out before their mesh sidecar is ready',
  autoscaler_flapping: 'its autoscaler now swings its replicas up and down',
  resource_destroyed: 'a resource it uses is now destroyed and recreated',
  proxy_denied: 'its forward proxy now denies a destination',
  issuance_limited: "its certificate orders are now refused for the issuer's rate limit",
  stale_resolution: "a proxy now connects to addresses its upstream's name no longer has",
};
const GROWTH_SAID = {
  memory: { climb: 'memory climb', retains: 'retain memory' },
  disk: { climb: 'disk drain', retains: 'write more' },
  usage: { climb: 'climb', retains: 'hold resources' },
  cache: { climb: 'evictions', retains: 'change what is cached' },
  runs: { climb: 'overlapping runs', retains: 'change when or how wide it runs' },
} as const;

/** Two names of one system: equal, or the same first label (`payments` and `payments.internal`). */
export const sameSystem = (a: string, b: string): boolean => a === b || a.split('.')[0] === b.split('.')[0];

/** Why a change is blamed: its words match the errors, it went live just before them, or it started a resource climb. */
export type Basis = 'relevance' | 'timing' | 'growth' | 'security' | 'limit' | 'setting' | 'precursor' | 'throttle' | 'onset' | 'runtime' | 'renewal';

export function fromChange(c: ChangeFinding, conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext, basis: Basis, jumped?: ConditionFinding): Hypothesis {
  const timingOnly = basis === 'timing';
  // A setting's jump is its mechanism however weakly the condition alone was stated.
  const mechanism =
    (basis === 'setting' ? jumped : basis === 'throttle' ? conditions.find((k) => k.condition === 'throttled') : undefined) ??
    conditions.find((k) => MECHANISMS.has(k.condition) && k.confidence >= 0.4);
  // An outside cause (an upstream down, a traffic surge) competes with the change instead of explaining it.
  let outside = conditions.find((k) => !MECHANISMS.has(k.condition) && k.confidence >= 0.5);
  // A change whose diff names the failing dependency (a new URL, host or port) explains that failure.
  // So does one that set a value the errors quote (a timeout of 25 ms, then "timed out after 25ms").
  const named = outside ? (outside.names ?? (outside.service ? [outside.service] : [])) : [];
  const top = topDirectory(c.paths);
  const explainsOutside =
    !!outside &&
    c.timing >= 0.3 &&
    ((outside.condition === 'dependency' && c.mentions.some((m) => named.some((n) => sameSystem(m, n)))) ||
      (c.valueHits.length > 0 && c.relevance >= RELEVANCE_MIN) ||
      // The failing dependency is the service that hit the limit this change set, or the one the change is in.
      (basis === 'limit' && outside.condition === 'dependency' && !!mechanism?.service && named.includes(mechanism.service)) ||
      (outside.condition === 'dependency' && top !== null && named.some((n) => sameSystem(n, top))));
  if (explainsOutside) outside = undefined;
  let category: Category = c.configOnly ? 'config_error' : 'code_regression';
  // A pool pinned only after the errors began is what the change did, not a limit that caused it,
  // unless the change itself set that limit.
  const symptom = mechanism?.condition === 'saturation' && mechanism.leads === false && !changesLimit(c);
  if (mechanism?.condition === 'cert_auth') category = 'certificate_or_auth';
  else if (mechanism && mechanism.condition !== 'crash_loop' && !symptom) category = 'resource_exhaustion';
  let score = timingOnly ? 0.25 + 0.15 * c.timing + 0.5 * c.relevance * 0.2 : c.confidence + (mechanism || explainsOutside ? 0.1 : 0);
  if (explainsOutside) score = Math.max(score, (conditions.find((k) => k.condition === 'dependency')?.confidence ?? 0) + 0.05);
  if (basis === 'growth') score = Math.min(0.9, (mechanism?.confidence ?? 0.5) + 0.05 * c.growthTiming);
  if (basis === 'precursor') score = Math.min(0.8, 0.55 + 0.15 * Math.exp(-Math.max(0, (ctx.precursor?.start ?? 0) - Date.parse(c.change.time)) / (10 * 60_000)));
  // A climb started by a change in the very dependency the callers fail to reach: that failure is what the climb did.
  if (basis === 'growth' && explainsOutside) score = Math.min(0.9, Math.max(score, (conditions.find((k) => k.condition === 'dependency')?.confidence ?? 0) + 0.05));
  if (basis === 'security') score = Math.min(0.9, (mechanism?.confidence ?? 0.5) + 0.05 * c.timing);
  if (basis === 'renewal') score = Math.min(0.9, (mechanism?.confidence ?? 0.5) + 0.05);
  // The very limit that was hit (a setting named like the resource the condition saw at its limit) is near proof.
  if (basis === 'limit') score = Math.min(0.9, Math.max(mechanism?.confidence ?? 0.5, explainsOutside ? score : 0, setsLimitHit(c, mechanism) ? 0.75 : 0) + 0.1 * c.timing);
  if (basis === 'setting') score = Math.min(0.8, Math.max(mechanism?.confidence ?? 0, 0.5) + 0.1 * c.timing);
  if (basis === 'throttle') score = Math.min(0.85, Math.max(mechanism?.confidence ?? 0, 0.5) + 0.1 * c.timing);
  if (outside && !timingOnly) score = Math.min(score, outside.confidence + (c.relevance - 0.5) * 0.5);
  const confidence = Math.min(0.95, score);
  const ref = c.change.ref ? ` (${c.change.ref})` : '';
  const why = timingOnly && c.actsOn
    ? `an operator acted on the setting it changed for ${c.actsOn} ${minutes(Math.max(0, (ctx.onset ?? 0) - Date.parse(c.change.time)))} before the first errors (timing and the object it set, not words)`
    : timingOnly
    ? `it went live ${minutes(Math.max(0, (ctx.onset ?? 0) - Date.parse(c.change.time)))} before the first errors (timing only)`
    : basis === 'precursor' && ctx.precursor
      ? `${ctx.precursor.series} first spiked to its failing level ${minutes(Math.max(0, ctx.precursor.start - Date.parse(c.change.time)))} after it went live, ${minutes(Math.max(0, (ctx.onset ?? 0) - ctx.precursor.start))} before the first errors, and stayed quiet before it (timing of the first sign, not words)`
    : basis === 'onset'
      ? `it went live ${secondsOrMinutes(Math.max(0, (ctx.onset ?? 0) - Date.parse(c.change.time)))} before the first errors` +
        (c.matched.length ? `, and its changes share ${c.matched.slice(0, 3).join(', ')} with them` : '') +
        (c.restarted ? `, and its component logged "${c.restarted.slice(0, 120)}" as it did` : '') +
        ' (an older release shares only words with them)'
    : basis === 'runtime'
      ? `the runtime changed under the code when its release went live (${c.runtime ?? 'its base image'}); of that release's commits it is the one that changed what every line runs on`
    : basis === 'renewal' && c.blocksRenewal
      ? `the certificate's renewal fell due at ${c.blocksRenewal.due}, after it went live, and has failed since ("${c.blocksRenewal.failure.slice(0, 120)}"); it changed what the renewal passes through`
    : basis === 'security'
      ? `certificates or credentials are rejected since it went live ${minutes(Math.max(0, (ctx.onset ?? 0) - Date.parse(c.change.time)))} before, and it changed what the service trusts or presents`
    : basis === 'limit'
      ? `${mechanism?.service ?? 'the service'} reached a resource limit ${minutes(Math.max(0, (ctx.onset ?? 0) - Date.parse(c.change.time)))} after it went live, and it changed such a limit`
    : basis === 'throttle'
      ? `${mechanism?.names?.[0] ?? 'a remote system'} throttles ${mechanism?.service ?? 'the service'} (it is sent too much, not down) since ${minutes(Math.max(0, (ctx.onset ?? 0) - Date.parse(c.change.time)))} after it went live, and it is ${mechanism?.service ?? 'the service'}'s own change to what it sends (timing and owner, not words)`
    : basis === 'setting'
      ? `${mechanism?.service ?? 'the service'}'s resource use jumped ${minutes(Math.max(0, (ctx.onset ?? 0) - Date.parse(c.change.time)))} after it went live, and ${tunedWhat(c)} (timing and what it set, not words)`
    : basis === 'growth' && ctx.growth
      ? `the ${GROWTH_SAID[ctx.growth.kind].climb} of ${ctx.growth.series} began when it went live` +
        (c.retention.length
          ? `, and its changes ${GROWTH_SAID[ctx.growth.kind].retains} (${c.retention.slice(0, 3).join(', ')})`
          : ` (${minutes(Math.abs(ctx.growth.start - Date.parse(c.change.time)))} apart, ${minutes(Math.max(0, (ctx.onset ?? 0) - ctx.growth.start))} before the first errors; timing, not words)`)
      : explainsOutside && c.mentions.length
      ? `its changed lines point at ${c.mentions[0]}, which the errors fail to reach`
      : c.matched.length
      ? `its changes match the new errors (${c.matched.slice(0, 4).join(', ')})`
      : 'its changes match the new errors';
  // A change under another known service's directory (a monorepo): that service is the culprit, where it was felt is not.
  // So is the service whose setting caused a limit to be hit elsewhere (its pool draining a shared database).
  const setBy = basis === 'limit' || basis === 'setting' || basis === 'renewal';
  const felt = (setBy ? mechanism?.service : null) ?? ctx.affectedService;
  // A change about the one thing whose growth it started (the CronJob whose runs overlap) is that thing's.
  const grown = basis === 'growth' && ctx.growth?.owner && aboutOwner(c.paths, ctx.growth.owner) ? ctx.growth.owner : null;
  // So is a component under a shared folder (platform/pgbouncer/) whose own tag released it (`pgbouncer/2026.12.06-1`);
  // a file outside any folder of that name (libs/) stays nobody's, whatever tag shipped it.
  const inFolder = (name: string) => c.paths.length > 0 && c.paths.every((p) => p.toLowerCase().split('/').slice(0, -1).includes(name));
  const released = c.change.ref ? [...ctx.services].find((s) => s !== felt && releaseNames(c.change.ref!, s) && inFolder(s)) : undefined;
  // And a platform commit is the service's whose object an operator changed by it (its autoscaler's minimum).
  const operated = c.actsOn && c.actsOn !== felt && ctx.services.has(c.actsOn) ? c.actsOn : null;
  // A setting it changed stepped in a system's own series of it (the database's pg_settings_max_connections): the
  // cause is in that system, not in the callers refused by it nor in the pipeline's folder that applied it.
  const setIn = c.setIn && c.setIn.service !== felt ? c.setIn.service : null;
  const folder = folderService(top, ctx.services);
  const owner = grown ?? setIn ?? (folder && folder !== felt ? folder : released ?? operated);
  const mech = mechanism && !setBy ? `, and ${MECHANISM_WORDS[mechanism.condition]}` : '';
  const hint = c.hints.length ? ` (${c.hints[0]})` : '';
  const recommendations = [
    `Roll back${c.change.ref ? ` ${c.change.ref}` : ''} or revert ${c.change.sha.slice(0, 12)} "${c.change.message}"${hint}`,
    ...(mechanism ? [mechanism.recommendation] : []),
    'Add a check that would have caught it before release (a test or a config validation for what the change touched)',
  ];
  return {
    summary: `${felt ?? owner ?? 'the service'} broke after ${owner && felt ? `${owner}'s ` : ''}commit ${c.change.sha.slice(0, 8)} "${c.change.message}"${ref}${hint}: ${why}${mech}`,
    category,
    // The service that changed (another one's directory) or where the limit it set was hit, before the one whose
    // errors were seen first.
    service: owner ?? felt ?? mechanism?.service ?? top,
    suspect: c.change,
    confidence,
    score,
    support: [...base, c, ...(mechanism ? [mechanism] : [])],
    recommendations,
  };
}

/** A gap under two minutes in seconds ("20 seconds"): a rollout the errors start with is told apart from one minutes before. */
function secondsOrMinutes(ms: number): string {
  return ms < 120_000 ? `${Math.round(ms / 1000)} seconds` : minutes(ms);
}
