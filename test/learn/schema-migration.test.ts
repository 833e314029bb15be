// A database written by the schema before the learning loop (version 2) opens with the current program:
// migrated in place, every version, execution and classification kept, the new tables usable.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addVersion, getClassification, LATEST_VERSION, listAttempts, listVersions, openStore, recordAttempt, saveClassification, saveExecution, schemaVersion } from '../../src/store/index.js';
import { failedRun, tempDir } from './helpers.js';

describe('migration to the learning schema', () => {
  it('upgrades a version-2 file and keeps its rows', () => {
    const file = join(tempDir(), 'old.db');
    const old = openStore(file, { targetVersion: 2 });
    addVersion(old, { runbookId: 'RB-O', yaml: 'id: RB-O\ntitle: o\nsteps:\n  - id: a\n    run: [true]\n', status: 'active', generatedBy: 'file' });
    const r = { ...failedRun({ failing: { step_id: 'a' } }), runbook_id: 'RB-O' };
    saveExecution(old, r);
    saveClassification(old, { executionId: r.execution_id, failureType: 'runbook_insufficient', reasoning: 'r', confidence: 0.5, classifiedBy: 'rules' });
    expect(schemaVersion(old)).toBe(2);
    expect(old.prepare("SELECT name FROM sqlite_master WHERE name = 'improvement_attempts'").get()).toBeUndefined();
    old.close();

    const db = openStore(file);
    try {
      expect(schemaVersion(db)).toBe(LATEST_VERSION);
      expect(LATEST_VERSION).toBeGreaterThanOrEqual(3);
      expect(listVersions(db, 'RB-O')).toHaveLength(1);
      expect(getClassification(db, r.execution_id)?.failure_type).toBe('runbook_insufficient');
      recordAttempt(db, { runbookId: 'RB-O', parentVersion: 1, executionId: r.execution_id, failureType: 'runbook_insufficient', generatedBy: 'rules', outcome: 'lint_failed', reason: 'x' });
      expect(listAttempts(db)).toHaveLength(1);
    } finally {
      db.close();
    }
  });
});
