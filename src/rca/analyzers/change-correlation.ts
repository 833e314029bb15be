// Change correlation: releases and commits that went live before the onset, scored by time and by
// how much their message, paths and diff share with the new errors; releases after the onset are ruled out.
import type { Analyzer, Finding } from '../analyzer.js';
import { changeCandidates, type ChangeCandidate } from '../../core/sources/git-candidates.js';
import type { AnalysisContext } from '../context.js';
import { canonicalEntity, mentionedEntities } from '../entities.js';
import { cite, refs } from '../quote.js';
import { changedSettings, changedSettingsByFile, newSettingsByFile, changeProfile, idfOver, incidentProfile, isConfig, isNonRuntime, scoreRelevance } from '../relevance.js';
import { signatureText } from '../signature-words.js';
import { stemsOf } from '../tokens.js';
import type { EvidenceBundle } from '../bundle.js';
import { setsReplicaCeiling, topDirectory } from '../change-settings.js';
import { confirmedRuntime } from '../runtime-upgrade.js';
import { concurrencyStep, describeStep, SETTING_WORDS } from '../concurrency-step.js';
import { onlyMessageWording } from '../message-wording.js';
import { syncedCandidates, type SyncedCandidate } from '../synced-commits.js';
import { releaseRestart } from '../release-restart.js';
import { startsReusingConnections, stopsReusingConnections } from '../connection-reuse.js';
import { setsInboundPolicy } from '../inbound-policy.js';
import { turnsVirtualThreadsOn } from '../virtual-threads.js';
import { addedBlockingCall } from '../blocking-calls.js';
import { meshScope, meshStartupLine } from '../mesh-startup.js';
import { keyspaceWalk } from '../keyspace-scans.js';
import { touchesIssuance } from '../acme-orders.js';
import { writtenTables } from '../table-writes.js';
import { raisedWorkerCount } from '../worker-count.js';
import { routedQueue } from '../queue-route.js';
import { setsRedeliveryPeriod } from '../redelivery-period.js';
import { startedLookups } from '../dns-lookups.js';
import { describeEvictions, evictionStep } from '../eviction-step.js';
import { describeSettingStep, settingSeriesStep } from '../setting-series.js';
import { weightShifts } from '../traffic-shift.js';
import { wordOnlyTie } from '../word-tie.js';
import { dataCallGraph } from '../localize/call-edges.js';
import { writtenDomains } from './proxy-denials.js';
import { olderPinningChanges, pinsResolution } from '../resolve-once.js';

