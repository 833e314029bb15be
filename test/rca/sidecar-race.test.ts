// A start race with a mesh sidecar: the mesh change a diff makes (revision label, hold setting, Linkerd's proxy-await),
// the race as a condition at the onset, and the ranking that names that change over the app's own release.
import { describe, expect, it } from 'vitest';
import { meshScope, meshStartupLine } from '../../src/rca/mesh-startup.js';
import { sidecarRace } from '../../src/rca/analyzers/sidecar-race.js';
import { rank } from '../../src/rca/rank.js';
import type { ConditionFinding } from '../../src/rca/change-settings.js';
import type { SidecarRaces } from '../../src/core/sources/sidecar-races.js';
import { handBundle, withFlows } from './helpers.js';
import { change, condition, ctxFor, MIN, ONSET } from './rank-findings.js';

const REVISION_DIFF = `diff --git a/platform/istio/values-1-24.yaml b/platform/istio/values-1-24.yaml
new file mode 100644
--- /dev/null
+++ b/platform/istio/values-1-24.yaml
@@ -0,0 +1,4 @@
+revision: 1-24
+global:
+  tag: 1.24.1
diff --git a/platform/namespaces/batch.yaml b/platform/namespaces/batch.yaml
--- a/platform/namespaces/batch.yaml
+++ b/platform/namespaces/batch.yaml
@@ -3,4 +3,4 @@ kind: Namespace
 metadata:
   name: batch
   labels:
-    istio-injection: enabled
+    istio.io/rev: 1-24`;

const LINKERD_DIFF = `diff --git a/deploy/ledger-recon/cronjob.yaml b/deploy/ledger-recon/cronjob.yaml
--- a/deploy/ledger-recon/cronjob.yaml
+++ b/deploy/ledger-recon/cronjob.yaml
@@ -9,6 +9,5 @@ spec:
   name: ledger-recon
       annotations:
         linkerd.io/inject: enabled
-        config.linkerd.io/proxy-await: enabled
         config.linkerd.io/proxy-cpu-request: 50m`;

describe('meshStartupLine / meshScope', () => {
  it("quotes the changed line that moves a namespace to another revision, or drops Linkerd's await, and the scope", () => {
    expect(meshStartupLine(REVISION_DIFF)).toBe('istio.io/rev: 1-24');
    expect(meshScope(REVISION_DIFF)).toEqual(['batch']);
    expect(meshStartupLine(LINKERD_DIFF)).toBe('config.linkerd.io/proxy-await: enabled');
    expect(meshScope(LINKERD_DIFF)).toEqual(['ledger-recon']);
    expect(meshStartupLine('+  annotations:\n+    proxy.istio.io/config: \'{ "holdApplicationUntilProxyStarts": false }\'')).toContain('holdApplicationUntilProxyStarts');
  });

  it("near miss: mesh words in lines that do not change the sidecar's start (unchanged context, routing, access logs)", () => {
    expect(meshStartupLine(LINKERD_DIFF.replace('-        config.linkerd.io/proxy-await: enabled\n', '-        config.linkerd.io/proxy-cpu-limit: 1\n'))).toBeNull();
    expect(meshStartupLine('+meshConfig:\n+  accessLogFile: /dev/stdout\n+kind: VirtualService\n+      timeout: 5s')).toBeNull();
  });
});

const T = (m: number) => new Date(ONSET + m * MIN).toISOString();
const REFUSED = '{pod_manager.py:466} INFO - [base] psycopg.OperationalError: connection failed: connection to server at "10.40.2.15", port 5432 failed: Connection refused';
const race = (over: Partial<SidecarRaces> = {}): SidecarRaces => ({ service: 'ledger-recon', proxy: 'istio-proxy', namespace: 'batch', starts: 40, raced: 12, cleanBefore: 24, failures: 12, early: 12, first: ONSET + 10_000, last: ONSET + 30 * MIN, example: REFUSED, ...over });
const bundleWith = (r: SidecarRaces) => withFlows(handBundle('ledger-recon: job runs failing with Connection refused', { from: ONSET - 60 * MIN, to: ONSET + 30 * MIN }, {}), { sidecarRaces: [r] });

describe('sidecar-race analyzer', () => {
  const ctx = ctxFor('ledger-recon', ['ledger-recon', 'istio-proxy']);

  it('states the app whose connections fail before its sidecar is ready, from the onset on', () => {
    const [f] = sidecarRace.analyze(bundleWith(race()), ctx) as ConditionFinding[];
    expect(f).toMatchObject({ condition: 'sidecar_race', service: 'ledger-recon', names: ['istio-proxy'], namespace: 'batch' });
    expect(f!.evidence[0]?.quote).toContain('Connection refused');
  });

  it('near miss: most failures after the pods were up (an outage), too few, or racing since long before the onset', () => {
    expect(sidecarRace.analyze(bundleWith(race({ failures: 60 })), ctx)).toEqual([]);
    expect(sidecarRace.analyze(bundleWith(race({ early: 2, raced: 2, failures: 2 })), ctx)).toEqual([]);
    expect(sidecarRace.analyze(bundleWith(race({ first: ONSET - 50 * MIN })), ctx)).toEqual([]);
  });
});

describe('sidecar-race rule', () => {
  const ctx = ctxFor('ledger-recon', ['ledger-recon', 'istio-proxy', 'platform']);
  const raced = condition({ condition: 'sidecar_race', category: 'config_error', service: 'ledger-recon', confidence: 0.35, names: ['istio-proxy'], namespace: 'batch', timeline: [{ time: T(0), source: 'logs', event: 'ledger-recon first failed to connect before its sidecar was ready' }] });
  const mesh = change('d2c192a3ba7f', 'istio: 1.24.1 as a revisioned install, batch namespace first', 13, { relevance: 0.1, paths: ['platform/istio/values-1-24.yaml', 'platform/namespaces/batch.yaml'], mesh: { line: 'istio.io/rev: 1-24', scope: ['batch'] } });
  // The app's own release 40 minutes before touches its connection: its words are the errors' words.
  const app = change('aaf0222635c4', 'ledger-recon: psycopg 3, connect_timeout=5 for the ledger connection', 40, { relevance: 0.8, paths: ['ledger-recon/src/db.py'], matched: ['connection', 'refused'] });

  it("names the mesh change before the first early failure at the app, over the app's release", () => {
    const v = rank([app, mesh, raced], ctx);
    expect(v.best.suspect?.sha).toBe(mesh.change.sha);
    expect(v.best).toMatchObject({ service: 'ledger-recon', category: 'config_error' });
    expect(v.best.summary).toContain('istio.io/rev: 1-24');
  });

  it("near miss: a mesh change scoped to another namespace, one after the first failure, or a change that is not the mesh's", () => {
    expect(rank([app, { ...mesh, mesh: { line: 'istio.io/rev: 1-24', scope: ['payments'] } }, raced], ctx).best.suspect?.sha).toBe(app.change.sha);
    expect(rank([app, { ...mesh, change: { ...mesh.change, time: T(5) } }, raced], ctx).best.suspect?.sha).not.toBe(mesh.change.sha);
    expect(rank([app, { ...mesh, mesh: undefined }, raced], ctx).best.suspect?.sha).toBe(app.change.sha);
  });

  it('near miss: a mesh change with no start race leaves the ranking alone', () => {
    expect(rank([app, mesh], ctx).best.suspect?.sha).toBe(app.change.sha);
  });
});
