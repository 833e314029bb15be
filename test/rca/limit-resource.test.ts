// A CPU jump soon after a release that only moved a container's memory limit: that release set nothing the CPU
// answers to, so the older release whose words match the errors stays the answer; a CPU limit or a heap still counts.
import { describe, expect, it } from 'vitest';
import { rank } from '../../src/rca/rank.js';
import { setsOtherResource } from '../../src/rca/limit-resource.js';
import { change, condition, ctxFor } from './rank-findings.js';

const ctx = ctxFor('report-api', ['report-api']);
const cpuJump = condition({
  condition: 'saturation',
  category: 'resource_exhaustion',
  service: 'report-api',
  confidence: 0.45,
  summary: 'a resource limit was hit in report-api: container_cpu_usage_seconds_total{pod="report-api-1"} (per second) jumped from 0.6 to 3.1',
  metric: 'container_cpu_usage_seconds_total',
});
const limitRelease = (hint: string) =>
  change('46e207d2aa00bb11', 'report-api: lower the memory limit (VPA recommendation)', 8, {
    relevance: 0.2,
    configOnly: true,
    paths: ['report-api/deploy/deployment.yaml'],
    hints: [hint],
  });
const exports = change('dfab81f5cc22dd33', 'exports: build the XLSX in the request', 38, { relevance: 0.5, paths: ['report-api/exports/views.py'] });

describe('a limit of another resource than the one that jumped', () => {
  it('is not blamed for a CPU jump when it only moved a memory limit', () => {
    const v = rank([cpuJump, limitRelease('memory changed from 2Gi to 1536Mi'), exports], ctx);
    expect(v.best.suspect?.sha).toBe(exports.change.sha);
  });

  it('is still blamed when it set CPU, or a heap whose collector burns CPU', () => {
    for (const hint of ['cpu changed from 2 to 500m', 'max_heap changed from 2048 to 512']) {
      const c = limitRelease(hint);
      expect(rank([cpuJump, c, exports], ctx).best.suspect?.sha, hint).toBe(c.change.sha);
    }
  });

  it('reads the resource from the saturated metric, not from the setting alone', () => {
    const memJump = { ...cpuJump, summary: 'a resource limit was hit in report-api: container_memory_working_set_bytes{pod="report-api-1"} stays near the limit', metric: 'container_memory_working_set_bytes' };
    expect(setsOtherResource(limitRelease('memory changed from 2Gi to 1536Mi'), memJump)).toBe(false);
    expect(setsOtherResource(limitRelease('memory changed from 2Gi to 1536Mi'), cpuJump)).toBe(true);
    expect(setsOtherResource(limitRelease('resources.limits.memory changed from 2Gi to 1536Mi'), cpuJump)).toBe(true);
    // A limit read from words alone names no series: nothing says which resource it is.
    expect(setsOtherResource(limitRelease('memory changed from 2Gi to 1536Mi'), { ...cpuJump, metric: undefined })).toBe(false);
  });
});
