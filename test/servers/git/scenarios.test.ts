// Runs get_deployments on every shared sample scenario's repo.bundle (fixtures/shared-sample) and on the demo: the tags come
// back newest first with the dates git records for them, and the expected suspect commit is in a deployment.
import { execa } from 'execa';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeploymentsResult } from '../../../servers/git/tools/get-deployments.js';
import { connectGit } from './client.js';
import { cloneBundle } from './git-fixture.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const SHARED = resolve(ROOT, 'fixtures/shared-sample');
const scenarioDirs = readdirSync(SHARED).map((n) => join(SHARED, n)).filter((d) => existsSync(join(d, 'repo.bundle')));
const all = [...scenarioDirs, join(ROOT, 'fixtures/checkout-500')];

interface Scenario {
  at: string;
  expected: { suspect_sha: string | null };
}

/** What git itself says each tag's date is (tagger date, else commit date): an oracle independent of the server. */
async function gitTagDates(repo: string): Promise<Map<string, string>> {
  const { stdout } = await execa('git', ['for-each-ref', '--format=%(refname:strip=2) %(creatordate:unix)', 'refs/tags'], { cwd: repo });
  return new Map(stdout.split('\n').filter(Boolean).map((l) => {
    const [tag, unix] = l.split(' ');
    return [tag!, new Date(Number(unix) * 1000).toISOString()];
  }));
}

describe('get_deployments on the scenario bundles', () => {
  it('finds the shared sample scenarios in fixtures', () => {
    expect(scenarioDirs.length, `no scenarios under ${SHARED}`).toBeGreaterThan(0);
  });

  it.each(all.map((d) => [d.split('/').slice(-1)[0], d]))('%s: tags with their dates, newest first, suspect deployed', async (_name, dir) => {
    const scenario = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')) as Scenario;
    const repo = await cloneBundle(join(dir, 'repo.bundle'));
    const expected = await gitTagDates(repo);
    const git = await connectGit(repo, scenario.at);
    const r = await git.json<DeploymentsResult>('get_deployments', { until: '2100-01-01T00:00:00Z', limit: 100 });
    expect(r.deployments.length).toBe(expected.size);
    for (const d of r.deployments) expect(d.time, d.tag).toBe(expected.get(d.tag));
    const times = r.deployments.map((d) => Date.parse(d.time));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const before = await git.json<DeploymentsResult>('get_deployments');
    expect(before.deployments.every((d) => Date.parse(d.time) <= Date.parse(scenario.at))).toBe(true);
    if (scenario.expected.suspect_sha) {
      // The culprit shipped in a release before the report moment.
      const shipped = before.deployments.flatMap((d) => d.commits.map((c) => c.sha));
      expect(shipped).toContain(scenario.expected.suspect_sha);
    }
  });
});
