// Guards the demo scenario's data: build-repo.sh rebuilds exactly the committed bundle (fixed dates make it
// deterministic), scenario.json names the pool hotfix, and the logs tell the 14:45 story in ISO text.
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './git-fixture.js';

const DEMO = resolve(import.meta.dirname, '../../../fixtures/checkout-500');

async function heads(bundle: string): Promise<string> {
  const { stdout } = await execa('git', ['bundle', 'list-heads', bundle]);
  return stdout.split('\n').sort().join('\n');
}

describe('fixtures/checkout-500', () => {
  it('build-repo.sh reproduces the committed bundle: same refs, same shas', async () => {
    const out = join(tempDir('demo-bundle-'), 'repo.bundle');
    await execa('bash', [join(DEMO, 'build-repo.sh'), out]);
    expect(await heads(out)).toBe(await heads(join(DEMO, 'repo.bundle')));
  });

  it('scenario.json expects the hotfix commit, checkout, and pool categories', async () => {
    const scenario = JSON.parse(readFileSync(join(DEMO, 'scenario.json'), 'utf8'));
    expect(scenario.at).toBe('2026-02-17T15:00:00Z');
    expect(scenario.expected.service).toBe('checkout');
    expect(scenario.expected.categories).toEqual(['resource_exhaustion', 'config_error']);
    const listed = await heads(join(DEMO, 'repo.bundle'));
    expect(listed).toContain('refs/tags/v2.4.1');
    const dir = join(tempDir('demo-clone-'), 'r');
    await execa('git', ['clone', '-q', join(DEMO, 'repo.bundle'), dir]);
    const { stdout } = await execa('git', ['log', '-1', '--format=%H %ae %s', 'v2.4.1^{commit}'], { cwd: dir });
    expect(stdout).toBe(`${scenario.expected.suspect_sha} bob.johnson@company.com HOTFIX: Increase default connection pool from 30 to 35`);
    expect(readFileSync(join(DEMO, 'incident.txt'), 'utf8').trim()).toBe('500 errors on checkout');
  });

  it('the checkout log has the deploy at 14:25, the first pool exhaustion at 14:46, and ISO lines', () => {
    const text = readFileSync(join(DEMO, 'logs/checkout.log'), 'utf8');
    const lines = text.split('\n').filter(Boolean);
    const entries = lines.filter((l) => /^\d{4}-\d{2}-\d{2}T/.test(l));
    expect(entries.every((l) => /^2026-02-17T\d\d:\d\d:\d\d\.\d{3}Z (DEBUG|INFO|WARN|ERROR|FATAL) \[checkout\] /.test(l))).toBe(true);
    expect(entries[0]!.slice(0, 13)).toBe('2026-02-17T11');
    expect(entries.at(-1)!.slice(0, 13)).toBe('2026-02-17T15');
    expect(lines.length - entries.length).toBeGreaterThan(100); // stack trace continuation lines
    const first = entries.find((l) => l.includes('Connection pool exhausted'))!;
    expect(first.slice(0, 16)).toBe('2026-02-17T14:46');
    expect(entries.some((l) => l.startsWith('2026-02-17T14:25:05') && l.includes('pool_size=35'))).toBe(true);
    const requests = (from: string, to: string) => entries.filter((l) => l.slice(11, 16) >= from && l.slice(11, 16) < to && / (GET|POST) \/api\//.test(l));
    const share = (ls: string[]) => ls.filter((l) => / 5\d\d \d+ms/.test(l)).length / ls.length;
    expect(share(requests('11:00', '14:45'))).toBeLessThan(0.01);
    expect(share(requests('14:45', '14:50'))).toBeGreaterThan(0.1);
    expect(share(requests('14:56', '15:30'))).toBeLessThan(0.01);
  });
});
