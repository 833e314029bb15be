// The stale-build guard: a dist/bundle older than any source is detected (and the global setup rebuilt it, so
// this run's dist is fresh), a missing bundle is named, and an up-to-date one is left alone.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { staleReason } from './global-setup.js';

const BUNDLES = ['rca', 'runbook', 'logs-server', 'git-server', 'metrics-server', 'docker-server'];

function layout(): { root: string; touch: (rel: string, secondsAgo: number) => void } {
  const root = mkdtempSync(join(tmpdir(), 'stale-dist-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const touch = (rel: string, secondsAgo: number) => {
    const file = join(root, rel);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, '');
    const t = Date.now() / 1000 - secondsAgo;
    utimesSync(file, t, t);
  };
  return { root, touch };
}

describe('stale dist guard', () => {
  it('finds this repository built from its current sources (the global setup saw to it)', () => {
    expect(staleReason()).toBeNull();
  });

  it('names the source newer than the bundles, and accepts bundles newer than every source', () => {
    const { root, touch } = layout();
    touch('src/cli/compose.ts', 100);
    touch('servers/logs/index.ts', 90);
    for (const b of BUNDLES) touch(`dist/bundle/${b}.mjs`, 50);
    expect(staleReason(root)).toBeNull();
    touch('servers/git/tools/show-commit.ts', 10);
    expect(staleReason(root)).toBe('servers/git/tools/show-commit.ts is newer than dist/bundle');
  });

  it('calls a missing bundle stale', () => {
    const { root, touch } = layout();
    touch('src/a.ts', 100);
    for (const b of BUNDLES.slice(1)) touch(`dist/bundle/${b}.mjs`, 50);
    expect(staleReason(root)).toBe('dist/bundle/rca.mjs is missing');
  });
});
