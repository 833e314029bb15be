// Test helpers for the store: a temp directory removed when the test ends, and a minimal ExecutionResult.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { ExecutionResult } from '../../src/runbook/execution-result.js';

export function tempDir(prefix = 'store-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function execution(over: Partial<ExecutionResult> = {}): ExecutionResult {
  return {
    execution_id: 'exec-1', runbook_id: 'RB-1', runbook_version: 1, incident_id: null, incident_type: null, client_id: null, evidence_bundle_id: null,
    hostname: 'host-a', platform: 'linux', pid: 1, started_at: '2026-02-17T15:00:00.000Z', completed_at: '2026-02-17T15:00:02.000Z',
    duration_seconds: 2, status: 'success', success: true, dry_run: false, params: {}, verification_passed: true,
    verification_method: 'command', verification_checks: [], confidence: 0.95, state_before: {}, state_after: {}, state_diff: {},
    plan: [], executed_steps: [], rollback_steps: [], rolled_back: false, error_message: null, error_step: null, retry_count: 0,
    failure_type: null, tags: [],
    ...over,
  };
}
