// The table groups: investigations (redacted, zod-parsed), runbook versions with lineage and status
// changes, executions with history and per-version success rates, interrupted runs, classifications.
import { describe, expect, it } from 'vitest';
import {
  addVersion, getActiveVersion, getClassification, getExecution, getInvestigation, listByStatus, listExecutions, listInvestigations,
  listRunbooks, markInterrupted, openStore, parseVersionLabel, saveClassification, saveExecution, saveInvestigation, setVersionStatus,
  successRates, versionLabel,
} from '../../src/store/index.js';
import type { Report } from '../../src/core/report.js';
import { execution } from './helpers.js';
import { storeEngines } from './engines.js';

const engines = storeEngines();

const report: Report = {
  incident: '500 errors on checkout',
  engine: 'offline',
  window: { from: '2026-02-17T14:00:00Z', to: '2026-02-17T15:00:00Z' },
  onset: '2026-02-17T14:45:00Z',
  root_cause: { summary: 'pool exhausted after pool_size 30 -> 35', category: 'config_error', service: 'checkout', suspect_change: null, confidence: 0.8 },
  ruled_out: [],
  timeline: [],
  evidence: [{ source: 'logs', tool: 'logs__search_logs', call_id: 'c1', detail: 'DSN postgres://app:hunter2@db/shop', quote: 'password=hunter2' }],
  recommendations: [],
  tool_calls: [],
  stats: { duration_ms: 10, tool_calls: 1, model_rounds: 0, prompt_tokens: 0 },
};

