// The runbooks a report may name: just the fields matching and the offer read, parsed from the active
// versions in the database and the files under the runbooks directory (no positions, no lint: ~5x cheaper).
import { readFileSync } from 'node:fs';
import { yaml } from '../core/lazy-yaml.js';
import { z } from 'zod';
import { findRunbookFiles, runbooksDir } from '../runbook/runbook-files.js';
import type { MatchCandidate } from '../runbook/match.js';
import { listRunbooks, type Db } from '../store/index.js';
import { entryCache } from './catalog-cache.js';

export interface CatalogEntry extends MatchCandidate {
  /** Names of the runbook's params, so the offer can fill the obvious ones from the report. */
  params: string[];
}

/** The full schema and lint run when `runbook exec` loads the one chosen. */
const catalogEntrySchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  match: z
    .object({
      categories: z.array(z.string()).default([]),
      signatures: z.array(z.string()).default([]),
      services: z.array(z.string()).default([]),
    })
    .optional(),
  params: z.array(z.object({ name: z.string() })).default([]),
  tags: z.array(z.string()).default([]),
});

/**
 * Active versions in the database first (they win over a file of the same id), then the files that are not
 * drafts. A file that is not a runbook is skipped here; `runbook lint` and `runbook exec` report it.
 */
export function loadRunbookCatalog(db: Db | null, opts: { dir?: string; cacheFile?: string } = {}): CatalogEntry[] {
  const out: CatalogEntry[] = [];
  const cache = entryCache(opts.cacheFile);
  const add = (read: () => string, approved: boolean) => {
    let text: string;
    try {
      text = read();
    } catch {
      return; // Unreadable: not a candidate.
    }
    let entry = cache.get(text);
    if (entry === undefined) {
      entry = null;
      try {
        const rb = catalogEntrySchema.safeParse(yaml().parse(text));
        if (rb.success) entry = { id: rb.data.id, title: rb.data.title, match: rb.data.match, params: rb.data.params.map((p) => p.name), draft: rb.data.tags.includes('draft') };
      } catch {
        // Not YAML: not a candidate.
      }
      cache.set(text, entry);
    }
    // A draft file (imported, not yet approved) is not offered: `runbook exec` would refuse it.
    if (entry && (approved || !entry.draft)) out.push(entry);
  };
  if (db) for (const v of listRunbooks(db)) if (v.status === 'active') add(() => v.yaml, true);
  for (const file of findRunbookFiles(opts.dir ?? runbooksDir())) add(() => readFileSync(file, 'utf8'), false);
  cache.save();
  return out;
}
