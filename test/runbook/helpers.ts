// Test helpers for runbooks: parse YAML text into a valid Runbook (failing loudly on problems) and a
// temp directory removed when the test ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { formatProblem, loadRunbookText } from '../../src/runbook/loader.js';
import type { Runbook } from '../../src/runbook/schema.js';

export function runbookFrom(yaml: string): Runbook {
  const loaded = loadRunbookText(yaml, 'test.yaml');
  if (!loaded.runbook) throw new Error(`test runbook does not lint:\n${loaded.problems.map(formatProblem).join('\n')}`);
  return loaded.runbook;
}

export function tempDir(prefix = 'runbook-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
