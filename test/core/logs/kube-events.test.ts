// Kubernetes events as JSON lines (`kubectl get events -o json | jq -c '.items[]'`, events.k8s.io/v1 from an
// exporter): time from lastTimestamp, Warning as warn, the involved pod's workload as service; they were not read.
import { describe, expect, it } from 'vitest';
import { detectFormat, parserFor } from '../../../src/core/logs/formats.js';

const REF = Date.parse('2026-10-27T17:00:00Z');
const parse = (line: string) => parserFor(detectFormat([line], REF), REF)(line);

const failed = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'notifications-7d9c8b6f4-x2k4q.17f2', namespace: 'prod' },
  type: 'Warning',
  reason: 'Failed',
  message: 'Failed to pull image "registry.example.com/shop/notifications:v4.12.0": not found',
  involvedObject: { kind: 'Pod', namespace: 'prod', name: 'notifications-7d9c8b6f4-x2k4q' },
  source: { component: 'kubelet', host: 'node-3' },
  firstTimestamp: '2026-10-27T16:11:40Z',
  lastTimestamp: '2026-10-27T16:20:05Z',
  count: 7,
});

describe('Kubernetes events', () => {
  it("reads a pod's Warning with its last time, its workload as the service and the reason before the message", () => {
    expect(parse(failed)).toMatchObject({
      time: Date.parse('2026-10-27T16:20:05Z'),
      level: 'warn',
      service: 'notifications',
      message: 'Failed: Failed to pull image "registry.example.com/shop/notifications:v4.12.0": not found',
    });
  });

  it('reads a Normal event as info and a Deployment by its own name', () => {
    const scaled = { kind: 'Event', type: 'Normal', reason: 'ScalingReplicaSet', message: 'Scaled up replica set checkout-5d8f to 3', involvedObject: { kind: 'Deployment', name: 'checkout' }, lastTimestamp: '2026-10-27T16:00:00Z' };
    expect(parse(JSON.stringify(scaled))).toMatchObject({ level: 'info', service: 'checkout', time: Date.parse('2026-10-27T16:00:00Z') });
  });

  it('reads events.k8s.io/v1 (regarding, note, eventTime)', () => {
    const v1 = { kind: 'Event', type: 'Warning', reason: 'BackOff', note: 'Back-off restarting failed container app', regarding: { kind: 'Pod', name: 'cart-6b8d7c9f5-r7m4w' }, eventTime: '2026-10-27T16:05:00.123456Z' };
    expect(parse(JSON.stringify(v1))).toMatchObject({ level: 'warn', service: 'cart', message: 'BackOff: Back-off restarting failed container app' });
  });

  it('leaves a JSON line with a type but no involved object to the generic reader', () => {
    const h = parse(JSON.stringify({ time: '2026-10-27T16:00:00Z', level: 'error', type: 'Warning', msg: 'disk almost full' }));
    expect(h).toMatchObject({ level: 'error', message: 'disk almost full' });
  });
});
