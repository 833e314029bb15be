// Upstream dependency failure: new errors that name another host or service together with failure words
// (timeouts, refusals, 5xx, an open circuit breaker), backed by that name's latency or errors jumping in metrics.
import type { Analyzer, Finding } from '../analyzer.js';
import type { EvidenceBundle } from '../bundle.js';
import type { AnalysisContext } from '../context.js';
import { canonicalEntity, mentionedEntities, type Mention } from '../entities.js';
import { serviceAddresses, servicesAt } from '../scrape-targets.js';
import { attributeUnnamedTimeouts, furthestWait, ownOverload } from '../dependency-chain.js';
import { timeoutCallGraph } from '../localize/timeout-edges.js';
import { channelBrokers } from '../channel-brokers.js';
import { failedResolver } from '../resolver-failures.js';
import { cite, refs, type EvidenceRef } from '../quote.js';
import { podOf, serviceFromLabels } from '../../core/series-labels.js';
import { releaseAliases } from '../release-names.js';
import { meanBetween } from '../series.js';
import { BREAKER_OPEN, CONNECTIVITY, rejectsCertificate, rejectsCredentials, textOf, THROTTLED, UPSTREAM_FAILURE } from '../signals.js';

const MIN = 60_000;
/** A host name (`api.carrier.com`), not a word that happens to be a known label value. */
const HOST_NAME = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/;
/** A call that gave up waiting: the other side was slow, not refusing. */
const TIMED_OUT = /tim(e|ed)[ _-]?out|\bETIMEDOUT\b|deadline exceeded/i;

interface Blame {
  name: string;
  weight: number;
  /** How specific the strongest mention is: a host or URL beats a known word used in passing. */
  specificity: number;
  sigs: AnalysisContext['related'];
  breaker: boolean;
}

