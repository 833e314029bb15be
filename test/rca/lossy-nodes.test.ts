// Loss on a pod's path shows in node_exporter's retransmits of its node: a waiting service on such a node is not only
// waiting, so the store it calls (on a quiet node) is not placed above it; with quiet nodes, or loss at the store, it is.
import { describe, expect, it } from 'vitest';
import { servicesOnLossyNodes } from '../../src/rca/localize/lossy-nodes.js';
import { withWaitedOn } from '../../src/rca/localize/waited-on.js';
import { rankServices } from '../../src/rca/localize/rank-services.js';
import type { ServiceSignal } from '../../src/rca/localize/signal.js';
import { BASE, bundleOf, counter, MIN, ONSET } from './general-rules-kit.js';

const A = 'gke-shop-pool-1-8f3a2c1d-4kq7';
const B = 'gke-shop-pool-1-8f3a2c1d-9xwm';
const AT = BASE + ONSET * MIN;
/** node_exporter's TCP retransmit counter of a node: 7 a minute, `after` a minute from the onset on. */
const retrans = (node: string, after: number) => counter('node_netstat_Tcp_RetransSegs', { instance: `${node}:9100`, job: 'node-exporter' }, (m) => (m >= ONSET ? after : 7) / 60);
/** cAdvisor's CPU counter of a pod: the kubelet's node is its `instance`. */
const cpu = (service: string, node: string) => counter('container_cpu_usage_seconds_total', { container: service, instance: node, job: 'kubernetes-nodes-cadvisor', namespace: 'shop', pod: `${service}-hzzlh6hc4-stqb2` }, () => 0.02);

describe('servicesOnLossyNodes', () => {
  it('names the services with a pod on a node whose retransmits rose from the onset on', () => {
    const b = bundleOf({ counters: [retrans(A, 150), retrans(B, 7), cpu('shipping', A), cpu('mysql', B)] });
    expect([...servicesOnLossyNodes(b, AT)]).toEqual(['shipping']);
  });

  it('near miss: retransmits that stay at their level name nobody', () => {
    const b = bundleOf({ counters: [retrans(A, 8), retrans(B, 7), cpu('shipping', A), cpu('mysql', B)] });
    expect(servicesOnLossyNodes(b, AT).size).toBe(0);
  });
});

describe('the waiting walk past a lossy node', () => {
  const signals: ServiceSignal[] = [{ service: 'shipping', kind: 'latency', family: 'http_server_requests_seconds_max', z: 40, start: null, what: 'latency of shipping rose', evidence: null }];
  const ranked = () => rankServices({ signals, population: new Map([['http_server_requests_seconds_max', 3]]) }, { reportedOn: ['web'], reportedSignal: 'latency' });
  const calls = new Map([['shipping', new Set(['mysql'])]]);
  const known = new Set(['web', 'shipping', 'mysql']);

  it('keeps the service first when its own node loses packets and the store\'s does not', () => {
    expect(withWaitedOn(ranked(), signals, known, { on: ['web'], routes: [], calls, lossy: new Set(['shipping']) }).map((c) => c.service)).toEqual(['shipping']);
  });

  it('near miss: with no lossy node, or the store on the lossy node too, the store is placed above it', () => {
    expect(withWaitedOn(ranked(), signals, known, { on: ['web'], routes: [], calls, lossy: new Set() }).map((c) => c.service)).toEqual(['mysql', 'shipping']);
    expect(withWaitedOn(ranked(), signals, known, { on: ['web'], routes: [], calls, lossy: new Set(['shipping', 'mysql']) }).map((c) => c.service)).toEqual(['mysql', 'shipping']);
  });
});
