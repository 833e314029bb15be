// A queue that stopped draining while one service's log fell silent at that moment: the consumer stopped taking
// messages (hung, blocked), and the broker, whose backlog gauge is what moved, only holds what nobody takes.
import type { Analyzer, Finding } from '../analyzer.js';
import type { EvidenceBundle } from '../bundle.js';
import type { SeriesSamples, LogStatsBucket } from '../../core/evidence.js';
import { cite, refs } from '../quote.js';
import { seriesName } from '../signals.js';
import { serviceOfSeries } from '../localize/metric-scores.js';
import { normalizeService } from '../service-names.js';

/** A broker's gauge of the messages waiting in a queue for a consumer (RabbitMQ's ready messages, a queue's depth). */
const BACKLOG = /(?:^|_)messages_ready$|(?:^|_)queue_(?:depth|messages|size)$|messages_visible/i;
/** Scrapes in a row the backlog must rise for: a queue that only grows is not being drained at all. */
const RISES = 3;
/** The backlog at its last scrape against the most it held before: a queue that is drained stays near empty. */
const GROWTH = 4;
/** Minutes a consumer must have logged in, just before the stall, for its silence to mean it stopped. */
const STEADY = 2;
/** Least entries it logged in those minutes. */
const STEADY_MIN = 5;
/** Minutes after the stall the rest of the system must go on logging, for one service's silence to be its own. */
const AFTER = 2;
const MIN = 60_000;

/**
 * Where a backlog began to grow without pause: the first sample above its old level, when every distinct value after it
 * is higher than the one before (a resampled series repeats a scrape's value; that is no pause); else null.
 */
export function backlogStall(points: Array<[number, number]>): { rise: number; before: number; last: number } | null {
  let i = points.length - 1;
  let rises = 0;
  while (i > 0 && points[i]![1] >= points[i - 1]![1]) {
    if (points[i]![1] > points[i - 1]![1]) rises++;
    i--;
    // Back at the level it held before growing: the growth starts after this run.
    if (rises >= RISES && points[i]![1] === points[0]![1]) break;
  }
  const old = points.slice(0, i + 1).map((p) => p[1]);
  const first = points.slice(i + 1).find((p) => p[1] > points[i]![1]);
  if (rises < RISES || old.length < 4 || !first) return null;
  const before = Math.max(...old);
  const last = points[points.length - 1]![1];
  if (last < GROWTH * (before + 1)) return null;
  return { rise: first[0], before, last };
}

/**
 * The one service that logged steadily and fell silent in the minutes before the backlog showed, while the others went
 * on logging after it: the consumer that stopped (it logs what it takes, so silence is its not taking). Several or none: null.
 */
export function silentAt(buckets: LogStatsBucket[], rise: number): string | null {
  const timed = buckets.map((b) => ({ t: Date.parse(b.start), b })).filter((x) => Number.isFinite(x.t)).sort((a, b) => a.t - b.t);
  const services = new Set(timed.flatMap((x) => Object.keys(x.b.by_service)));
  const silent = [...services].filter((s) => {
    const last = timed.findLastIndex((x) => (x.b.by_service[s] ?? 0) > 0);
    // Its last entry within the scrape interval (and a minute's slack) before the backlog's first rise.
    if (last < STEADY - 1 || timed[last]!.t > rise || timed[last]!.t < rise - 2 * MIN) return false;
    const upTo = timed.slice(last - STEADY + 1, last + 1);
    const after = timed.slice(last + 1).filter((x) => x.b.total > 0);
    return after.length >= AFTER && upTo.every((x) => (x.b.by_service[s] ?? 0) > 0) && upTo.reduce((a, x) => a + (x.b.by_service[s] ?? 0), 0) >= STEADY_MIN;
  });
  return silent.length === 1 ? silent[0]! : null;
}

export const stalledConsumer: Analyzer = {
  name: 'stalled-consumer',
  description: "A queue that stopped draining as its consumer's log fell silent",
  analyze(bundle, ctx): Finding[] {
    const buckets = bundle.logStats?.data ?? [];
    if (buckets.length === 0) return [];
    for (const c of bundle.series) {
      for (const s of c.data.filter((x) => BACKLOG.test(x.metric))) {
        const stall = backlogStall(s.points);
        if (!stall || (ctx.onset !== null && Math.abs(stall.rise - ctx.onset) > 10 * 60_000)) continue;
        const who = silentAt(buckets, stall.rise);
        const broker = serviceOfSeries(s.labels);
        if (!who || (broker && normalizeService(who) === broker)) continue;
        return [finding(bundle, c.call_id, s, stall, normalizeService(who), broker)];
      }
    }
    return [];
  },
};

function finding(bundle: EvidenceBundle, call: string, s: SeriesSamples, stall: NonNullable<ReturnType<typeof backlogStall>>, consumer: string, broker: string | null): Finding {
  const queue = s.labels.queue ?? s.labels.topic ?? s.labels.name ?? null;
  const at = new Date(stall.rise).toISOString();
  const text = `${seriesName(s)} grew from ${stall.before} to ${stall.last} without pause from ${at} on`;
  return {
    kind: 'condition',
    condition: 'consumer_stalled',
    category: 'unknown',
    service: consumer,
    ...(broker ? { names: [broker] } : {}),
    analyzer: 'stalled-consumer',
    summary: `${consumer} stopped consuming${queue ? ` ${queue}` : ''}: the queue grew from ${stall.before} to ${stall.last} messages without pause from ${at} on, and ${consumer}, which logged steadily until just before, has logged nothing since while the other services went on; ${broker ?? 'the broker'} only holds what nobody takes`,
    confidence: 0.55,
    evidence: refs(cite(bundle, call, text, [s.metric]), bundle.logStats ? cite(bundle, bundle.logStats.call_id, `${consumer}'s log entries per minute fall to none just before ${at}`, [consumer]) : null),
    timeline: [{ time: at, source: 'metrics', event: text }],
    recommendation: `Look at what ${consumer}'s consumer is blocked on (a thread dump or goroutine dump, an unacknowledged message, a downstream call without a timeout) and restart it to drain the backlog; alert on a queue growing with no deliveries`,
  };
}