export const upstreamDependency: Analyzer = {
  name: 'upstream-dependency',
  description: 'Errors naming another host or service, its latency jumping, open circuit breakers',
  analyze(bundle, ctx): Finding[] {
    const blames = new Map<string, Blame>();
    const failing = ctx.related.filter((r) => {
      const text = textOf(r);
      // Refused certificates and credentials have their own analyzer and category; a timed-out login or handshake is ours.
      return UPSTREAM_FAILURE.test(text) && !rejectsCertificate(text) && !rejectsCredentials(text);
    });
    // An error's own service is not its dependency; the affected service is, when another service's error names it
    // (a caller timing out on it), so it counts as self only for errors whose service is unknown.
    const selfOf = (r: (typeof failing)[number]) => [r.service, ...(r.sig.services ?? []), ...(r.service ? [] : [ctx.affectedService])].filter((s): s is string => !!s);
    // Names found one way (a URL in one message) are then recognised anywhere ("breaker fraud-check open").
    // Scrape targets that went down near the onset name a system too (their job).
    const down = downTargets(bundle, ctx);
    const known = new Set([...ctx.entities, ...down.map((d) => d.job)]);
    // A client library's record names its remote in a field (`target`), often as the host:port of a scraped service.
    const addresses = serviceAddresses(bundle, ctx.services);
    const mentionsIn = (r: (typeof failing)[number]) => {
      const text = r.sig.peer ? `${textOf(r)}\n${r.sig.peer}` : textOf(r);
      const self = selfOf(r);
      // The lookup timed out at the resolver: the names it was resolving are not what failed.
      const resolver = failedResolver(text, ctx.services);
      if (resolver) return self.includes(resolver) ? [] : [{ name: resolver, how: 'host' } as Mention];
      const at = servicesAt(text, addresses).filter((s) => !self.includes(s));
      // The address's host is that service's machine, not a system of its own.
      const hosts = new Set([...addresses].filter(([, job]) => at.includes(job)).map(([inst]) => inst.split(':')[0]!));
      return [...at.map((name): Mention => ({ name, how: 'host' })), ...mentionedEntities(text, known, self).filter((m) => !hosts.has(m.name))];
    };
    // A topic or queue named in an error stands for the brokers hosting it (or for nothing when none is known).
    const channels = channelBrokers(bundle, ctx.services);
    const systemOf = (name: string) => (channels.has(name) && !ctx.services.has(name) ? channels.get(name)! : name);
    for (const r of failing) {
      for (const m of mentionsIn(r)) {
        known.add(m.name);
        known.add(canonicalEntity(m.name, ctx.services, known));
      }
    }
    for (const r of failing) {
      const text = textOf(r);
      const seen = new Set<string>();
      for (const m of mentionsIn(r)) {
        const entity = canonicalEntity(m.name, ctx.services, known);
        const name = systemOf(entity);
        if (!name || seen.has(name) || (name !== entity && selfOf(r).includes(name))) continue;
        seen.add(name);
        m.name = name;
        const b = blames.get(m.name) ?? { name: m.name, weight: 0, specificity: 0, sigs: [], breaker: false };
        b.weight += r.weight;
        b.specificity = Math.max(b.specificity, SPECIFICITY[m.how]);
        b.sigs.push(r);
        b.breaker ||= BREAKER_OPEN.test(text);
        blames.set(m.name, b);
      }
    }
    attributeUnnamedTimeouts(failing, blames);
    // Failures that name nobody, while a metric labelled with a peer jumps at the onset: that peer.
    if (blames.size === 0 && failing.length > 0) {
      const peer = peerFromMetrics(bundle, ctx) ?? down[0]?.job ?? null;
      if (peer) blames.set(peer, { name: peer, specificity: 0, weight: failing.reduce((a, r) => a + r.weight, 0) * 0.8, sigs: failing, breaker: failing.some((r) => BREAKER_OPEN.test(textOf(r))) });
    }
    // Failures that name no remote system (a proxy timing out on a local socket, a pool with no free worker) wait on
    // something: when the services' own calls time out on exactly one host they name, that is where the wait ends.
    const sole = blames.size === 1 ? [...blames.values()][0]! : null;
    if (sole && HOST_NAME.test(sole.name) && sole.sigs.some((r) => TIMED_OUT.test(textOf(r)))) {
      const unnamed = failing.filter((r) => !sole.sigs.includes(r)).reduce((a, r) => a + r.weight, 0);
      sole.weight += 0.8 * unnamed;
    }
    // A named dependency that itself times out on another named one relays that one's slowness: the wait ends there.
    const ranked = furthestWait([...blames.values()].sort((a, b) => b.weight - a.weight || b.specificity - a.specificity), timeoutCallGraph(bundle, ctx.services));
    const top = ranked[0];
    if (!top || top.weight < 0.15) return [];
    const metric = metricSupport(bundle, ctx, top.name) ?? down.find((d) => d.job === top.name) ?? null;
    const confidence = Math.min(0.95, 0.35 + 0.4 * Math.min(1, top.weight * 1.25) + (metric ? 0.15 : 0) + (top.breaker ? 0.05 : 0));
    const service = top.name;
    // Mostly failures to resolve or reach it: what words a commit shares with them says nothing.
    const connWeight = top.sigs.filter((r) => CONNECTIVITY.test(textOf(r))).reduce((a, r) => a + r.weight, 0);
    // The dependency's own log says it is overloaded or its disk is slow: it is starved, not failing of itself.
    const starved = ownOverload(ctx, service);
    const sigEv: EvidenceRef[] = bundle.signatures
      ? refs(
          ...top.sigs.slice(0, 3).map((r) => cite(bundle, bundle.signatures!.call_id, `${r.service ?? 'the service'} fails calling ${service}: ${r.post} entries`, [r.sig.example.split('\n')[0] ?? '', r.sig.template])),
          ...starved.slice(0, 2).map((r) => cite(bundle, bundle.signatures!.call_id, `${service}'s own log: ${r.post} entries`, [r.sig.example.split('\n')[0] ?? '', r.sig.template])),
        )
      : [];
    // The remote answers that it is sent too much (SlowDown, Too Many Requests): a limit on the caller, not its outage.
    const throttled = top.sigs.filter((r) => THROTTLED.test(textOf(r)));
    if (!starved.length && throttled.reduce((a, r) => a + r.weight, 0) >= top.weight * 0.5) {
      return [throttledBy(service, ctx.affectedService ?? throttled[0]!.service ?? null, confidence, sigEv, metric)];
    }
    // Callers failing on the very service the incident is about (a router timing out on the app's dynos, a cart
    // waiting on the inventory whose 503s were reported) say that service fails: it is named, but as what its callers
    // wait on, never as a dependency of itself.
    const self = service === ctx.affectedService;
    const callers = [...new Set(top.sigs.map((r) => r.service).filter((s): s is string => !!s && s !== service))];
    const subject = self ? `${callers.slice(0, 3).join(', ') || 'its callers'} fail${callers.length === 1 ? 's' : ''} calling ${service}` : `${ctx.affectedService ?? 'the service'} fails`;
    const own = starved.length ? `; its own log says "${starved.slice(0, 2).map((r) => r.sig.template).join('", "')}" since the onset` : '';
    return [
      {
        kind: 'condition',
        condition: 'dependency',
        category: starved.length ? 'resource_exhaustion' : 'dependency_failure',
        service,
        analyzer: this.name,
        summary: `${subject} because ${self ? '' : 'its dependency '}${service} is ${starved.length ? 'starved' : 'failing'} (${top.sigs.length} error signature${top.sigs.length > 1 ? 's' : ''} name it${top.breaker ? ', circuit breaker open' : ''}${metric ? `; ${metric.text}` : ''})${own}`,
        confidence,
        evidence: [...sigEv, ...(metric ? refs(metric.ev) : [])],
        timeline: metric ? [{ time: new Date(metric.time).toISOString(), source: 'metrics', event: metric.text }] : [],
        names: ranked.filter((b) => b.weight >= top.weight * 0.5).map((b) => b.name),
        connectivity: connWeight >= top.weight * 0.5,
        recommendation: starved.length
          ? `Find what starves ${service} (its disk, CPU or host: a neighbour such as a backup or batch job on the same machine) and move it away; keep callers failing fast until it recovers`
          : `Check ${service}'s health and its owners' status page; keep callers failing fast (circuit breaker, shorter timeouts) and degrade gracefully until it recovers`,
      },
    ];
  },
};

