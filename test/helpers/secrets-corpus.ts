// The secrets corpus of fixtures/secrets and the one leak check every secrets test uses: a secret leaks when it,
// or any 8+ character run of letters and digits from it, appears in what was printed, stored or sent.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from './cli.js';

const entrySchema = z.object({ kind: z.string(), secret: z.string().min(6), line: z.string(), env: z.string().optional() });
export type SecretEntry = z.infer<typeof entrySchema>;

export function loadCorpus(): SecretEntry[] {
  return z.array(entrySchema).parse(JSON.parse(readFileSync(join(REPO_ROOT, 'fixtures', 'secrets', 'credentials.json'), 'utf8')));
}

function fragments(secret: string): string[] {
  return [secret, ...secret.split(/[^A-Za-z0-9]+/).filter((p) => p.length >= 8)];
}

/** `kind: fragment` for every secret of `entries` found in `text` (empty when nothing leaked). */
export function leaksIn(text: string, entries: SecretEntry[]): string[] {
  const out: string[] = [];
  for (const e of entries) {
    const hit = fragments(e.secret).find((f) => text.includes(f));
    if (hit) out.push(`${e.kind}: ${hit}`);
  }
  return out;
}
