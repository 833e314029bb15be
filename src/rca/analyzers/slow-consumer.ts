// A broker naming a client as a slow consumer from the onset on (NATS, Redis, Mosquitto, Kafka's coordinator): the
// client does not take what it is sent, so its work lags and its view goes stale; the client, not the broker, is at fault.
import type { Analyzer, Finding } from '../analyzer.js';
import type { AnalysisContext } from '../context.js';
import type { EvidenceBundle } from '../bundle.js';
import { cite, refs } from '../quote.js';
import { serviceAlias } from '../change-owner.js';
import { normalizeService } from '../service-names.js';

const MIN = 60_000;
/**
 * How long before the onset the first report may come: the broker cuts the client off when it lags, the client
 * reconnects and misses updates, and what fails on stale data comes a little later. Earlier than this it is chronic.
 */
const LEAD = 10 * MIN;
/** How long after the onset: a client reported only later is falling behind because of the incident, not its cause. */
const LAG = 5 * MIN;
/** One report is a hiccup (a GC pause, a reconnect storm); a client that keeps falling behind is reported again. */
const MIN_REPORTS = 3;
/**
 * Weak on its own: being slow says where the backlog is, not why. Below the level at which a condition caps changes
 * as an outside cause (0.4), so it only states the answer when nothing else does; the slow-consumer rule makes it strong.
 */
const CONFIDENCE = 0.35;

export const slowConsumer: Analyzer = {
  name: 'slow-consumer',
  description: 'A client a broker reports falling behind the messages it is sent, first at the onset',
  analyze(bundle: EvidenceBundle, ctx: AnalysisContext): Finding[] {
    const flows = bundle.flows;
    if (ctx.onset === null || !flows) return [];
    const onset = ctx.onset;
    const first = (flows.data.slowConsumers ?? [])
      .filter((s) => s.count >= MIN_REPORTS && s.first >= onset - LEAD && s.first <= onset + LAG)
      .sort((a, b) => a.first - b.first)[0];
    if (!first) return [];
    // The name the client gave itself on its connection (NATS' `name`, CLIENT SETNAME, a group id) is how its
    // deployment knows it; a logger's module (`pricing_sync.consumer`) only spells it alike (change-owner.ts).
    const service = normalizeService(first.client);
    const broker = first.service ? normalizeService(first.service) : null;
    if (broker !== null && serviceAlias(broker) === serviceAlias(service)) return [];
    const at = new Date(first.first).toISOString();
    const text = `${broker ?? 'the broker'} reported ${first.client} as a slow consumer ${first.count} times from ${at} to ${new Date(first.last).toISOString()}`;
    return [
      {
        kind: 'condition',
        condition: 'consumer_slow',
        category: 'resource_exhaustion',
        service,
        ...(broker ? { names: [broker] } : {}),
        analyzer: 'slow-consumer',
        summary: `${service} falls behind the messages ${broker ?? 'its broker'} sends it: ${text} ("${first.example.slice(0, 160)}"), so what it keeps up to date lags`,
        confidence: CONFIDENCE,
        evidence: refs(cite(bundle, flows.call_id, text, [first.example, first.client])),
        timeline: [{ time: at, source: 'logs', event: `${broker ?? 'the broker'} first reported ${first.client} as a slow consumer` }],
        recommendation: `Find what ${service}'s message handler waits on (a blocking call, a lock, a slow downstream) and move it off the path that reads from ${broker ?? 'the broker'}; alert on slow-consumer reports`,
      },
    ];
  },
};
