// Change correlation by time, end to end on a real git repository: a release whose words share nothing with the
// errors went live where the memory of its service began to climb, an hour before the first OOM kill; a later
// release (minutes before the errors) is the decoy a timing-only guess would take. The built CLI and real servers.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportSchema } from '../../src/core/report.js';
import { cliBuilt, runCliJson } from '../helpers/cli.js';
import { createRepo, tempDir } from '../servers/git/git-fixture.js';

const T0 = Date.parse('2026-04-02T10:00:00Z');
const MIN = 60_000;
const DEPLOY = 20; // minutes after T0: the release that starts the climb
const ONSET = 80; // the first OOM kill
const AT = new Date(T0 + 120 * MIN).toISOString();
const iso = (m: number) => new Date(T0 + m * MIN).toISOString();

/** Resident memory of the media workers every 15 s: flat, then climbing from the release to the kill, then again. */
function metricsFile(): string {
  const lines = ['# TYPE process_resident_memory_bytes gauge'];
  for (let s = 0; s <= 120 * 60; s += 15) {
    const m = s / 60;
    const wobble = 1 + 0.01 * Math.sin(s / 70);
    const climb = m < DEPLOY ? 0 : m < ONSET ? (m - DEPLOY) * 3e7 : ((m - ONSET) % 40) * 3e7;
    lines.push(`process_resident_memory_bytes{service="media"} ${Math.round((4e8 + climb) * wobble)} ${(T0 + s * 1000) / 1000}`);
  }
  return `${lines.join('\n')}\n# EOF\n`;
}

/** The media service's own log: work every 30 s, and jobs failing as its workers are killed from the onset on. */
function logFile(): string {
  const lines: string[] = [];
  for (let s = 0; s < 120 * 60; s += 30) {
    const m = s / 60;
    const t = new Date(T0 + s * 1000).toISOString();
    lines.push(`${t} INFO [media] job ${4000 + s / 30} done in 1.2s`);
    if (m >= ONSET && s % 60 === 0) lines.push(`${t} ERROR [media] job ${9000 + s / 60} failed: worker exited with signal 9 (OOMKilled)`);
  }
  return `${lines.join('\n')}\n`;
}

describe.skipIf(!cliBuilt('rca'))('change correlation by time (needs the build)', () => {
  it('blames the release that went live where the memory climb began, though its words match nothing', { timeout: 90_000 }, async () => {
    const repo = await createRepo();
    await repo.commit({ message: 'Initial media service', date: '2026-04-01T09:00:00Z', files: { 'src/media/app.py': 'run()\n' } });
    await repo.tag('v2.3.0', { date: '2026-04-01T10:00:00Z', message: 'Deploy v2.3.0' });
    const culprit = await repo.commit({
      message: 'Switch thumbnails to the new image pipeline',
      date: iso(DEPLOY - 10),
      files: { 'src/media/thumbs.py': 'from media.pipeline import ImagePipeline\n\npipeline = ImagePipeline(quality="high", upscale=True)\n' },
    });
    await repo.tag('v2.4.0', { date: iso(DEPLOY), message: 'Deploy v2.4.0' });
    const decoy = await repo.commit({
      message: 'Reword the welcome banner',
      date: iso(ONSET - 12),
      files: { 'src/media/banner.py': 'BANNER = "Welcome back"\n' },
    });
    await repo.tag('v2.4.1', { date: iso(ONSET - 8), message: 'Deploy v2.4.1' });

    const dir = tempDir('rca-timing-');
    mkdirSync(join(dir, 'logs'));
    writeFileSync(join(dir, 'logs', 'media.log'), logFile());
    writeFileSync(join(dir, 'metrics.om'), metricsFile());
    const args = ['media jobs failing', '--logs', 'logs', '--metrics', 'metrics.om', '--repo', repo.dir, '--at', AT, '--window', '2h', '--offline', '--json'];
    const r = await runCliJson<unknown>('rca', args, { cwd: dir, env: { INCIDENT_COPILOT_DB: join(dir, 'h.db') }, timeoutMs: 85_000 });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = reportSchema.parse(r.json);
    expect(report.root_cause.suspect_change?.sha, report.root_cause.summary).toBe(culprit);
    expect(report.root_cause.suspect_change?.ref).toBe('v2.4.0');
    expect(report.root_cause.summary).toContain('memory climb');
    expect(report.root_cause.summary).toContain('timing, not words');
    expect(report.root_cause.category).toBe('resource_exhaustion');
    expect(report.root_cause.suspect_change?.sha).not.toBe(decoy);
  });
});
