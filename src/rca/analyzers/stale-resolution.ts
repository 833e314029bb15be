// A proxy that resolved its upstream's name once keeps connecting to the old addresses after the name moved: its
// connects there fail while another client of the same upstream moved to new addresses and is answered. Read by stale-resolution-rank.ts.
import type { RequestFlows } from '../../core/sources/request-flows.js';
import type { Analyzer, Finding } from '../analyzer.js';
import { cite, refs } from '../quote.js';

/**
 * How real systems behave: nginx resolves a `proxy_pass` host or an `upstream` block's servers once, at start or reload
 * (only a variable with a `resolver` re-resolves per request); HAProxy without `resolvers`, Envoy's STATIC clusters and
 * Java's InetAddress cache with an infinite TTL do the same. A cloud load balancer (AWS ALB/NLB, GCP ILB) moves its
 * addresses as it scales or replaces nodes, so the pinned proxy times out on addresses nobody listens at any more, while
 * clients that resolve per request (most HTTP client libraries honour the DNS TTL) follow the name to its new addresses.
 *
 * Least failed connects of the proxy after the onset, and least answered connects of the client that moved.
 */
const MIN_FAILED = 20;
const MIN_MOVED = 20;
/** Of the proxy's connects to the old addresses after the onset, at most this share answered (they are gone). */
const STILL_ANSWERED = 0.05;
/** Of the moved client's answered connects after the onset, at most this share still on the old addresses. */
const LEFT_BEHIND = 0.05;

type Peer = NonNullable<RequestFlows['peers']>[number];

interface Tally {
  service: string;
  address: string;
  okBefore: number;
  okAfter: number;
  failedAfter: number;
}

const sum = (xs: number[], keep: (i: number) => boolean) => xs.reduce((a, v, i) => (keep(i) ? a + v : a), 0);

function tallies(peers: Peer[], minutes: number[], onset: number): Tally[] {
  const before = (i: number) => minutes[i]! < Math.floor(onset / 60_000) * 60_000;
  const after = (i: number) => !before(i);
  return peers.flatMap((p) => (p.service ? [{ service: p.service, address: p.address, okBefore: sum(p.ok, before), okAfter: sum(p.ok, after), failedAfter: sum(p.failed, after) }] : []));
}

export interface StaleResolution {
  proxy: string;
  /** The addresses the proxy still connects to, which the upstream answered on before the onset and fail since. */
  old: string[];
  /** The client that moved, and the addresses it is answered on since. */
  client: string;
  moved: string[];
  failed: number;
  answered: number;
}

/**
 * A proxy's failing connects after the onset all go to addresses it was answered on before (`old`), while another
 * service that was answered on those same addresses before is answered since only on others (`moved`). Not when any
 * other service is still answered on the old addresses (the upstream is up there: the proxy's own network, not DNS),
 * nor when no client moved (the upstream is down for everyone: connect timeouts alone are any outage).
 */
export function staleResolution(flows: Pick<RequestFlows, 'peers' | 'statementMinutes'>, onset: number): StaleResolution[] {
  const minutes = flows.statementMinutes ?? [];
  if (!flows.peers?.length || minutes.length === 0) return [];
  const all = tallies(flows.peers, minutes, onset);
  const services = [...new Set(all.map((t) => t.service))];
  const found: StaleResolution[] = [];
  for (const proxy of services) {
    const own = all.filter((t) => t.service === proxy);
    // The addresses the upstream answered on before the onset, to this proxy or to any other client of it.
    const old = own.filter((t) => t.failedAfter > 0 && all.some((o) => o.address === t.address && o.okBefore > 0));
    const failed = old.reduce((a, t) => a + t.failedAfter, 0);
    if (failed < MIN_FAILED || old.reduce((a, t) => a + t.okAfter, 0) > STILL_ANSWERED * failed) continue;
    // Failures to addresses it never reached before are another matter (a new upstream): the proxy's failures are these.
    if (own.reduce((a, t) => a + t.failedAfter, 0) > 2 * failed) continue;
    const oldSet = new Set(old.map((t) => t.address));
    const others = all.filter((t) => t.service !== proxy);
    const stillThere = others.filter((t) => oldSet.has(t.address)).reduce((a, t) => a + t.okAfter, 0);
    for (const client of new Set(others.filter((t) => oldSet.has(t.address) && t.okBefore > 0).map((t) => t.service))) {
      const mine = others.filter((t) => t.service === client);
      const moved = mine.filter((t) => !oldSet.has(t.address) && t.okBefore === 0 && t.okAfter > 0);
      const answered = moved.reduce((a, t) => a + t.okAfter, 0);
      const total = mine.reduce((a, t) => a + t.okAfter, 0);
      if (answered < MIN_MOVED || stillThere > LEFT_BEHIND * total) continue;
      found.push({ proxy, old: [...oldSet].sort(), client, moved: moved.map((t) => t.address).sort(), failed, answered });
      break;
    }
  }
  // A proxy's access log and its error log may be two services by their files' names: each is told, most failures first.
  return found.sort((a, b) => b.failed - a.failed || b.answered - a.answered || a.proxy.localeCompare(b.proxy));
}

export const staleResolutionAnalyzer: Analyzer = {
  name: 'stale-resolution',
  description: "A proxy keeps connecting to its upstream's old addresses while another client reaches the upstream on new ones",
  analyze(bundle, ctx): Finding[] {
    const flows = bundle.flows;
    if (ctx.onset === null || !flows) return [];
    return staleResolution(flows.data, ctx.onset).map((s, i) => {
      const said = `${s.proxy}'s connects fail since the onset (${s.failed}), all to ${s.old.join(', ')}, addresses the upstream answered on before, while ${s.client} is answered on ${s.moved.join(', ')} (${s.answered}) and no longer on those: the upstream's name moved to new addresses and ${s.proxy} still uses the ones it resolved before`;
      return {
        kind: 'condition' as const,
        condition: 'stale_resolution' as const,
        category: 'config_error' as const,
        service: s.proxy,
        analyzer: this.name,
        summary: said,
        confidence: i === 0 ? 0.6 : 0.55,
        evidence: refs(cite(bundle, flows.call_id, `${s.proxy} fails on ${s.old.join(', ')}; ${s.client} moved to ${s.moved.join(', ')}`, [...s.old, ...s.moved])),
        timeline: [],
        names: [s.proxy, ...s.old],
        recommendation: `Make ${s.proxy} resolve its upstream's name again as the records change (nginx: a \`resolver\` with a short \`valid=\` and the host in a variable, or \`server … resolve\`; HAProxy: \`resolvers\`), then reload it to pick up the current addresses now`,
      };
    });
  },
};
