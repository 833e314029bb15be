// The mechanism rules ranking applies after its general pass, in order: each knows one way a cause hides behind its
// symptoms (a full conntrack table behind a release, a failover behind its clients) and reorders the hypotheses.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { Hypothesis } from './hypothesis.js';
import type { ChangeFinding, ConditionFinding } from './change-settings.js';
import { rankLoadSource } from './load-source.js';
import { rankCeiling } from './ceiling-rank.js';
import { rankFlapping } from './flapping-rank.js';
import { rankConcurrencyStep } from './concurrency-rank.js';
import { rankNamedSetting } from './named-setting.js';
import { rankRedelivery } from './redelivery-rank.js';
import { rankLoadCrossedLimit } from './load-crossed-limit.js';
import { rankClockSkew } from './clock-rank.js';
import { rankFailover } from './failover-rank.js';
import { rankCacheBypass } from './cache-bypass-rank.js';
import { rankStoreOperation } from './store-operation-rank.js';
import { rankSpentCredits } from './credits-rank.js';
import { rankLoweredFdLimit } from './fd-limit-rank.js';
import { rankSessionExpiry } from './session-expiry-rank.js';
import { rankConnectionChurn } from './connection-churn.js';
import { rankKeepaliveRace } from './keepalive-race.js';
import { rankPolicyAtRestart } from './policy-restart.js';
import { rankDnsStorm } from './dns-storm-rank.js';
import { rankNatPorts } from './nat-rank.js';
import { rankInodeStarter } from './inode-rank.js';
import { rankRuntimeCommit } from './runtime-rank.js';
import { rankRefusedPods } from './refused-rank.js';
import { rankPullLimit } from './pull-limit-rank.js';
import { rankDestroyedResource } from './destroyed-rank.js';
import { rankTombstoneWriter } from './tombstone-rank.js';
import { rankWorkerMemory } from './worker-memory-rank.js';
import { rankPinnedCarriers } from './pinned-carrier-rank.js';
import { rankSlowConsumer } from './slow-consumer-rank.js';
import { rankKeyspaceWalk } from './keyspace-walk-rank.js';
import { rankAcmeLimit } from './acme-limit-rank.js';
import { rankQueueRoute } from './queue-route-rank.js';
import { rankResponseSize } from './response-size-rank.js';
import { nameApps } from './platform-app.js';
import { nameTracks } from './canary-tracks.js';
import { rankTrafficShift } from './shift-rank.js';
import { rankWaitedStore } from './waited-store-rank.js';
import { rankExhaustedDependency } from './exhausted-dependency.js';
import { rankBodyLimit } from './body-limit.js';
import { rankSettingDelay } from './setting-delay.js';
import { rankVersionBumpSibling } from './version-bump-sibling.js';
import { rankEvictionChange } from './eviction-rank.js';
import { rankHeldStatements } from './held-statements-rank.js';
import { rankAuditChange } from './audit-rank.js';
import { rankCredentialLifecycle } from './credential-rank.js';
import { rankReachedSetting } from './reached-setting-rank.js';
import { rankProxyDenial } from './proxy-denial-rank.js';
import { rankStaleResolution } from './stale-resolution-rank.js';
import { rankSidecarRace } from './sidecar-race-rank.js';

/** What every rule may read: the change and condition findings, the onset's findings every hypothesis cites, the context. */
export interface RankInputs {
  changes: ChangeFinding[];
  conditions: ConditionFinding[];
  base: Finding[];
  /** Runtime changes the logs recorded (flags, reloads, audit logs' mutating calls), as the analyzers found them. */
  runtime: Array<Extract<Finding, { kind: 'runtime_change' }>>;
  ctx: AnalysisContext;
}

/** One mechanism: `why` says what it knows; `apply` adds, removes or rescores hypotheses in place. */
export interface RankRule {
  why: string;
  apply: (hypotheses: Hypothesis[], input: RankInputs) => void;
}

/**
 * Applied once changes and conditions are hypotheses, before the localizer's candidates join. Order matters: a later
 * rule sees (and may stand over) what an earlier one did, so the rules that name a change however old come after
 * the ones that name a condition.
 */
