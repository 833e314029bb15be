// The runbook catalogue's parse cache: the shipped runbooks read back from the cache file give the same entries,
// an edited runbook is parsed again (entries are keyed by content), and a damaged cache file is a cold cache.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadRunbookCatalog } from '../../src/investigation/runbook-candidates.js';
import { findRunbookFiles } from '../../src/runbook/catalog.js';

const ROOT = join(import.meta.dirname, '..', '..');

function tempRunbooks(): { dir: string; cacheFile: string } {
  const tmp = mkdtempSync(join(tmpdir(), 'catalog-cache-'));
  onTestFinished(() => rmSync(tmp, { recursive: true, force: true }));
  const dir = join(tmp, 'runbooks');
  cpSync(join(ROOT, 'runbooks'), dir, { recursive: true });
  return { dir, cacheFile: join(tmp, 'cache', 'runbook-catalog.json') };
}

describe('runbook catalogue cache', () => {
  it('reads back from the cache the entries a fresh parse gives', () => {
    const { dir, cacheFile } = tempRunbooks();
    const fresh = loadRunbookCatalog(null, { dir });
    expect(fresh.map((e) => e.id)).toContain('RB-DB-POOL-001');
    expect(loadRunbookCatalog(null, { dir, cacheFile })).toEqual(fresh);
    const stored = JSON.parse(readFileSync(cacheFile, 'utf8')) as { entries: Record<string, unknown> };
    // Every file is cached; the imported drafts among them are not offered.
    expect(Object.keys(stored.entries)).toHaveLength(findRunbookFiles(dir).length);
    expect(fresh.some((e) => e.id.startsWith('RB-IMP-'))).toBe(false);
    // Served from the file: an entry planted under the real key shows up, so the YAML was not parsed again.
    const key = Object.entries(stored.entries).find(([, v]) => (v as { id: string } | null)?.id === 'RB-DB-POOL-001')![0];
    (stored.entries[key] as { title: string }).title = 'from the cache';
    writeFileSync(cacheFile, JSON.stringify(stored));
    expect(loadRunbookCatalog(null, { dir, cacheFile }).find((e) => e.id === 'RB-DB-POOL-001')?.title).toBe('from the cache');
  });

  it('parses an edited runbook again and ignores a damaged cache file', () => {
    const { dir, cacheFile } = tempRunbooks();
    loadRunbookCatalog(null, { dir, cacheFile });
    const file = join(dir, 'db-pool-exhaustion.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: Edited title'));
    expect(loadRunbookCatalog(null, { dir, cacheFile }).find((e) => e.id === 'RB-DB-POOL-001')?.title).toBe('Edited title');
    writeFileSync(cacheFile, '{"version": 1, "entries": {"x": {"id": 7}}}');
    const again = loadRunbookCatalog(null, { dir, cacheFile });
    expect(again).toEqual(loadRunbookCatalog(null, { dir }));
  });
});
