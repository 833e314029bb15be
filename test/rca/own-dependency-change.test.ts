// Holdout 323: callers refused by another of our own services whose rollout pointed at a missing image. The errors
// name that service's host; a change to its manifest explains them, though it is one of ours and not an outside system.
import { describe, expect, it } from 'vitest';
import { BASE, MIN, noise, ONSET, run } from './engine-world.js';
import { commit, deployment, errorRate, signature, span } from './helpers.js';

describe('a change to the manifest of the service callers cannot reach', () => {
  it('is the suspect, not ruled out for sharing no words, and names that service', async () => {
    const manifest = commit('c1', 'Roll out notifications 4.12.0', BASE + 72 * MIN, ['deploy/notifications/deployment.yaml']);
    const retry = commit('d1', 'Retry confirmation sends on connection errors', BASE + 40 * MIN, ['order-events/internal/notify/client.go']);
    const { report } = await run({
      signatures: [
        ...noise,
        // notifications is a service of ours: it logs too.
        signature({ template: 'FCM token for device <*> not registered, dropping push', service: 'notifications', base: BASE, minutes: span(0, 70).filter(([m]) => m % 9 === 0), level: 'warn' }),
        signature({
          template: 'send confirmation failed: Post "http:<*>": dial tcp <*>: connect: connection refused',
          example: 'send confirmation failed: Post "http://notifications.prod.svc.cluster.local:8080/v1/send": dial tcp 10.96.4.21:8080: connect: connection refused',
          service: 'order-events',
          base: BASE,
          minutes: span(ONSET, 120, 20),
        }),
      ],
      errorRates: [errorRate('order-events', BASE, 120, ONSET)],
      deployments: [deployment('notifications/4.12.0', BASE + 79 * MIN, [manifest]), deployment('order-events/v2.3.1', BASE + 55 * MIN, [retry])],
      diffs: {
        [manifest.sha]: '-          image: registry.example.com/shop/notifications:4.11.3\n+          image: registry.example.com/shop/notifications:v4.12.0\n',
        [retry.sha]: '+const retries = 3 // connection refused or reset: try again\n',
      },
    });
    expect(report.root_cause.suspect_change?.sha).toBe(manifest.sha);
    expect(report.root_cause.service).toBe('notifications');
    expect(report.ruled_out.some((r) => r.what.includes('order-events/v2.3.1'))).toBe(true);
  });
});