const MIN = 60_000;
/** How far before the onset a release still counts as a suspect. */
const LOOKBACK = 24 * 60 * MIN;
/** A release this long after the first error could not have caused it (clock skew allowance). */
const AFTER_SLACK = 2 * MIN;
/** The time scale of suspicion: a release 90 minutes before the onset keeps e^-1 of the timing score. */
const TAU = 90 * MIN;
/** What keeps memory alive or writes more to disk, in changed lines (generic programming vocabulary). */
const MEMORY_WORDS = /cache|memo|buffer|preload|retain|accumulat|leak|setdefault|in[-_ ]?memory|keep[-_ ]?alive|global|lru|maxsize|max_size/gi;
const SECURITY_WORDS = /\b(ca|cert|certs|certificate|pem|crt|tls|ssl|trust|truststore|keystore|api[_-]?key|token|secret|credential|credentials|password|passwd|auth)\b|_(token|secret|key|password)\b|(token|secret|password|credential)[_-]/i;
const SECURITY_PATHS = /(^|\/)(certs?|ssl|tls|pki|secrets?)\/|\.(pem|crt|key|p12|jks)$/i;
const DISK_WORDS = /debug|verbose|trace|log[-_ ]?level|retention|rotat|dump|spool|archive|keep[-_ ]?files|max[-_ ]?files|tmp|temp/gi;
// What acquires something that must be given back: a transaction, a connection, a file, a lock, a thread.
const HOLD_WORDS = /transaction|begin|acquire|connect|getconnection|checkout|open\(|fopen|lock|synchronized|mutex|semaphore|spawn|thread|goroutine|subscribe/gi;
// What decides what a cache holds and for how long: a change to it changes how much fits.
const CACHE_WORDS = /cach|memo|ttl|expir|evict|lru|max[-_ ]?size|max[-_ ]?items/gi;
// What decides when and how wide a scheduled job runs: a change to it changes how many runs overlap.
const RUN_WORDS = /schedule|cron|concurrency|parallelism|workers|completions|deadline/gi;
const RETAIN_WORDS = { memory: MEMORY_WORDS, disk: DISK_WORDS, usage: HOLD_WORDS, cache: CACHE_WORDS, runs: RUN_WORDS } as const;

export const changeCorrelation: Analyzer = {
  name: 'change-correlation',
  description: 'Releases and commits before the onset, scored by time and by overlap with the new errors',
  analyze(bundle: EvidenceBundle, ctx: AnalysisContext): Finding[] {
    if (ctx.onset === null) return [];
    const onset = ctx.onset;
    const findings: Finding[] = [];
    const own = new Set([...ctx.services, ...(ctx.affectedService ? [ctx.affectedService] : [])]);
    const exclude = stemsOf(own);
    const relatedText = ctx.related.map((r) => signatureText(r.sig)).join('\n');
    // What each error names other than where it was logged: another of our own services counts (a caller refused by
    // it, a change to its manifest), the one writing the error does not.
    const upstream = [
      ...new Set(
        ctx.related.flatMap((r) =>
          mentionedEntities(signatureText(r.sig), ctx.entities, [r.service, ...(r.sig.services ?? []), ctx.affectedService].filter((x): x is string => !!x)).flatMap((m) => [
            m.name,
            canonicalEntity(m.name, ctx.services, ctx.entities),
          ]),
        ),
      ),
    ];
    const incident = incidentProfile(ctx.related, exclude);

    // A commit no release shipped is live from when a control plane logged applying it (GitOps, a mesh's push).
    const synced = syncedCandidates(bundle, onset - LOOKBACK, onset + AFTER_SLACK);
    const candidates: Array<ChangeCandidate | SyncedCandidate> = [
      ...synced,
      ...changeCandidates(bundle, onset - LOOKBACK, onset + AFTER_SLACK).filter((c) => !synced.some((s) => s.commit.sha === c.commit.sha)),
    ];
    const diffs = new Map(bundle.diffs.map((d) => [d.data.sha, d]));
    const profiles = candidates.map((c) =>
      changeProfile(c.commit, diffs.get(c.commit.sha)?.data ?? null, exclude, stemsOf(upstream)),
    );
    const idf = idfOver(profiles);
    const calls = dataCallGraph(bundle);

    candidates.forEach((c, i) => {
      const diff = diffs.get(c.commit.sha) ?? null;
      const paths = (diff?.data.files ?? c.commit.files).map((f) => f.path);
      const inert =
        paths.length > 0 && paths.every(isNonRuntime)
          ? `its diff touches only ${paths.join(', ')}`
          : diff && onlyComments(diff.data.diff)
            ? 'its diff changes only comments'
            : diff && onlyLogLevels(diff.data.diff)
              ? 'its diff changes only the level of log statements (what is logged, not what fails)'
              : diff && onlyMessageWording(diff.data.diff)
                ? 'its diff only rewords error or log messages (what they say, not when they occur)'
                : null;
      const nonRuntime = inert !== null;
      const score = scoreRelevance(incident, profiles[i]!, idf);
      const relevance = nonRuntime ? score.relevance * 0.1 : score.relevance;
      const gap = Math.max(0, onset - c.liveAt);
      const timing = Math.exp(-gap / TAU);
      const settings = diff ? changedSettings(diff.data.diff) : [];
      const hints = settings.map((s) => `${s.key} changed from ${s.from} to ${s.to}`);
      const byFile = diff ? changedSettingsByFile(diff.data.diff, paths) : [];
      // A replicas ceiling it set is quoted from its own line: such a change may be named long after it went live.
      const ceilings = byFile.filter(setsReplicaCeiling);
      const valueHits = settings
        .map((s) => s.to)
        .filter((v) => /^\d{2,}$/.test(v) && new RegExp(`(^|[^\\d.])${v}($|[^\\d])`).test(relatedText));
      // Messages handed out again at the gap this change set as the broker's redelivery timeout: it chose that gap.
      const redelivery = bundle.flows?.data.redelivery;
      const redelivers = redelivery && diff ? (setsRedeliveryPeriod(diff.data.diff, redelivery.period_ms)[0] ?? null) : null;
      const growthTiming = ctx.growth && c.liveAt <= ctx.growth.start + 5 * 60_000 ? Math.exp(-Math.abs(ctx.growth.start - c.liveAt) / (20 * 60_000)) : 0;
      const changedLines = diff ? diff.data.diff.split('\n').filter((l) => /^[+-](?![+-])/.test(l)).join('\n').toLowerCase() : '';
      const mentions = upstream.filter((u) => u.length >= 3 && changedLines.includes(u.toLowerCase()));
      const tie = nonRuntime ? null : wordOnlyTie({ ref: c.ref, paths, matched: score.matched, pathMatch: score.pathMatch, mentions, related: ctx.related, calls });
      const configOnly = paths.length > 0 && paths.filter((p) => !isNonRuntime(p)).every(isConfig);
      const where = c.ref
        ? `${c.ref} (deployed ${minutes(gap)} before the onset)`
        : 'syncedBy' in c
          ? `no release (applied ${minutes(gap)} before the onset: "${c.syncedBy}")`
          : `committed ${minutes(gap)} before the onset`;
      const detail =
        `${short(c.commit.sha)} "${c.commit.message}" in ${where}` +
        (score.pathMatch ? `; the errors' stack names ${score.pathMatch}` : '') +
        (score.matched.length ? `; shares ${score.matched.slice(0, 6).join(', ')} with the new errors` : '');
      // The lookups this release's new host sent the cluster's DNS, when its query log shows them begin as it went live.
      const lookups = diff && bundle.flows ? startedLookups(bundle.flows.data, diff.data.diff, c.liveAt) : null;
      // Its release stepped a concurrency setting past the CPU limit (GOMAXPROCS 2 → 64 on a 2-core quota).
      const step = c.ref ? concurrencyStep(bundle, c.ref, topDirectory(paths), c.liveAt) : null;
      // It changed what a store evicts, and the store's evictions stepped up as it went live.
      const evicts = diff ? evictionStep(bundle, diff.data.diff, c.liveAt) : null;
      // A setting it changed moved in a system's own series of that setting after it went live: it took effect there.
      const setIn = diff ? settingSeriesStep(bundle, diff.data.diff, c.liveAt, ctx.services) : null;
      // What its diff writes, raises and shifts: each read once, kept only when it found something.
      const writes = diff ? writtenTables(diff.data.diff) : [];
      const domains = writtenDomains(changedLines);
      const workers = diff ? raisedWorkerCount(diff.data.diff) : null;
      const routes = diff ? routedQueue(diff.data.diff) : null;
      const shifts = diff ? weightShifts(diff.data.diff) : [];
      const blocks = diff ? addedBlockingCall(diff.data.diff) : null;
      const mesh = diff ? meshStartupLine(diff.data.diff) : null;
      const walks = diff ? keyspaceWalk(bundle, diff.data.diff, c.liveAt) : null;
      const issuance = diff ? touchesIssuance(diff.data.diff) : null;
      const ev = refs(
        step ? cite(bundle, step.call, describeStep(step), [step.metric]) : null,
        evicts ? cite(bundle, evicts.call, describeEvictions(evicts), [evicts.metric]) : null,
        setIn ? cite(bundle, setIn.call, describeSettingStep(setIn), [setIn.series.split('{')[0]!]) : null,
        diff ? cite(bundle, diff.call_id, detail, [...diffQuotes(diff.data.diff, score.matched), c.commit.message]) : null,
        ...ceilings.slice(0, 2).map((s) => cite(bundle, diff!.call_id, `${short(c.commit.sha)} set ${s.key} from ${s.from} to ${s.to}${s.path ? ` in ${s.path}` : ''}`, [s.line])),
        citeRelease(bundle, c, c.ref ? `${c.ref} shipped ${short(c.commit.sha)} at ${new Date(c.liveAt).toISOString()}` : `committed at ${c.commit.time}`),
        'syncedBy' in c && bundle.flows ? cite(bundle, bundle.flows.call_id, `applied at ${new Date(c.liveAt).toISOString()}`, [c.syncedBy]) : null,
        lookups && bundle.flows
          ? cite(bundle, bundle.flows.call_id, `the DNS server first asked for ${lookups.host} at ${new Date(lookups.start).toISOString()}: ${lookups.queries} queries from then on`, [lookups.host])
          : null,
        redelivers && redelivery && bundle.flows
          ? cite(bundle, bundle.flows.call_id, `${redelivery.count} messages received again while still running, typically ${minutes(redelivery.period_ms)} after the first receipt`, [redelivery.example])
          : null,
      );
      findings.push({
        kind: 'change',
        analyzer: this.name,
        summary: `${short(c.commit.sha)} "${c.commit.message}" ${c.ref ? `(${c.ref})` : ''}`.trim(),
        confidence: relevance * (0.5 + 0.5 * timing),
        evidence: ev,
        timeline: [],
        change: {
          sha: c.commit.sha,
          ref: c.ref,
          message: c.commit.message,
          author: c.commit.email ? `${c.commit.author} <${c.commit.email}>` : c.commit.author,
          time: new Date(c.liveAt).toISOString(),
        },
        relevance,
        timing,
        matched: score.pathMatch ? [score.pathMatch, ...score.matched] : score.matched,
        paths,
        mentions,
        valueHits,
        growthTiming,
        security: SECURITY_WORDS.test(changedLines) || paths.some((p) => SECURITY_PATHS.test(p)),
        retention: ctx.growth ? [...new Set(changedLines.match(RETAIN_WORDS[ctx.growth.kind]) ?? [])] : [],
        configOnly,
        inert,
        hints,
        settings: byFile,
        ...(diff ? { added: newSettingsByFile(diff.data.diff, paths) } : {}),
        ...(redelivers && redelivery ? { redelivers: { ...redelivers, period_ms: redelivery.period_ms, count: redelivery.count, service: redelivery.service } } : {}),
        restarted: releaseRestart(bundle, c.ref, c.liveAt),
        ...(step ? { concurrency: { service: step.service, step: describeStep(step), names: SETTING_WORDS.test(c.commit.message) || SETTING_WORDS.test(changedLines) } } : {}),
        runtime: confirmedRuntime(bundle, diff?.data.diff, c.ref, topDirectory(paths), c.liveAt),
        ...(diff && stopsReusingConnections(diff.data.diff) ? { churn: true } : {}),
        ...(lookups ? { lookups } : {}),
        ...('actsOn' in c && c.actsOn ? { actsOn: c.actsOn } : {}),
        ...(diff && startsReusingConnections(diff.data.diff) ? { reuse: true } : {}),
        ...(diff && setsInboundPolicy(diff.data.diff) ? { admits: true } : {}),
        ...(diff && turnsVirtualThreadsOn(diff.data.diff) ? { virtualThreads: true } : {}),
        ...(diff && pinsResolution(diff.data.diff) ? { pinsResolution: pinsResolution(diff.data.diff)! } : {}),
        ...(domains.length > 0 ? { domains } : {}),
        ...(blocks ? { blocks } : {}),
        ...(issuance ? { issuance } : {}),
        ...(mesh ? { mesh: { line: mesh, scope: meshScope(diff!.data.diff) } } : {}),
        ...(walks ? { walksKeyspace: walks } : {}),
        ...(writes.length > 0 ? { writes } : {}),
        ...(workers ? { workers } : {}),
        ...(routes ? { routes } : {}),
        ...(evicts ? { evicts } : {}),
        ...(setIn ? { setIn } : {}),
        ...(shifts.length > 0 ? { shifts } : {}),
        ...(tie ? { wordOnly: tie } : {}),
      });
    });

    // A proxy's pinned resolution bites when its upstream's addresses move, days later: read past the look-back.
    findings.push(...olderPinningChanges(bundle, onset, onset - LOOKBACK));

    // Releases shortly after the first errors: named so nobody rolls back the wrong thing.
    for (const d of bundle.deployments?.data ?? []) {
      const t = Date.parse(d.time);
      if (t <= onset + AFTER_SLACK || t > ctx.to) continue;
      findings.push({
        kind: 'ruled_out',
        analyzer: this.name,
        summary: `${d.tag} came after the onset`,
        confidence: 0.9,
        evidence: refs(bundle.deployments ? cite(bundle, bundle.deployments.call_id, `${d.tag} deployed at ${d.time}`, [d.time]) : null),
        timeline: [],
        what: `release ${d.tag}`,
        reason: `errors began ${minutes(t - onset)} before ${d.tag} was deployed`,
      });
    }
    return findings;
  },
};

function citeRelease(bundle: EvidenceBundle, c: ChangeCandidate, detail: string) {
  const src = c.ref ? bundle.deployments : bundle.commits;
  return src ? cite(bundle, src.call_id, detail, [c.commit.message, c.commit.sha]) : null;
}

/** True when every changed line is blank or a comment: such a change cannot alter behaviour. */
export function onlyComments(diff: string): boolean {
  const changed = diff.split('\n').filter((l) => /^[+-](?![+-])/.test(l)).map((l) => l.slice(1).trim());
  return changed.length > 0 && changed.every((l) => l === '' || /^(\/\/|#(?!include|define|if|!)|\/\*|\*|--|<!--|;)/.test(l));
}

const LEVEL_WORD = /\b(trace|debug|info|information|notice|warn|warning|error|err|fatal|critical|crit)\b/gi;
// The level as a logging call (`log.Debug()`, `logger.warn(`), not a logging setting (`level: DEBUG`, which changes
// how much is written: a disk filling up).
const LEVEL_CALL = new RegExp(`${LEVEL_WORD.source}\\s*\\(`, 'i');

/**
 * True when every removed line has an added twin that differs only in the level of a logging call (`log.Debug()` ->
 * `log.Warn()`, `logger.info(` -> `logger.error(`): such a change makes a message visible at another level, it breaks
 * nothing, and the words it shares with the errors are those of the message it made visible.
 */
export function onlyLogLevels(diff: string): boolean {
  const changed = diff.split('\n').filter((l) => /^[+-](?![+-])/.test(l) && l.slice(1).trim() !== '');
  const removed = changed.filter((l) => l[0] === '-').map((l) => l.slice(1).trim());
  const added = changed.filter((l) => l[0] === '+').map((l) => l.slice(1).trim());
  if (removed.length === 0 || removed.length !== added.length) return false;
  const shape = (l: string) => l.replace(LEVEL_WORD, '<level>');
  return removed.every((r, i) => r !== added[i] && shape(r) === shape(added[i]!) && LEVEL_CALL.test(r) && LEVEL_CALL.test(added[i]!));
}

/** Changed diff lines that hold a matched word: the most telling quote from a diff. */
function diffQuotes(diff: string, matched: string[]): string[] {
  const lines = diff.split('\n').filter((l) => /^[+-](?![+-])/.test(l) && l.trim().length > 2);
  const scored = lines
    .map((l) => ({ l, n: matched.filter((m) => l.toLowerCase().includes(m)).length }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n);
  return scored.slice(0, 2).map((x) => x.l.trim());
}

export function minutes(ms: number): string {
  const m = Math.round(ms / MIN);
  if (m < 120) return `${m} minute${m === 1 ? '' : 's'}`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h} hours` : `${Math.round(h / 24)} days`;
}

function short(sha: string): string {
  return sha.slice(0, 8);
}
