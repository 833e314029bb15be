// An HBase region server whose heap was raised to 48g pauses for seconds under CMS until its ZooKeeper session expires
// and it aborts; the client whose reads then fail (RetriesExhaustedException) is the victim, the region server's
// change the cause. A client logging the same retries with no pauses and no abort behind them names nobody else.
import { describe, expect, it } from 'vitest';
import { analyze, BASE, bundleOf, conditions, MIN, ONSET } from './general-rules-kit.js';
import { commit, deployment, errorRate, signature, span } from './helpers.js';

const HEAP = '534c294928926bb175c3ea80e1d872335e032aa0';
const release = () => {
  const files = ['platform/hbase/conf/hbase-env.sh', 'platform/hbase/conf/hbase-site.xml'];
  const c = commit(HEAP, 'hbase: region server heap 16g -> 48g and block cache 0.4 -> 0.6', BASE + (ONSET - 6) * MIN, files);
  return {
    deployments: [deployment('hbase/2026.12.21.1', BASE + (ONSET - 6) * MIN, [c])],
    diffs: { [c.sha]: `--- a/${files[0]}\n+++ b/${files[0]}\n-export HBASE_REGIONSERVER_OPTS="-Xms16g -Xmx16g -XX:+UseConcMarkSweepGC"\n+export HBASE_REGIONSERVER_OPTS="-Xms48g -Xmx48g -XX:+UseConcMarkSweepGC"\n` },
  };
};
const clientErrors = () => [
  signature({ template: 'GET <*> failed: org.apache.hadoop.hbase.client.RetriesExhaustedException: Failed after attempts=16, exceptions:', service: 'profile-api', base: BASE, minutes: span(ONSET, 120, 8) }),
];
const abort = () =>
  signature({
    template: '***** ABORTING region server <*>: regionserver:<*> received expired from ZooKeeper, aborting *****',
    example: '***** ABORTING region server hbase-rs-2.hbase.svc,16020,1766302811234: regionserver:16020-0x30000a1b2c30012 received expired from ZooKeeper, aborting *****\norg.apache.zookeeper.KeeperException$SessionExpiredException: KeeperErrorCode = Session expired',
    service: 'hbase-regionserver',
    base: BASE,
    minutes: [[ONSET, 1], [ONSET + 13, 1]],
    level: 'fatal',
  });
// Logged under the logger's first word (`util.JvmPauseMonitor`), from the region server's own file.
const pauses = () => ({
  ...signature({ template: 'Detected pause in JVM or host machine (eg GC): pause of approximately <*>ms', service: 'util', base: BASE, minutes: span(10, 120, 1), level: 'warn' }),
  example_source: 'hbase-regionserver.log:22',
});
const world = (sigs: ReturnType<typeof signature>[]) => bundleOf({ signatures: sigs, errorRates: [errorRate('profile-api', BASE, 120, ONSET)], ...release() });

describe('a process paused until its coordination session expired', () => {
  it('names the aborted region server, and the heap change of its system, over the client that felt it', () => {
    const { findings, verdict } = analyze(world([...clientErrors(), abort(), pauses()]));
    const lost = conditions(findings, 'session_expired');
    expect(lost).toHaveLength(1);
    expect(lost[0]!.service).toBe('hbase-regionserver');
    expect(verdict.best.service).toBe('hbase-regionserver');
  });

  it('near miss: an abort with no pauses reported before it (an operator stop, a crash) is no such condition', () => {
    expect(conditions(analyze(world([...clientErrors(), abort()])).findings, 'session_expired')).toHaveLength(0);
    expect(conditions(analyze(world([...clientErrors(), pauses()])).findings, 'session_expired')).toHaveLength(0);
  });
});
