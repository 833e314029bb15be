// A workload scaling out while the registry refuses its image pulls for the rate limit (containerd's and kubelet's own
// words): the limit is named as infrastructure over the workload's release; a missing image or another limit is not it.
import { describe, expect, it } from 'vitest';
import { pullRateLimit, pulledService } from '../../src/rca/analyzers/pull-rate-limit.js';
import { rank } from '../../src/rca/rank.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import type { ConditionFinding } from '../../src/rca/change-settings.js';
import { handBundle, signature, span } from './helpers.js';
import { change, condition, ctxFor, MIN, ONSET } from './rank-findings.js';

const BASE = ONSET - 60 * MIN;
const ctx = ctxFor('render-svc', ['render-svc', 'containerd', 'kubelet', 'billing']);
const CONTAINERD =
  'PullImage \\"docker.io/acmeshop/render-svc:6.2.0\\" failed: failed to pull and unpack image \\"docker.io/acmeshop/render-svc:6.2.0\\": failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/acmeshop/render-svc/manifests/sha256:4e1f0c2a9b: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit.';
const KUBELET =
  'Failed to pull image "docker.io/acmeshop/billing:2.4.1": rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/acmeshop/billing:2.4.1": failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/acmeshop/billing/manifests/2.4.1: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit.';
/** The same pull refused because the tag does not exist: the release named a bad image, its own fault. */
const NOT_FOUND =
  'PullImage \\"docker.io/acmeshop/render-svc:6.2.0\\" failed: failed to resolve reference \\"docker.io/acmeshop/render-svc:6.2.0\\": docker.io/acmeshop/render-svc:6.2.0: not found';
/** A 429 the app itself got from an API it calls: a throttled dependency, no image pull. */
const API_429 = 'POST https://api.pdfmonkey.io/v1/documents failed: 429 Too Many Requests - Server message: toomanyrequests';

function pulls(template: string, a: number, b: number, service = 'containerd') {
  return signature({ template, service, base: ONSET, minutes: span(a, b, 3) });
}

function analyzed(...sigs: ReturnType<typeof pulls>[]): ConditionFinding[] {
  const bundle = handBundle('render-svc slow since 14:00', { from: BASE, to: ONSET + 30 * MIN }, { signatures: sigs });
  return pullRateLimit.analyze(bundle, ctx) as ConditionFinding[];
}

describe('image pulls refused for the registry rate limit', () => {
  it('is registered among the analyzers the engine runs', () => {
    expect(ANALYZERS).toContain(pullRateLimit);
  });

  it("names the workload whose image the refused pull quotes, from containerd's and kubelet's lines", () => {
    const [f] = analyzed(pulls(CONTAINERD, -2, 20));
    expect(f).toMatchObject({ condition: 'capacity', category: 'infrastructure', service: 'render-svc' });
    expect(f!.evidence[0]?.quote).toContain('toomanyrequests');
    expect(analyzed(pulls(KUBELET, -5, 20, 'kubelet'))).toMatchObject([{ service: 'billing' }]);
  });

  it('does not read a missing image, an API 429, an image of no known service or refusals long over', () => {
    expect(analyzed(pulls(NOT_FOUND, -2, 20))).toEqual([]);
    expect(analyzed(pulls(API_429, -2, 20, 'render-svc'))).toEqual([]);
    expect(pulledService('Failed to pull image "quay.io/prometheus/node-exporter:v1.8.0"', ctx.services)).toBeNull();
    expect(analyzed(pulls(CONTAINERD, -50, -30))).toEqual([]);
  });

  const release = change('38eacbc7f36a2ac615a957cbbc2c4b527203e2b6', 'render-svc: Chromium 131, embed fonts', 18, {
    paths: ['render-svc/deploy/deployment.yaml', 'render-svc/app/render.py'],
    matched: ['image', 'docker', 'acmeshop'],
    relevance: 0.7,
  });
  const queue = condition({ condition: 'saturation', category: 'resource_exhaustion', service: 'render-svc', confidence: 0.55, leads: true });

  it("names the registry's limit as infrastructure over the workload's release that shares the pull errors' words", () => {
    const before = rank([release, queue], ctx);
    expect(before.best.suspect?.sha).toBe(release.change.sha);
    const [limit] = analyzed(pulls(CONTAINERD, -2, 20));
    const after = rank([release, queue, limit!], ctx);
    expect(after.best).toMatchObject({ service: 'render-svc', category: 'infrastructure', suspect: null });
    expect(after.best.summary).toContain('pull rate limit');
  });

  it("leaves the release blamed when the limit refused another service's pulls", () => {
    const [other] = analyzed(pulls(KUBELET, -5, 20, 'kubelet'));
    expect(other?.service).toBe('billing');
    expect(rank([release, queue, other!], ctx).best.suspect?.sha).toBe(release.change.sha);
  });
});
