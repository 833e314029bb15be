// A replicated store that changed its primary (or a node drained for a reboot) minutes before clients began to fail:
// routine maintenance whose clients stayed on the old primary, an infrastructure event no release's words explain.
import type { Analyzer, Finding } from '../analyzer.js';
import type { EvidenceBundle } from '../bundle.js';
import { cite, refs } from '../quote.js';
import { matching, SATURATION, seriesName, UPSTREAM_FAILURE } from '../signals.js';
import { quantile } from '../series.js';
import { namesStore } from './store-operation.js';

/**
 * Errors that say the peer's role changed under the client: Redis "READONLY You can't write against a read only
 * replica", "not master", MySQL "running with the --read-only option", PostgreSQL "cannot execute … in a read-only
 * transaction", MongoDB NotWritablePrimary / "not primary", "The server is currently in read only mode".
 */
export const ROLE_CHANGED =
  /\bREADONLY You can't write against a read only (?:replica|slave)\b|\bnot (?:the )?(?:master|primary|leader)\b|\bNotWritablePrimary\b|\bNotMaster(?:NoSlaveOk)?\b|--(?:super-)?read-only option\b|\bcannot execute \w+(?: \w+)? in a read-only transaction\b|\bserver is currently in read[- ]only mode\b|\bread[- ]only replica\b/i;
/**
 * Errors that say the peer is mid-switch: a promoted replica or a restarted old primary still replaying its log
 * (PostgreSQL's "the database system is in recovery mode" / "is starting up", "recovery is in progress"), the old
 * primary closing its sessions as it steps down ("terminating connection due to administrator command"), MongoDB's
 * stepdown (InterruptedDueToReplStateChange, PrimarySteppedDown, "No primary available"), a Redis replica that lost its
 * master or is still loading (MASTERDOWN, LOADING). With a failover announced, they tie the clients to it as surely as
 * a role error does: the clients need not name the store, nor its series fall (clients that reconnect keep them up).
 */
export const MID_SWITCH =
  /\bthe database system is (?:in recovery mode|starting up|shutting down|not yet accepting connections)\b|\brecovery is in progress\b|\bterminating connection due to administrator command\b|\bInterruptedDueToReplStateChange\b|\bPrimarySteppedDown\b|\bNotPrimary(?:NoSecondaryOk|OrSecondary)\b|\bnot master and slaveOk=false\b|\bno primary (?:available|found)\b|\bReplicaSetNoPrimary\b|\bMASTERDOWN\b|\bLOADING Redis is loading\b/i;
/** How long before the onset a failover may have left its clients on the old primary (and after: clocks, scrapes). */
const BEFORE_MS = 15 * 60_000;
const AFTER_MS = 2 * 60_000;
/**
 * A store's own series at a quarter of its level before the failover or less: its clients went away with the old
 * primary (scraped as a maximum over a minute or two, a dip to 0 shows as the few that reconnected).
 */
const DROPPED = 0.25;

type Announced = NonNullable<NonNullable<EvidenceBundle['flows']>['data']['announcements']>[number];

/** A failover whose clients' errors are tied to it by nothing but timing: a hypothesis, not one that overrides the rest. */
const UNTIED = 0.45;

const NODE_LINE = /\b(?:Draining|Rebooting|reboot for) node\b/i;

/**
 * The system a failover line names: a StatefulSet member's set (`redis-0.redis-headless.ns.svc.cluster.local` → redis,
 * the replicas differ only by ordinal), an internal host's first label, an identifier as it stands (`payments-db`).
 */
export function failedOverSystem(subject: string): string {
  const host = subject.replace(/:\d+$/, '').toLowerCase();
  if (/^\d+(?:\.\d+){3}$/.test(host)) return host;
  const first = host.split('.')[0]!;
  return first.replace(/-\d{1,5}$/, '') || first;
}

/** The series whose labels name the system and that fell to DROPPED of its level from before `from`, or null. */
function droppedSeries(bundle: EvidenceBundle, system: string, from: number, onset: number): { name: string; before: number; after: number; callId: string } | null {
  const found: Array<{ name: string; before: number; after: number; callId: string }> = [];
  for (const c of bundle.series) {
    for (const s of c.data) {
      // A label value naming it as a host (`redis-0:6379`), an ARN's last part (`…:db:payments-db`) or as it stands.
      if (!Object.values(s.labels).some((v) => failedOverSystem(v.replace(/:\d+$/, '').split(/[:/]/).pop() ?? v) === system)) continue;
      const before = s.points.filter(([t]) => t < from).map(([, v]) => v);
      const after = s.points.filter(([t]) => t >= from && t <= onset + AFTER_MS).map(([, v]) => v);
      if (before.length < 3 || after.length === 0) continue;
      const level = quantile(before, 0.5);
      const low = Math.min(...after);
      if (level > 0 && low <= level * DROPPED) found.push({ name: seriesName(s), before: Number(level.toPrecision(3)), after: Number(low.toPrecision(3)), callId: c.call_id });
    }
  }
  // Its clients' connections say it most directly; any other of its own series (commands, CPU) is told failing that.
  return found.find((f) => CLIENTS.test(f.name)) ?? found[0] ?? null;
}