for (const engine of engines) {
describe.skipIf(!engine.available)(engine.title, () => {
  describe('investigations', () => {
    it('saves, lists and reads back a report with secrets redacted', () => {
      const db = engine.open();
      const id = saveInvestigation(db, { incident: 'checkout 500s token=abc123', window: report.window, sources: { logs: ['a.log'] }, report, toolCalls: [{ id: 'c1' }] });
      expect(id).toMatch(/^inv-\d{8}-\d{6}-[0-9a-f]{6}$/);
      const got = getInvestigation(db, id)!;
      expect(got.incident).toBe('checkout 500s token=[REDACTED]');
      expect(got.report.evidence[0].detail).toBe('DSN postgres://app:[REDACTED]@db/shop');
      expect(got.report.evidence[0].quote).toBe('password=[REDACTED]');
      expect(got.sources).toEqual({ logs: ['a.log'] });
      const list = listInvestigations(db);
      expect(list).toEqual([
        { id, created_at: got.created_at, incident: got.incident, window: report.window, summary: report.root_cause.summary, category: 'config_error', service: 'checkout', confidence: 0.8 },
      ]);
      expect(getInvestigation(db, 'inv-none')).toBeNull();
    });
  });

  describe('runbook versions', () => {
    it('keeps one active version, lineage, and a review queue ordered by priority then age', () => {
      const db = engine.open();
      const v1 = addVersion(db, { runbookId: 'RB-X', yaml: 'id: RB-X', status: 'active', generatedBy: 'file' });
      const v2 = addVersion(db, {
        runbookId: 'RB-X', yaml: 'id: RB-X # v2', status: 'pending_review', generatedBy: 'rules', parentVersion: 1,
        failedExecutionId: 'exec-9', failureType: 'runbook_insufficient', priority: 'normal',
      });
      const v3 = addVersion(db, { runbookId: 'RB-X', yaml: 'id: RB-X # v3', status: 'pending_review', generatedBy: 'model', model: 'qwen', parentVersion: 1, priority: 'high' });
      expect([v1.version, v2.version, v3.version]).toEqual([1, 2, 3]);
      expect(listByStatus(db, 'pending_review').map((v) => v.version)).toEqual([3, 2]);
      expect(v2).toMatchObject({ parent_version: 1, failed_execution_id: 'exec-9', failure_type: 'runbook_insufficient', generated_by: 'rules' });

      const approved = setVersionStatus(db, 'RB-X', 2, { status: 'active', reviewer: 'alice', expectStatus: 'pending_review' });
      expect(approved).toMatchObject({ status: 'active', reviewer: 'alice' });
      expect(getActiveVersion(db, 'RB-X')?.version).toBe(2);
      expect(listRunbooks(db).map((v) => [v.runbook_id, v.version])).toEqual([['RB-X', 2]]);
      expect(() => setVersionStatus(db, 'RB-X', 2, { status: 'rejected', reviewer: 'bob', expectStatus: 'pending_review' })).toThrow(
        'RB-X-v2 is active, not pending_review: someone else acted on it first',
      );
      expect(versionLabel('RB-X', 2)).toBe('RB-X-v2');
      expect(parseVersionLabel('RB-X-v12')).toEqual({ runbookId: 'RB-X', version: 12 });
    });
  });

  describe('executions', () => {
    it('upserts a running row, reads history newest first and success rates per version', () => {
      const db = engine.open();
      saveExecution(db, execution({ execution_id: 'e1', status: 'running', completed_at: null, started_at: '2026-02-17T10:00:00Z' }));
      saveExecution(db, execution({ execution_id: 'e1', status: 'failure', error_message: 'step x failed', error_step: 2, started_at: '2026-02-17T10:00:00Z' }));
      saveExecution(db, execution({ execution_id: 'e2', status: 'success', started_at: '2026-02-17T11:00:00Z' }));
      saveExecution(db, execution({ execution_id: 'e3', runbook_version: 2, status: 'success', started_at: '2026-02-17T12:00:00Z' }));
      saveExecution(db, execution({ execution_id: 'e4', runbook_id: 'RB-2', status: 'refused', started_at: '2026-02-17T13:00:00Z' }));
      expect(listExecutions(db, { runbookId: 'RB-1' }).map((e) => e.execution_id)).toEqual(['e3', 'e2', 'e1']);
      expect(listExecutions(db, { limit: 2 }).map((e) => e.execution_id)).toEqual(['e4', 'e3']);
      expect(successRates(db, 'RB-1')).toEqual([
        { runbook_id: 'RB-1', runbook_version: 1, total: 2, successes: 1, failures: 1, success_rate: 0.5 },
        { runbook_id: 'RB-1', runbook_version: 2, total: 1, successes: 1, failures: 0, success_rate: 1 },
      ]);
      expect(successRates(db, 'RB-2')[0]).toMatchObject({ total: 0, success_rate: null });
      expect(getExecution(db, 'e1')).toMatchObject({ status: 'failure', error_step: 2 });
    });

    it('redacts secrets in stored step output', () => {
      const db = engine.open();
      saveExecution(db, execution({ params: { api_key: 'sk-abcdefghijklmnopqrstuvwx' }, error_message: 'curl -H "Authorization: Bearer abcdefghijklmnop" failed' }));
      const got = getExecution(db, 'exec-1')!;
      expect(got.params.api_key).toBe('[REDACTED]');
      expect(got.error_message).not.toContain('abcdefghijklmnop');
    });

    it('marks rows left running by a dead process of this host as interrupted, and only those', () => {
      const db = engine.open();
      saveExecution(db, execution({ execution_id: 'dead', status: 'running', pid: 999_999, hostname: 'here' }));
      saveExecution(db, execution({ execution_id: 'alive', status: 'running', pid: 4242, hostname: 'here' }));
      saveExecution(db, execution({ execution_id: 'other-host', status: 'running', pid: 999_999, hostname: 'there' }));
      expect(markInterrupted(db, 'here', (pid) => pid === 4242)).toEqual(['dead']);
      expect(getExecution(db, 'dead')).toMatchObject({ status: 'interrupted', success: false });
      expect(getExecution(db, 'alive')?.status).toBe('running');
      expect(getExecution(db, 'other-host')?.status).toBe('running');
      expect(listExecutions(db, {}).find((e) => e.execution_id === 'dead')?.status).toBe('interrupted');
    });

    it('stores a failure classification and copies its type onto the execution', () => {
      const db = engine.open();
      saveExecution(db, execution({ execution_id: 'f1', status: 'failure' }));
      saveClassification(db, { executionId: 'f1', failureType: 'environment_difference', reasoning: 'exit 127: command not found', confidence: 0.9, classifiedBy: 'rules', evidence: ['exit 127'] });
      expect(getClassification(db, 'f1')).toMatchObject({ failure_type: 'environment_difference', confidence: 0.9, classified_by: 'rules', evidence: ['exit 127'], model: null });
      expect(getExecution(db, 'f1')?.failure_type).toBe('environment_difference');
    });
  });
});
}
