// The demo fallback: with no sources configured, the fixtures/checkout-500 parts that exist are used,
// its git bundle is cloned once into the cache (a real bundle made in a temp dir), the rest is skipped.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyDemoFallback } from '../../src/core/config-demo.js';
import { configFileSchema } from '../../src/core/config-schema.js';
import type { ResolvedConfig } from '../../src/core/config-types.js';
import { mergeConfig } from '../../src/core/config.js';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rca-demo-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function emptyConfig(cwd: string): ResolvedConfig {
  return mergeConfig({ config: configFileSchema.parse({}), path: null }, {}, cwd);
}

async function makeBundle(dir: string, bundle: string): Promise<string> {
  const repo = join(dir, 'src-repo');
  mkdirSync(repo);
  const git = (...args: string[]) => execa('git', args, { cwd: repo, env: { GIT_AUTHOR_DATE: '2025-03-04T14:00:00Z', GIT_COMMITTER_DATE: '2025-03-04T14:00:00Z' } });
  await git('init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'README.md'), 'demo\n');
  await git('add', '.');
  await git('-c', 'user.name=T', '-c', 'user.email=t@e', 'commit', '-qm', 'first');
  await git('bundle', 'create', bundle, '--all');
  return (await git('rev-parse', 'HEAD')).stdout;
}

describe('demo fallback', () => {
  it('uses the demo parts that exist, clones the bundle once, and says so', async () => {
    const root = tempDir();
    const demo = join(root, 'fixtures', 'checkout-500');
    mkdirSync(join(demo, 'logs'), { recursive: true });
    mkdirSync(join(demo, 'metrics'));
    writeFileSync(join(demo, 'metrics', 'metrics.om'), '# EOF\n');
    writeFileSync(join(demo, 'scenario.json'), JSON.stringify({ at: '2025-03-04T14:55:00Z' }));
    const sha = await makeBundle(root, join(demo, 'repo.bundle'));
    const cacheDir = join(root, 'cache');

    const r = await applyDemoFallback(emptyConfig(root), { root, cacheDir });
    expect(r.demo).toBe(true);
    expect(r.notice).toMatch(/^demo: reading the bundled demo incident \(fixtures\/checkout-500\), not your systems/);
    expect(r.config.sources.logs).toEqual([join(demo, 'logs')]);
    expect(r.config.sources.metrics).toBe(join(demo, 'metrics', 'metrics.om'));
    expect(r.config.sources.docker).toBeUndefined(); // no docker/snapshot.json in this demo
    expect(r.config.at).toBe('2025-03-04T14:55:00Z');
    const repo = r.config.sources.repo!;
    expect(repo.startsWith(cacheDir)).toBe(true);
    expect((await execa('git', ['rev-parse', 'HEAD'], { cwd: repo })).stdout).toBe(sha);

    const again = await applyDemoFallback(emptyConfig(root), { root, cacheDir });
    expect(again.config.sources.repo).toBe(repo);
  });

  it('leaves configured sources alone and lets --at win over the demo moment', async () => {
    const root = tempDir();
    const configured = { ...emptyConfig(root), sources: { logs: ['/x.log'] } };
    const r = await applyDemoFallback(configured, { root, cacheDir: join(root, 'cache') });
    expect(r).toEqual({ config: configured, demo: false, notice: null });

    const demo = join(root, 'fixtures', 'checkout-500');
    mkdirSync(join(demo, 'docker'), { recursive: true });
    writeFileSync(join(demo, 'docker', 'snapshot.json'), '{}');
    writeFileSync(join(demo, 'scenario.json'), JSON.stringify({ at: '2025-03-04T14:55:00Z' }));
    const withAt = await applyDemoFallback({ ...emptyConfig(root), at: '2025-01-01T00:00:00Z' }, { root, cacheDir: join(root, 'cache') });
    expect(withAt.config.at).toBe('2025-01-01T00:00:00Z');
    expect(withAt.config.sources).toEqual({ logs: [], repo: undefined, metrics: undefined, docker: join(demo, 'docker', 'snapshot.json') });
    expect(existsSync(join(root, 'cache'))).toBe(false); // nothing to clone, nothing created
  });
});