export const MECHANISM_RULES: readonly RankRule[] = [
  { why: 'A mutating call in an audit log on a resource the failing component uses, just before the onset: it, over older releases.', apply: (h, i) => rankAuditChange(h, i.runtime, i.base, i.ctx) },
  { why: 'A credential revoked or a signing key rotated just before failures of the kind that breaks: the change behind it, over releases of other services.', apply: (h, i) => rankCredentialLifecycle(h, i.runtime, i.base, i.ctx) },
  { why: "A client's statements new at the onset on a saturated shared database: the load is the cause.", apply: (h, i) => rankLoadSource(h, i.conditions) },
  { why: 'Tokens refused as not yet valid while a node clock ran ahead: the clock, over releases that share their words.', apply: (h, i) => rankClockSkew(h, i.conditions, i.ctx) },
  { why: 'A store that failed over just before its clients failed: the failover, over their pools and releases.', apply: (h, i) => rankFailover(h, i.conditions) },
  { why: "A client's pool run out while the database's statements in progress stepped up: the database holds the connections.", apply: (h, i) => rankHeldStatements(h, i.conditions, i.ctx) },
  { why: 'A cache node restarted empty just before its clients failed: the lost cache, over their store and releases.', apply: (h, i) => rankFailover(h, i.conditions, 'cache_emptied') },
  { why: "An HTTP cache's hit ratio collapsed with flat traffic before its origin failed: the change live at the break, over the origin and releases sharing its words.", apply: (h, i) => rankCacheBypass(h, i.changes, i.conditions, i.base) },
  { why: 'A data store refusing work after an operation run on it by hand: the operation, over its clients.', apply: (h, i) => rankStoreOperation(h, i.conditions) },
  { why: 'A data store out of room to write (log full, disk past its watermark): the store, over its clients and their releases.', apply: (h, i) => rankStoreOperation(h, i.conditions, 'store_full') },
  { why: 'A burstable instance out of credits just before its clients timed out: its baseline, over releases.', apply: (h, i) => rankSpentCredits(h, i.conditions, i.ctx) },
  { why: "A process's open-file limit lowered under it as it began failing with EMFILE: the limit, over app releases.", apply: (h, i) => rankLoweredFdLimit(h, i.changes, i.conditions, i.base, i.ctx) },
  { why: "A node's conntrack table full soon after a release stopped reusing connections: that release.", apply: (h, i) => rankConnectionChurn(h, i.changes, i.conditions, i.base, i.ctx) },
  { why: "A workload held at its autoscaler's maximum: the change that lowered it there, however old.", apply: (h, i) => rankCeiling(h, i.changes, i.conditions, i.base, i.ctx) },
  { why: "An autoscaler swinging replicas up and down while callers fail: the change to it before the first swing, over releases.", apply: (h, i) => rankFlapping(h, i.changes, i.conditions, i.base, i.ctx) },
  { why: 'A release that set more threads than its CPU quota grants (GOMAXPROCS 64 on 2 cores): it, however old.', apply: (h, i) => rankConcurrencyStep(h, i.changes, i.base, i.ctx) },
  { why: 'A failure that names the limit it crossed: the change that set that limit, however old.', apply: (h, i) => rankNamedSetting(h, i.changes, i.base, i.ctx) },
  { why: "A cap a change set (GOMEMLIMIT) that its service's use rose to as the errors began, the service at a limit: that change, however old.", apply: (h, i) => rankReachedSetting(h, i.changes, i.conditions, i.base, i.ctx) },
  { why: 'Request bodies refused as too large since a change cut a body-size limit: that change, over the service behind it.', apply: (h, i) => rankBodyLimit(h, i.changes, i.base, i.ctx) },
  { why: "A store's evictions stepped up as a change to its eviction setting went live: that change, over its clients' releases.", apply: (h, i) => rankEvictionChange(h, i.changes, i.base, i.ctx) },
  { why: "Messages handed out again while still running, at the gap a change set as the broker's timeout.", apply: (h, i) => rankRedelivery(h, i.changes, i.base, i.ctx) },
  { why: 'More traffic crossing a limit a config change had just resized in the service that hit it.', apply: (h, i) => rankLoadCrossedLimit(h, i.changes, i.conditions, i.base, i.ctx) },
  { why: 'A backend at a resource limit right after a change raised its weight in a traffic split: that change, over the limit alone.', apply: (h, i) => rankTrafficShift(h, i.changes, i.conditions, i.base, i.ctx) },
  { why: 'The cluster DNS overwhelmed by lookups a release began to send: that release, over the DNS and its callers.', apply: (h, i) => rankDnsStorm(h, i.changes, i.conditions, i.base, i.ctx) },
  { why: 'A NAT gateway out of source ports: the change to the egress path before it, over the remote host.', apply: (h, i) => rankNatPorts(h, i.changes, i.conditions, i.base, i.ctx) },
  { why: 'Upstream resets and premature closes new just after a proxy turned keep-alive on: the proxy change.', apply: (h, i) => rankKeepaliveRace(h, i.changes, i.base, i.ctx) },
  { why: "Callers refused since the callee's pods restarted under an access policy applied before: that policy.", apply: (h, i) => rankPolicyAtRestart(h, i.changes, i.conditions, i.base, i.ctx) },
  { why: "Inodes draining since before the window: the change before the drain that the errors' words name.", apply: (h, i) => rankInodeStarter(h, i.changes, i.conditions, i.base, i.ctx) },
  { why: 'A store reading past tombstones in one table: the latest change whose statements write that table, however old.', apply: (h, i) => rankTombstoneWriter(h, i.changes, i.base, i.ctx) },
  { why: 'Memory run out after a change raised the count of worker processes, each a copy of the app: that change.', apply: (h, i) => rankWorkerMemory(h, i.changes, i.conditions, i.base, i.ctx) },
  { why: "A worker pool all busy with the kind of job a change moved into its shared queue: that change, however old.", apply: (h, i) => rankQueueRoute(h, i.changes, i.conditions, i.base, i.ctx) },
  { why: "A response its reader refuses as too large: the callee the refusal names, through its change before the first refusal.", apply: (h, i) => rankResponseSize(h, i.changes, i.base, i.ctx) },
  { why: "Clients timing out on a store whose slow log grew after a change began walking its whole keyspace (KEYS where SCAN was): that change.", apply: (h, i) => rankKeyspaceWalk(h, i.changes, i.conditions, i.base, i.ctx) },
  { why: "A client a broker reports slow from the onset on: the client's change that added a blocking call, however old.", apply: (h, i) => rankSlowConsumer(h, i.changes, i.conditions, i.base, i.ctx) },
  { why: "Certificate orders an ACME issuer refuses for its rate limit: the client's change to its certificate storage or instance count, however old.", apply: (h, i) => rankAcmeLimit(h, i.changes, i.conditions, i.base, i.ctx) },
  { why: 'Carriers the JVM reports pinned while the same service waits on its pool: the change that turned virtual threads on, however old.', apply: (h, i) => rankPinnedCarriers(h, i.changes, i.base, i.ctx) },
  { why: "A proxy failing on addresses its upstream's other clients left: the proxy's change that made it resolve the name once, up to a week old.", apply: (h, i) => rankStaleResolution(h, i.changes, i.conditions, i.base, i.ctx) },
];