/**
 * The caller throttled by a remote system: what it sends (its rate, or how its requests spread over the remote's
 * partitions: keys, prefixes, batches, concurrency) exceeds what the remote accepts, so a change of the caller's is the
 * suspect before the remote (src/rca/throttle-rank.ts). The caller is the service named.
 */
function throttledBy(remote: string, caller: string | null, confidence: number, ev: EvidenceRef[], metric: { text: string; ev: EvidenceRef | null; time: number } | null): Finding {
  return {
    kind: 'condition',
    condition: 'throttled',
    category: 'resource_exhaustion',
    service: caller,
    analyzer: 'upstream-dependency',
    summary: `${caller ?? 'the service'} is throttled by ${remote}: it answers that it is sent too much (a limit on the caller's request rate or pattern, not an outage of ${remote})${metric ? `; ${metric.text}` : ''}`,
    confidence,
    evidence: [...ev, ...(metric ? refs(metric.ev) : [])],
    timeline: metric ? [{ time: new Date(metric.time).toISOString(), source: 'metrics', event: metric.text }] : [],
    names: [remote],
    recommendation: `Lower or spread ${caller ?? 'the caller'}'s requests to ${remote} (back off with jitter, spread keys or prefixes, smaller concurrency) and look at what changed how it calls ${remote}; ask for a higher limit only if the load is legitimate`,
  };
}

/**
 * Scrape targets whose `up` fell to 0 near the onset, by the service their labels name (the pod's or app's before the
 * job: `kubernetes-pods` is the discovery role that found the target, not the system that went down), with the evidence.
 */
