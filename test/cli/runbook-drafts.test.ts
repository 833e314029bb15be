// Imported runbooks are drafts until a person approves them (built CLI): `runbook import` writes and queues
// them, `runbook exec` refuses a draft without --candidate, approval makes it runnable; no password is written.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBuilt, runCli, runCliJson } from '../helpers/cli.js';
import { tempDir } from '../runbook/helpers.js';
import type { ReviewItemView } from '../../src/tui/review/review-store.js';

const MD = `# Ops

### Scenario 1: Graph Down

**Diagnosis:**
\`\`\`bash
# Test connection
docker exec -it graph cypher-shell -u neo4j -p s3cr3t-graph "RETURN 1"
\`\`\`

### Scenario 2: Marker Missing

**Diagnosis:**
\`\`\`bash
# Look around
echo looking
\`\`\`

**Mitigation:**
\`\`\`bash
# Write the marker
touch MARKER_PATH
\`\`\`
`;

interface Imported {
  id: string;
  file: string | null;
  review: string | null;
  notes: string[];
}

describe.skipIf(!cliBuilt('runbook'))('imported runbooks are drafts (built CLI)', () => {
  it('import queues drafts for review; exec needs --candidate until a person approves; no password reaches the file', async () => {
    const dir = tempDir('drafts-');
    const db = join(dir, 'c.db');
    const marker = join(dir, 'marker');
    const md = join(dir, 'RUNBOOK.md');
    writeFileSync(md, MD.replace('MARKER_PATH', marker));
    const imp = await runCliJson<Imported[]>('runbook', ['import', md, '--out', join(dir, 'out'), '--json', '--db', db]);
    expect(imp.exitCode).toBe(0);
    expect(imp.json.map((d) => [d.id, d.review])).toEqual([['RB-IMP-GRAPH-DOWN', 'RB-IMP-GRAPH-DOWN-v1'], ['RB-IMP-MARKER-MISSING', 'RB-IMP-MARKER-MISSING-v1']]);

    // The password is a param read at run time; -t is gone; both are said.
    const graph = readFileSync(imp.json[0].file!, 'utf8');
    expect(graph).not.toContain('s3cr3t-graph');
    expect(graph).toContain('run: docker exec -i graph cypher-shell -u neo4j -p "$RB_CYPHER_SHELL_PASSWORD" "RETURN 1"');
    expect(graph).toMatch(/- name: cypher_shell_password\n\s+description: "Secret: the password given to cypher-shell .*\n\s+required: true/);
    expect(imp.json[0].notes).toEqual(['diag-docker-exec-it: the password given to cypher-shell is param cypher_shell_password; -t dropped: the run has no terminal']);

    // runbook review (and queue) shows the drafts.
    const queue = await runCliJson<ReviewItemView[]>('runbook', ['review', '--list', '--json', '--db', db]);
    expect(queue.json.map((i) => [i.id, i.status, i.generatedBy])).toEqual([
      ['RB-IMP-GRAPH-DOWN-v1', 'pending_review', 'import'],
      ['RB-IMP-MARKER-MISSING-v1', 'pending_review', 'import'],
    ]);
    expect((await runCli('runbook', ['queue', '--db', db])).stdout).toMatch(/RB-IMP-MARKER-MISSING-v1\s+pending_review\s+imported draft/);

    // Not live: by file, by id, by version, it is refused without --candidate, and nothing runs.
    const file = imp.json[1].file!;
    const byFile = await runCli('runbook', ['exec', file, '--yes', '--db', db]);
    expect(byFile.exitCode).toBe(2);
    expect(byFile.stderr).toContain('RB-IMP-MARKER-MISSING-v1 is pending review: it has not been approved');
    expect(byFile.stderr).toContain('runbook exec RB-IMP-MARKER-MISSING-v1 --candidate');
    const byId = await runCli('runbook', ['exec', 'RB-IMP-MARKER-MISSING', '--yes', '--db', db]);
    expect(byId.exitCode).toBe(2);
    expect(byId.stderr).toContain('runbook RB-IMP-MARKER-MISSING has no active version (a draft or candidate waits for review)');
    expect(readFileSync(file, 'utf8')).toContain('touch');
    expect(() => readFileSync(marker)).toThrow();

    // Deliberately, as a candidate: it runs (and stays a draft).
    const cand = await runCliJson<{ status: string; runbook_version: number }>('runbook', ['exec', 'RB-IMP-MARKER-MISSING-v1', '--candidate', '--yes', '--json', '--db', db]);
    expect(cand.json).toMatchObject({ status: 'success', runbook_version: 1 });

    // Approved by a person: the same file now runs as the active version.
    expect((await runCli('runbook', ['approve', 'RB-IMP-MARKER-MISSING-v1', '--notes', 'read every step', '--reviewer', 'ann', '--db', db])).exitCode).toBe(0);
    const live = await runCliJson<{ status: string }>('runbook', ['exec', file, '--yes', '--json', '--db', db]);
    expect(live.json.status).toBe('success');

    // An edited draft file is a new draft: it waits for review again instead of replacing the approved version.
    writeFileSync(file, readFileSync(file, 'utf8').replace('Look around', 'Look around first'));
    const edited = await runCli('runbook', ['exec', file, '--yes', '--db', db]);
    expect(edited.exitCode).toBe(2);
    expect(edited.stderr).toContain('RB-IMP-MARKER-MISSING-v2 is pending review');
  });
});
