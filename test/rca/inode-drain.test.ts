// A PHP shop whose sessions moved to files that nothing collects: free inodes drain all morning with most bytes free,
// and "No space left on device" begins; the change before the drain is named, not the release 20 minutes before.
import { describe, expect, it } from 'vitest';
import { inodeDrain, isInodeSeries } from '../../src/rca/inodes.js';
import { rank } from '../../src/rca/rank.js';
import { change, condition, ctxFor, MIN, ONSET } from './rank-findings.js';

const INODES = 'node_filesystem_files_free{device="/dev/nvme0n1p1",fstype="ext4",mountpoint="/"}';
const BYTES = 'node_filesystem_avail_bytes{device="/dev/nvme0n1p1",fstype="ext4",mountpoint="/"}';

/** The shop's context with a drain of `series` under way from the window's first sample. */
function drained(series: string) {
  const ctx = ctxFor('shop', ['shop', 'nginx']);
  return { ...ctx, growth: { kind: 'disk' as const, series, start: ctx.from } };
}
const full = () => condition({ condition: 'disk_full', category: 'resource_exhaustion', service: 'shop', confidence: 0.8 });
// Fifteen hours before: session files on local disk; twenty minutes before: an avatar release sharing more words.
const sessions = () => change('846c4300aa11bb22cc33dd44ee55ff6677889900', 'sessions: store them on local disk instead of Redis', 15 * 60 + 20, { relevance: 0.45, configOnly: true, paths: ['shop/config/php/99-shop.ini'] });
const avatars = () => change('7b397cb8aa11bb22cc33dd44ee55ff6677889900', 'account: resize avatar uploads before storing them', 20, { relevance: 0.7, paths: ['shop/src/Http/Controller/AccountController.php'] });

describe('a filesystem out of inodes', () => {
  it('tells a free-inodes series from a free-bytes one', () => {
    expect(isInodeSeries(INODES)).toBe(true);
    expect(isInodeSeries('inodes_free')).toBe(true);
    expect(isInodeSeries('disk_inodes_available{path="/"}')).toBe(true);
    expect(isInodeSeries(BYTES)).toBe(false);
    expect(isInodeSeries('node_filesystem_free_bytes')).toBe(false);
    expect(inodeDrain(drained(INODES).growth)).toBe(true);
    expect(inodeDrain(drained(BYTES).growth)).toBe(false);
  });

  it('names the change before an inode drain that was under way when the window opened, over a later release', () => {
    const v = rank([sessions(), avatars(), full()], drained(INODES));
    expect(v.best.suspect?.sha).toBe(sessions().change.sha);
    expect(v.best.category).toBe('resource_exhaustion');
    expect(v.best.confidence).toBeGreaterThanOrEqual(0.7);
    expect(v.best.summary).toContain('free inodes');
    expect(v.others.some((h) => h.suspect?.sha === avatars().change.sha)).toBe(false);
  });

  it('leaves a drain of bytes, and an inode drain that began inside the window, to the other rules', () => {
    expect(rank([sessions(), avatars(), full()], drained(BYTES)).best.suspect?.sha).toBe(avatars().change.sha);
    const late = { ...drained(INODES), growth: { kind: 'disk' as const, series: INODES, start: ONSET - 30 * MIN } };
    expect(rank([sessions(), avatars(), full()], late).best.summary).not.toContain('free inodes');
  });
});
