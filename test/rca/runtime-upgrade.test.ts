// A release that carried a base-image upgrade (Node 16 → 18) beside a commit whose words match the errors: once the
// service's nodejs_version_info switched version at the rollout, the upgrade is the commit named.
import { describe, expect, it } from 'vitest';
import { rank } from '../../src/rca/rank.js';
import { confirmedRuntime, runtimeDiff, versionSwitch } from '../../src/rca/runtime-upgrade.js';
import { emptyBundle } from '../../src/rca/bundle.js';
import { change, ctxFor, MIN, ONSET } from './rank-findings.js';

const DOCKERFILE_DIFF = [
  'diff --git a/invoice-api/Dockerfile b/invoice-api/Dockerfile',
  '--- a/invoice-api/Dockerfile',
  '+++ b/invoice-api/Dockerfile',
  '@@ -1,3 +1,3 @@',
  '-FROM node:16.20.2-alpine3.18',
  '+FROM node:18.20.4-alpine3.20',
  ' WORKDIR /app',
].join('\n');

/** nodejs_version_info of invoice-api: v16 until the rollout, v18 from `switchAt` on (one sample a minute). */
function bundleWith(switchAt: number, service = 'invoice-api') {
  const b = emptyBundle('500s', { from: new Date(ONSET - 60 * MIN).toISOString(), to: new Date(ONSET + 20 * MIN).toISOString() }, new Date(ONSET + 20 * MIN).toISOString());
  const minutes = (from: number, to: number) => Array.from({ length: Math.max(0, Math.round((to - from) / MIN)) }, (_, i) => [from + i * MIN, 1] as [number, number]);
  b.series.push({
    call_id: 'c9',
    tool: 'metrics__query_range',
    data: [
      { metric: 'nodejs_version_info', labels: { version: 'v16.20.2', major: '16', service }, points: minutes(ONSET - 60 * MIN, switchAt + 2 * MIN) },
      { metric: 'nodejs_version_info', labels: { version: 'v18.20.4', major: '18', service }, points: minutes(switchAt, ONSET + 20 * MIN) },
    ],
  });
  return b;
}

describe('a runtime upgrade inside a release', () => {
  it("reads the base image a Dockerfile's FROM line changed, and nothing from a library bump", () => {
    expect(runtimeDiff(DOCKERFILE_DIFF)).toBe('node:16.20.2-alpine3.18 → node:18.20.4-alpine3.20');
    expect(runtimeDiff('diff --git a/go.mod b/go.mod\n-go 1.21\n+go 1.22\n')).toBe('1.21 → 1.22');
    expect(runtimeDiff('diff --git a/package.json b/package.json\n-  "pg": "8.11.0"\n+  "pg": "8.13.1"\n')).toBeNull();
    expect(runtimeDiff('diff --git a/src/db.js b/src/db.js\n-// FROM here on\n+// FROM there on\n')).toBeNull();
  });

  it("is confirmed only by the service's own version series switching at the rollout", () => {
    const live = ONSET - 15_000;
    expect(versionSwitch(bundleWith(ONSET), (s) => s === 'invoice-api', live)).toMatchObject({ from: 'v16.20.2', to: 'v18.20.4' });
    // Another service's runtime, or a switch an hour before the release, proves nothing about this one.
    expect(versionSwitch(bundleWith(ONSET, 'pdf-renderer'), (s) => s === 'invoice-api', live)).toBeNull();
    expect(versionSwitch(bundleWith(ONSET - 50 * MIN), (s) => s === 'invoice-api', live)).toBeNull();
    expect(confirmedRuntime(bundleWith(ONSET), DOCKERFILE_DIFF, 'invoice-api/v3.9.0', 'invoice-api', live)).toContain('nodejs_version_info went from v16.20.2 to v18.20.4');
    expect(confirmedRuntime(bundleWith(ONSET), 'diff --git a/src/db.js b/src/db.js\n-a\n+b\n', 'invoice-api/v3.9.0', 'invoice-api', live)).toBeNull();
  });

  it("names the upgrade over the release's commit that shares words with the errors", () => {
    const at = (sha: string, message: string, over: Parameters<typeof change>[3]) =>
      change(sha.padEnd(40, '0'), message, 0.25, { change: { sha: sha.padEnd(40, '0'), ref: 'invoice-api/v3.9.0', message, author: 'a <a@x>', time: new Date(ONSET - 15_000).toISOString() }, ...over });
    const pool = at('8d0045a9', 'Raise pg pool max to 20 and fail connects after 5 s', { relevance: 0.6, matched: ['connect', '5432'], paths: ['invoice-api/src/db.js'] });
    const node = at('0178d10e', 'Move invoice-api to Node 18 LTS', { relevance: 0.05, matched: [], paths: ['invoice-api/Dockerfile'] });
    const ctx = ctxFor('invoice-api', ['invoice-api', 'pdf-renderer']);
    expect(rank([pool, node], ctx).best.suspect?.sha).toBe(pool.change.sha);
    const v = rank([pool, { ...node, runtime: 'node:16 → node:18; nodejs_version_info went from v16.20.2 to v18.20.4' }], ctx);
    expect(v.best.suspect?.sha).toBe(node.change.sha);
    expect(v.best.service).toBe('invoice-api');
    expect(v.best.summary).toContain('runtime changed under the code');
  });
});
