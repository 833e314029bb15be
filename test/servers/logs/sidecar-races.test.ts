// Start races with a mesh sidecar read from real Istio pilot-agent lines (Proxy role's id=<pod>.<namespace>, "Envoy
// proxy is ready" naming no pod) and apps' refused connections at any level; near misses: an outage after start, no failures.
import { describe, expect, it } from 'vitest';
import { paired, SidecarRaceLog } from '../../../servers/logs/sidecar-races.js';
import type { FlowsOut } from '../../../servers/logs/flows.js';
import { connect, tempDir } from './helpers.js';

const T0 = Date.parse('2026-11-03T02:00:00Z');
const S = 1000;
const role = (pod: string) => `Proxy role\tips=[10.40.7.28] type=sidecar id=${pod}.batch domain=batch.svc.cluster.local`;
const READY = 'Envoy proxy is ready';
// Go's pq / pgx, Node's net, Python's psycopg: what each prints when nothing listens where iptables sent it.
const GO_REFUSED = 'failed to connect to `host=ledger-db.data.svc user=recon database=ledger`: dial error (dial tcp 10.40.2.15:5432: connect: connection refused)';
const NODE_REFUSED = 'Error: connect ECONNREFUSED 10.40.3.9:443 at TCPConnectWrapper.afterConnect [as oncomplete] (node:net:1555:16)';

/** Job runs every 15 min: its sidecar starts, gets ready 2.5 s later; `fail` puts the app's refused connect at that offset (s). */
function runs(log: SidecarRaceLog, n: number, from: number, fail: number | null, line = GO_REFUSED, ready = READY): void {
  for (let i = 0; i < n; i++) {
    const t = T0 + (from + i * 15 * 60) * S;
    log.add(t, 'istio-proxy', role(`ledger-recon-2891${from + i}-x7k2p`));
    log.add(t + 2.5 * S, 'istio-proxy', ready);
    if (fail !== null) log.add(t + fail * S, 'ledger-recon', line);
  }
}

describe('SidecarRaceLog', () => {
  it("counts an app's connections refused between its pod's sidecar start and ready line, after runs that connected fine", () => {
    const log = new SidecarRaceLog();
    runs(log, 2, 0, null);
    runs(log, 3, 1800, 0.6);
    const [r] = log.result();
    expect(r).toMatchObject({ service: 'ledger-recon', proxy: 'istio-proxy', namespace: 'batch', starts: 5, raced: 3, clean_before: 2, failures: 3, early: 3 });
    expect(r!.first).toBe(new Date(T0 + 1800.6 * S).toISOString());
    expect(r!.example).toContain('connection refused');
  });

  it("reads Node's refusal and consul-dataplane's ready line too", () => {
    const log = new SidecarRaceLog();
    runs(log, 3, 0, 1.2, NODE_REFUSED, 'proxy is ready within the grace period');
    expect(log.result()[0]).toMatchObject({ raced: 3, early: 3 });
  });

  it('near miss: a dependency down long after the pods started (refused 40 s in, proxy ready) is no start race', () => {
    const log = new SidecarRaceLog();
    runs(log, 4, 0, 40);
    expect(log.result()).toEqual([]);
  });

  it('near miss: sidecars starting with no failed connection, or another app failing meanwhile, report nothing for the app', () => {
    const log = new SidecarRaceLog();
    runs(log, 4, 0, null);
    log.add(T0 + 0.5 * S, 'billing-api', GO_REFUSED);
    expect(log.result()).toEqual([]);
  });
});

describe('paired', () => {
  it('answers starts first come first answered; a ready line with no start waiting answers nobody, a start unanswered for a minute is dropped', () => {
    const starts = [{ time: 0, pod: 'a-1' }, { time: 1000, pod: 'a-2' }, { time: 200_000, pod: 'a-3' }];
    expect(paired(starts, [500, 2500, 203_000]).map((w) => [w.pod, w.ready])).toEqual([['a-1', 500], ['a-2', 2500], ['a-3', 203_000]]);
    // a-1 unanswered for over a minute is dropped: the ready line at 100 s answers nobody (a-2 waited too long too).
    expect(paired(starts, [100_000, 201_000]).map((w) => w.pod)).toEqual(['a-3']);
  });
});

describe('request_flows', () => {
  it('reports the start race from an istio-proxy log and the app log through a real SDK client', async () => {
    const proxy: string[] = [];
    const app: string[] = [];
    for (let i = 0; i < 4; i++) {
      const t = T0 + i * 15 * 60 * S;
      const iso = (d: number) => new Date(t + d).toISOString().replace('Z', '000Z');
      proxy.push(`${iso(0)}\tinfo\tVersion 1.23.2-2b89b6fa0b42ca5a27e07c3236cbe3e5b7c0a57c-Clean`);
      proxy.push(`${iso(50)}\tinfo\t${role(`ledger-recon-2891${i}-x7k2p`)}`);
      proxy.push(`${iso(2500)}\tinfo\t${READY}`);
      app.push(`${new Date(t + 700).toISOString()} INFO recon starting, connecting to ledger-db.data.svc:5432`);
      if (i >= 2) app.push(`${new Date(t + 740).toISOString()} ERROR ${GO_REFUSED}`);
    }
    const dir = tempDir({ 'istio-proxy.log': proxy.join('\n') + '\n', 'ledger-recon.log': app.join('\n') + '\n' });
    const { call } = await connect({ sources: [dir], at: T0 + 3600 * S });
    const r = await call('request_flows', { since: new Date(T0 - 60 * S).toISOString(), until: new Date(T0 + 3600 * S).toISOString() });
    expect(r.isError).toBe(false);
    const out = r.json<FlowsOut>();
    expect(out.sidecar_races).toEqual([expect.objectContaining({ service: 'ledger-recon', proxy: 'istio-proxy', starts: 4, raced: 2, clean_before: 2, early: 2 })]);
  });
});