/** Applied last, once every hypothesis (the localizer's and the weak timing guess too) is in. */
export const FINAL_RULES: readonly RankRule[] = [
  { why: 'A dependency its callers fail on whose own memory or CPU is at its limit: that exhaustion, over "it fails".', apply: (h, i) => rankExhaustedDependency(h, i.conditions) },
  { why: 'A dependency its callers fail on that only waits itself (its handling slowed, no pressure of its own): the store it waits on.', apply: (h, i) => rankWaitedStore(h, i.conditions) },
  { why: 'Of a blamed release, the commit that changed the runtime its version series saw switch, over one sharing words.', apply: (h, i) => rankRuntimeCommit(h, i.changes, i.conditions, i.base, i.ctx) },
  { why: 'Of a blamed release, the commit that set the wait (linger.ms 1000) its service\'s series stepped to, over a sibling.', apply: (h, i) => rankSettingDelay(h, i.changes, i.conditions, i.base, i.ctx) },
  { why: 'Of a release blamed on timing through its version-bump commit, the commit in it that changed a setting.', apply: (h, i) => rankVersionBumpSibling(h, i.changes, i.conditions, i.base, i.ctx) },
  { why: 'A limit hit while the platform refused the new pods that would relieve it: a blocked scale-up, what blocks it.', apply: (h, i) => rankRefusedPods(h, i.conditions) },
  { why: 'A resource an infrastructure apply destroyed to replace it just before the errors: the change that declares it, at that resource.', apply: (h, i) => rankDestroyedResource(h, i.changes, i.conditions, i.base, i.ctx) },
  { why: "A workload whose image pulls the registry refused for its rate limit: that limit, over the release it runs.", apply: (h, i) => rankPullLimit(h, i.conditions) },
  { why: 'A forward proxy denying one host from the onset on, passing the rest: the change writing that host just before, over its clients\' releases.', apply: (h, i) => rankProxyDenial(h, i.changes, i.conditions, i.base, i.ctx) },
  { why: "An app's first connections failing before its pod's mesh sidecar is ready: the mesh change before the first failure, over the app's releases.", apply: (h, i) => rankSidecarRace(h, i.changes, i.conditions, i.base, i.ctx) },
  { why: 'A change of the system a process is part of, which paused until its session expired and aborted: its, not its clients\'.', apply: (h, i) => rankSessionExpiry(h, i.changes, i.conditions, i.ctx) },
  { why: "A platform's process type (a Heroku dyno's `web`) is a part of the app its router serves: the app is named.", apply: (h, i) => nameApps(h, i.ctx) },
  { why: 'A canary or stable copy of a workload (`checkout-canary`) is a part of the service it copies: the service is named.', apply: (h, i) => nameTracks(h, i.ctx) },
];

export function applyRules(rules: readonly RankRule[], hypotheses: Hypothesis[], input: RankInputs): void {
  for (const rule of rules) rule.apply(hypotheses, input);
}