function downTargets(bundle: EvidenceBundle, ctx: AnalysisContext): Array<{ job: string; text: string; ev: EvidenceRef | null; time: number }> {
  const out: Array<{ job: string; text: string; ev: EvidenceRef | null; time: number }> = [];
  const apps = releaseAliases(bundle);
  for (const c of bundle.series) {
    for (const s of c.data) {
      const job = s.labels.job;
      const named = s.metric === 'up' ? serviceFromLabels(s.labels)?.toLowerCase() : undefined;
      const target = named ? (apps.get(named) ?? named) : undefined;
      if (!target || !job || out.some((d) => d.job === target)) continue;
      const fall = s.points.findIndex(([, v], i) => v === 0 && i > 0 && s.points[i - 1]![1] > 0);
      if (fall < 0) continue;
      const t = s.points[fall]![0];
      if (ctx.onset !== null && Math.abs(t - ctx.onset) > 20 * MIN) continue;
      const pod = podOf(s.labels);
      const text = `up{job="${job}"${pod ? `,pod="${pod}"` : ''}${s.labels.instance ? `,instance="${s.labels.instance}"` : ''}} fell to 0 at ${new Date(t).toISOString()}`;
      out.push({ job: target, text, ev: cite(bundle, c.call_id, text, [job, s.metric]), time: t });
    }
  }
  return out.sort((a, b) => a.time - b.time);
}

const SPECIFICITY = { url: 3, host: 3, named: 2, known: 1 } as const;

const PEER_LABEL = /^(upstream|target|peer|backend|destination|dependency|remote|remote_service|downstream|server_name|peer_service)$/i;

/** The label value of a peer-labelled series that rose near the onset. */
function peerFromMetrics(bundle: EvidenceBundle, ctx: AnalysisContext): string | null {
  for (const a of [...(bundle.anomalies?.data ?? [])].sort((x, y) => y.score - x.score)) {
    const peer = Object.entries(a.labels).find(([k]) => PEER_LABEL.test(k))?.[1];
    if (!peer || a.direction !== 'up') continue;
    if (ctx.onset !== null && Math.abs(Date.parse(a.time) - ctx.onset) > 20 * MIN) continue;
    return peer.toLowerCase();
  }
  return null;
}

/** A series labelled with the entity that rose after the onset (latency, errors). */
function metricSupport(bundle: EvidenceBundle, ctx: AnalysisContext, name: string): { text: string; ev: EvidenceRef | null; time: number } | null {
  const hit = (labels: Record<string, string>) => Object.values(labels).some((v) => v.toLowerCase() === name || v.toLowerCase().split('.')[0] === name.split('.')[0]);
  for (const a of bundle.anomalies?.data ?? []) {
    if (!hit(a.labels) || a.direction !== 'up') continue;
    const t = Date.parse(a.time);
    if (ctx.onset !== null && Math.abs(t - ctx.onset) > 20 * MIN) continue;
    const text = `${a.series || a.metric} rose from ${round(a.before)} to ${round(a.after)}`;
    return { text, ev: bundle.anomalies ? cite(bundle, bundle.anomalies.call_id, text, [a.series, a.metric]) : null, time: t };
  }
  if (ctx.onset === null) return null;
  for (const c of bundle.series) {
    for (const s of c.data) {
      if (!hit(s.labels)) continue;
      const before = meanBetween(s.points, ctx.from, ctx.onset - 2 * MIN);
      const after = meanBetween(s.points, ctx.onset, ctx.to + 1);
      if (before === null || after === null || !(after > before * 2 && after - before > 0)) continue;
      const text = `${s.metric}{${Object.entries(s.labels).map(([k, v]) => `${k}="${v}"`).join(',')}} rose from ${round(before)} to ${round(after)} on average`;
      return { text, ev: cite(bundle, c.call_id, text, [s.metric]), time: ctx.onset };
    }
  }
  return null;
}

function round(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3);
}
