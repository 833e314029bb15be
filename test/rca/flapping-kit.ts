// A small search service behind a web front end (the shape of an HPA moved to a requests-in-flight metric with no
// stabilisation): its autoscaler's rescale events, the callers' refused connections, a platform commit and a release.
import type { RequestFlows } from '../../src/rca/bundle.js';
import type { EvidenceBundle } from '../../src/rca/bundle.js';
import { BASE, bundleOf, MIN, ONSET } from './general-rules-kit.js';
import { commit, deployment, errorRate, signature, span, withFlows } from './helpers.js';

type Announced = NonNullable<RequestFlows['announcements']>[number];

export const at = (m: number) => BASE + m * MIN;
const up = 'New size: 10; reason: pods metric http_requests_in_flight above target';
const down = 'New size: 4; reason: All metrics below target';

/** The HPA's SuccessfulRescale events (as the logs server announces them) for the given sizes at the given minutes. */
export function rescales(service: string, steps: Array<[number, number]>): Announced[] {
  return steps.map(([m, size]) => ({ time: at(m), service, kind: 'scale', text: `SuccessfulRescale: ${size === 10 ? up : size === 4 ? down : `New size: ${size}; reason: cpu resource utilization (percentage of request) above target`}` }));
}

/** Up at every `period` minutes from `from`, down half a period later, until minute 120. */
export function flapping(from: number, period = 2.5): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let m = from; m < 120; m += period) out.push([m, 10], [m + period / 2, 4]);
  return out;
}

export const platform = commit('f1a9f1a9', 'platform: scale search-api on requests in flight instead of CPU (react faster to bursts)', at(ONSET - 40), ['platform/k8s/shop/search-api/hpa.yaml'], 'Platform Team');
export const release = commit('5ea4c400', 'search-api: warm the index before ready, 5 s graceful shutdown on SIGTERM', at(ONSET - 25), ['search-api/internal/server/server.go', 'search-api/VERSION']);
export const HPA_DIFF = [
  'diff --git a/platform/k8s/shop/search-api/hpa.yaml b/platform/k8s/shop/search-api/hpa.yaml',
  '   maxReplicas: 12',
  '   metrics:',
  '-    - type: Resource',
  '-      resource:',
  '-        name: cpu',
  '-        target: { type: Utilization, averageUtilization: 70 }',
  '+    - type: Pods',
  '+      pods:',
  '+        metric: { name: http_requests_in_flight }',
  '+        target: { type: AverageValue, averageValue: "3" }',
  '+  behavior:',
  '+    scaleDown:',
  '+      stabilizationWindowSeconds: 0',
].join('\n');
export const REFUSED = 'search failed: Get "http://search-api.shop.svc:8080/v1/search?q=<*>": dial tcp <*>:8080: connect: connection refused';

export interface Options {
  /** The rescale events of search-api's HPA (none when absent). */
  events?: Announced[];
  /** When the platform sync went live (minute), or no platform commit at all when null. */
  syncAt?: number | null;
  /** What the callers' new error says. */
  error?: string;
}

/** The incident's evidence: web-bff failing on search-api from ONSET, a search-api release 25 min before it. */
export function flappingBundle(o: Options = {}): EvidenceBundle {
  const syncAt = o.syncAt === undefined ? ONSET - 2 : o.syncAt;
  const b = bundleOf({
    signatures: [signature({ template: o.error ?? REFUSED, service: 'web-bff', base: BASE, minutes: span(ONSET, 120, 3) })],
    errorRates: [errorRate('web-bff', BASE, 120, ONSET, 0, 0.09)],
    deployments: [
      deployment('search-api/v3.4.0', at(ONSET - 20), [release]),
      ...(syncAt === null ? [] : [deployment('platform/v2026.12.21.1', at(syncAt), [platform])]),
    ],
    diffs: {
      [release.sha]: '+// Serves /v1/search once the index is loaded; on SIGTERM waits up to 5 s for requests in flight.\n',
      ...(syncAt === null ? {} : { [platform.sha]: HPA_DIFF }),
    },
  });
  return withFlows(b, { announcements: o.events ?? [] });
}