const CLIENTS = /conn|client|session|backend/i;

/** The line that says the switch was made (Sentinel's switch-master, a failover completed, a promotion), over earlier steps. */
const SWITCHED = /switch-master|failover-end|failover (?:completed|complete|finished)|Completed (?:cross AZ )?failover|promoted|Transition(?:ing|ed)? to primary|(?:leader|primary|master) (?:changed|switched)/i;

export const failover: Analyzer = {
  name: 'failover',
  description: 'A replicated store failed over (or a node was drained for a reboot) just before its clients began to fail',
  analyze(bundle, ctx): Finding[] {
    const onset = ctx.onset;
    const flows = bundle.flows;
    if (onset === null || !flows) return [];
    const near = (flows.data.announcements ?? []).filter((a) => a.kind === 'failover' && a.time >= onset - BEFORE_MS && a.time <= onset + AFTER_MS);
    // The store's own line names what failed over; a node drained is what set it off, told but not the system named.
    // A store's own log that names no host (Patroni, mongod) speaks for the store it comes from.
    const switched = near.filter((a) => !NODE_LINE.test(a.text) && ((a.objects?.length ?? 0) > 0 || a.service));
    const first: Announced | undefined = switched[0];
    if (!first) return [];
    const system = failedOverSystem(first.objects?.[0] ?? first.service!);
    const roles = matching(ctx, (t) => ROLE_CHANGED.test(t) || MID_SWITCH.test(t));
    // Clients that could not reach or keep a connection (pool waits, refused, timed out) since the failover.
    const cut = matching(ctx, (t) => UPSTREAM_FAILURE.test(t) || SATURATION.test(t));
    const dropped = droppedSeries(bundle, system, near[0]!.time, onset);
    if (roles.weight < 0.1 && cut.weight < 0.1 && !dropped) return [];
    const nodes = near.filter((a) => NODE_LINE.test(a.text));
    // Timeouts and refusals are any outage's words: unless they name the store (or come from it), its own series fell
    // away or the clients were told they hit a replica (or one mid-switch), a failover of some store is no proof its clients are the ones
    // failing. It stays a hypothesis, below the strength at which ranking puts it over the rest.
    const named = matching(ctx, (t) => (UPSTREAM_FAILURE.test(t) || SATURATION.test(t)) && [system, ...(first.objects ?? [])].some((o) => namesStore(t, o.toLowerCase())));
    const own = cut.sigs.some((r) => r.service !== null && failedOverSystem(r.service) === system);
    const tied = roles.weight >= 0.1 || !!dropped || named.weight >= 0.1 || own;
    const confidence = tied ? Math.min(0.9, 0.55 + (roles.weight >= 0.1 ? 0.25 : cut.weight >= 0.1 ? 0.15 : 0) + (dropped ? 0.1 : 0) + (nodes.length ? 0.05 : 0)) : UNTIED;
    const top = (roles.weight >= 0.1 ? roles : cut).sigs.sort((a, b) => b.weight - a.weight)[0];
    const at = new Date(first.time).toISOString();
    const told = switched.find((a) => SWITCHED.test(a.text)) ?? first;
    const line = told.text.length > 160 ? `${told.text.slice(0, 159)}…` : told.text;
    const said = [
      nodes.length ? `${nodes[0]!.service ?? 'a node agent'} drained a node for a reboot ("${nodes[0]!.text}"), then ` : '',
      `${system} failed over from ${at} ("${line}")`,
      dropped ? `; ${dropped.name} fell from ${dropped.before} to ${dropped.after}` : '',
      top ? `; its clients fail since: "${top.sig.template}" (${top.post}×)` : '',
    ].join('');
    return [
      {
        kind: 'condition',
        condition: 'failover',
        category: 'infrastructure',
        service: system,
        analyzer: this.name,
        summary: said,
        confidence,
        evidence: refs(
          cite(bundle, flows.call_id, `${system} failed over`, [told.text]),
          ...nodes.slice(0, 1).map((n) => cite(bundle, flows.call_id, 'a node was drained for a reboot', [n.text])),
          dropped ? cite(bundle, dropped.callId, `${system}'s own series fell away`, [dropped.name]) : null,
          top && bundle.signatures ? cite(bundle, bundle.signatures.call_id, `${top.post} entries since the failover`, [top.sig.template]) : null,
        ),
        timeline: [...nodes.slice(0, 1), first].map((a) => ({ time: new Date(a.time).toISOString(), source: 'logs' as const, event: a.text.slice(0, 200) })),
        names: [system, ...(first.objects ?? [])],
        recommendation: `Point the clients of ${system} at its current primary (a Sentinel- or cluster-aware client, the failover endpoint, a socket timeout that drops dead connections) and reconnect or restart them`,
      },
    ];
  },
};
