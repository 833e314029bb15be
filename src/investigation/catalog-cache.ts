// Parsed runbook catalogue entries kept on disk by the hash of their YAML text: parsing the shipped runbooks
// costs ~60 ms of CPU on every `rca` run on a small machine, reading the same entries back as JSON ~1 ms.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/** What the catalogue keeps of one runbook (see runbook-candidates.ts); null for a text that is no runbook. */
export const cachedEntrySchema = z
  .object({
    id: z.string().min(1),
    title: z.string().min(1),
    match: z.object({ categories: z.array(z.string()), signatures: z.array(z.string()), services: z.array(z.string()) }).optional(),
    params: z.array(z.string()),
    /** Tagged `draft` (imported, not approved): a file like that is not offered. Required, so older caches read as cold. */
    draft: z.boolean(),
  })
  .nullable();
export type CachedEntry = z.infer<typeof cachedEntrySchema>;

const fileSchema = z.object({ version: z.literal(1), entries: z.record(z.string(), cachedEntrySchema) });

export interface EntryCache {
  /** The entry parsed from this exact text before, or undefined when it never was. */
  get(text: string): CachedEntry | undefined;
  set(text: string, entry: CachedEntry): void;
  /** Writes what this run used (so the file never grows past the catalogue); never throws. */
  save(): void;
}

const key = (text: string) => createHash('sha256').update(text).digest('base64url');

/** A cache in `file` (created on the first save); without a file, a cache that forgets. */
export function entryCache(file: string | undefined): EntryCache {
  let known: Record<string, CachedEntry> = {};
  if (file) {
    try {
      const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      // A damaged or older file is just a cold cache: it is rewritten on save.
      if (parsed.success) known = parsed.data.entries;
    } catch {
      // Missing or unreadable: cold.
    }
  }
  const used: Record<string, CachedEntry> = {};
  let changed = false;
  return {
    get(text) {
      const k = key(text);
      if (!(k in known)) return undefined;
      used[k] = known[k]!;
      return known[k];
    },
    set(text, entry) {
      used[key(text)] = entry;
      changed = true;
    },
    save() {
      if (!file || (!changed && Object.keys(used).length === Object.keys(known).length)) return;
      try {
        mkdirSync(dirname(file), { recursive: true });
        // Written under a private name and renamed: concurrent runs never read half a file.
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify({ version: 1, entries: used }));
        renameSync(tmp, file);
      } catch {
        // A read-only or full cache directory only costs the parse next time.
      }
    },
  };
}
