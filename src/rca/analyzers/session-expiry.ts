// A process stopped long enough (GC, a host stall) that its coordination session expired and it aborted itself: HBase's
// region server, Kafka's broker, Solr's node on ZooKeeper. Its own failure; the clients whose reads then fail are victims.
import type { Analyzer, Finding } from '../analyzer.js';
import { cite, refs } from '../quote.js';
import { normalizeService } from '../service-names.js';
import { matching } from '../signals.js';
import { serviceOfLogFile } from '../../core/logs/file-service.js';
import type { ErrorSignature } from '../../core/evidence.js';

/**
 * The runtime reporting its own stop: Hadoop's and HBase's JvmPauseMonitor ("Detected pause in JVM or host machine"),
 * Elasticsearch's JvmGcMonitorService ("[gc][..] overhead, spent [..] collecting"), Cassandra's GCInspector.
 */
export const PAUSED = /detected pause in jvm|JvmPauseMonitor|\bpause of approximately \d+\s*ms|\boverhead, spent \[[\d.]+m?s\] collecting|GCInspector.*\bGC in \d{4,}ms/i;
/** The session it held lost while it was stopped: ZooKeeper's expiry (KeeperException$SessionExpiredException), etcd's lease. */
const EXPIRED = /session ?expired|received expired from zookeeper|\blease (?:\w+ )?(?:expired|not found)\b/i;
/** And the process giving up its work because of it (HBase's `***** ABORTING region server`, Kafka's shutdown, a halt). */
const ABORTED = /\babort(?:ing|ed)?\b|\bhalting\b|\bshutting down\b/i;

/**
 * The service's own lines: named so, or read from its log file (a logger such as HBase's `util.JvmPauseMonitor`
 * can be taken for a service name, while the file it is in says whose process paused).
 */
function writtenBy(s: ErrorSignature, service: string): boolean {
  if (s.services.some((x) => normalizeService(x) === service)) return true;
  const file = s.example_source?.replace(/:\d+$/, '');
  const own = file ? serviceOfLogFile(file) : null;
  return own !== null && normalizeService(own) === service;
}

export const sessionExpiry: Analyzer = {
  name: 'session-expiry',
  description: 'A process that paused until its coordination session expired and it aborted: the cause, not its clients',
  analyze(bundle, ctx): Finding[] {
    if (ctx.onset === null) return [];
    const lost = matching(ctx, (t) => EXPIRED.test(t) && ABORTED.test(t)).sigs.filter((r) => r.service !== null && r.post > 0);
    for (const r of lost) {
      const service = normalizeService(r.service!);
      // It reported stopping itself before the onset: the pauses that outlasted the session's timeout.
      const pauses = (bundle.signatures?.data ?? []).filter(
        (s) => PAUSED.test(`${s.template}\n${s.example}`) && writtenBy(s, service) && s.first_seen !== null && Date.parse(s.first_seen) <= ctx.onset!,
      );
      if (pauses.length === 0) continue;
      const count = pauses.reduce((a, s) => a + s.count, 0);
      const head = r.sig.example.split('\n')[0] ?? r.sig.template;
      return [
        {
          kind: 'condition',
          condition: 'session_expired',
          category: 'resource_exhaustion',
          service,
          analyzer: this.name,
          summary: `${service} stopped (${count} pauses its runtime reported) until its coordination session expired, and aborted: "${head.slice(0, 160)}"`,
          confidence: 0.5,
          evidence: refs(
            bundle.signatures ? cite(bundle, bundle.signatures.call_id, `${service} lost its session and aborted`, [head.slice(0, 80), r.sig.template]) : null,
            bundle.signatures ? cite(bundle, bundle.signatures.call_id, `${service}'s runtime reported pauses`, [pauses[0]!.template]) : null,
          ),
          timeline: r.sig.first_seen ? [{ time: r.sig.first_seen, source: 'logs', event: `${service} aborted after its session expired` }] : [],
          recommendation: `Find what stops ${service} for longer than its session timeout (GC logs: a heap too large for its collector, swapping, CPU throttling) and fix that; raising the session timeout only hides it`,
        },
      ];
    }
    return [];
  },
};
