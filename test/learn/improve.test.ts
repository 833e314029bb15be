// Candidate generation end to end over a real store: lineage and status, lint failures and baked-in
// case details kept out of the queue with the reason, one pending candidate per parent, priority, the model path.
import { describe, expect, it } from 'vitest';
import { improveAfterFailure } from '../../src/learn/improve.js';
import { learnFromExecution } from '../../src/learn/learn.js';
import type { RepairRule } from '../../src/learn/improve-rules.js';
import { createScriptedProvider } from '../../src/llm/index.js';
import { resolveRunbook } from '../../src/runbook/catalog.js';
import { getActiveVersion, listAttempts, listVersions, reviewQueue, saveExecution, versionSource } from '../../src/store/index.js';
import { failedRun, memoryDb, recorded, step } from './helpers.js';

const YAML = `id: RB-APP
title: Restart the app
params:
  - name: dir
    required: true
steps:
  - id: restart-app
    run: [sh, -c, 'exit 1']
    mutating: true
`;

const depFailure = (stderr = 'dependency missing: cache (start it with: touch /srv/data/cache.up)') =>
  failedRun({ params: { dir: '/srv/data' }, failing: { step_id: 'restart-app', mutating: true, stderr } });

describe('improveAfterFailure', () => {
  it('queues X-v2 pending_review with its lineage; the active version stays v1 until approval', async () => {
    const db = memoryDb();
    const { rb, parent, result } = recorded(db, YAML, depFailure());
    const out = await learnFromExecution(db, result, rb);
    expect(out.classification?.failure_type).toBe('runbook_insufficient');
    expect(out.improvement?.outcome).toBe('queued');
    const v2 = out.improvement!.candidate!;
    expect(v2).toMatchObject({
      runbook_id: 'RB-APP', version: 2, status: 'pending_review', parent_version: parent.version, failed_execution_id: result.execution_id,
      failure_type: 'runbook_insufficient', generated_by: 'rules', model: null, priority: 'normal',
    });
    expect(v2.notes).toContain('Starts cache before restart-app');
    expect(getActiveVersion(db, 'RB-APP')?.version).toBe(1);
    expect(resolveRunbook(versionSource(db), 'RB-APP').version.version).toBe(1);
    expect(reviewQueue(db).map((v) => v.version)).toEqual([2]);
    expect(listAttempts(db, { runbookId: 'RB-APP' })[0]).toMatchObject({ outcome: 'queued', candidate_version: 2, generated_by: 'rules' });
  });

  it('keeps a candidate that fails lint out of the queue and records why', async () => {
    const db = memoryDb();
    const { rb, parent, result } = recorded(db, YAML, depFailure());
    const broken: RepairRule = (i) => ({ name: 'broken', summary: 'adds a field that does not exist', yaml: i.yaml.replace('title:', 'colour: red\ntitle:') });
    const out = await improveAfterFailure(db, { result, parent, runbook: rb, classification: { failure_type: 'runbook_insufficient' } }, { repairs: [broken] });
    expect(out).toMatchObject({ outcome: 'lint_failed', candidate: null });
    expect(out.reason).toMatch(/:2:1: unknown field "colour"/);
    expect(listVersions(db, 'RB-APP')).toHaveLength(1);
    expect(listAttempts(db, { runbookId: 'RB-APP' })[0]).toMatchObject({ outcome: 'lint_failed', generated_by: 'rules' });
    expect(listAttempts(db, { runbookId: 'RB-APP' })[0].yaml).toContain('colour: red');
  });

  it('refuses to bake the failed host, timestamps or ids into the steps', async () => {
    const db = memoryDb();
    const r = failedRun({ failing: { step_id: 'restart-app', stderr: 'dependency missing: cache (start it with: ssh web-7.prod.example.net systemctl start cache)' }, params: { dir: '/x' } });
    const { rb, parent, result } = recorded(db, YAML, r);
    const out = await improveAfterFailure(db, { result, parent, runbook: rb, classification: { failure_type: 'runbook_insufficient' } });
    expect(out.outcome).toBe('unsafe');
    expect(out.reason).toContain('hostname "web-7.prod.example.net" of the failed run');
    const stamped = failedRun({ failing: { step_id: 'restart-app', stderr: 'dependency missing: 3f9a2c7d1b4e5f60' }, params: { dir: '/x' } });
    const db2 = memoryDb();
    const again = recorded(db2, YAML, stamped);
    const o2 = await improveAfterFailure(db2, { result: again.result, parent: again.parent, runbook: again.rb, classification: { failure_type: 'runbook_insufficient' } });
    expect(o2.outcome).toBe('unsafe');
    expect(o2.reason).toContain('hex id "3f9a2c7d1b4e5f60"');
  });

  it('adds no second candidate for the same parent, and raises it to high after repeated failures', async () => {
    const db = memoryDb();
    const { rb, parent, result } = recorded(db, YAML, depFailure());
    const input = { result, parent, runbook: rb, classification: { failure_type: 'runbook_insufficient' as const } };
    expect((await improveAfterFailure(db, input)).outcome).toBe('queued');
    for (let i = 0; i < 2; i++) saveExecution(db, { ...depFailure(), runbook_id: 'RB-APP', runbook_version: 1 });
    const second = await improveAfterFailure(db, input);
    expect(second.outcome).toBe('already_pending');
    expect(listVersions(db, 'RB-APP').map((v) => [v.version, v.priority])).toEqual([[1, 'normal'], [2, 'high']]);
  });

  it('a new candidate after 3 failures starts as high priority; critical runbooks always do', async () => {
    const db = memoryDb();
    const { rb, parent, result } = recorded(db, YAML.replace('title:', 'severity: critical\ntitle:'), depFailure());
    const out = await improveAfterFailure(db, { result, parent, runbook: rb, classification: { failure_type: 'runbook_insufficient' } });
    expect(out.candidate?.priority).toBe('high');
  });

  it('a failure while answering an incident with a high-severity runbook is high priority', async () => {
    const db = memoryDb();
    const { rb, parent, result } = recorded(db, YAML.replace('title:', 'severity: high\ntitle:'), { ...depFailure(), incident_id: 'inv-20260302-100000-abcdef' });
    const out = await improveAfterFailure(db, { result, parent, runbook: rb, classification: { failure_type: 'runbook_insufficient' } });
    expect(out.candidate?.priority).toBe('high');
    const db2 = memoryDb();
    const plain = recorded(db2, YAML.replace('title:', 'severity: high\ntitle:'), depFailure());
    const o2 = await improveAfterFailure(db2, { result: plain.result, parent: plain.parent, runbook: plain.rb, classification: { failure_type: 'runbook_insufficient' } });
    expect(o2.candidate?.priority).toBe('normal');
  });

  it('does nothing for types a runbook change cannot fix', async () => {
    const db = memoryDb();
    const { rb, parent, result } = recorded(db, YAML, depFailure());
    const out = await improveAfterFailure(db, { result, parent, runbook: rb, classification: { failure_type: 'permission_denied' } });
    expect(out).toMatchObject({ outcome: 'not_improvable', candidate: null });
  });

  it('takes a model candidate that lints; one that fails lint twice falls back to the rules', async () => {
    const db = memoryDb();
    const { rb, parent, result } = recorded(db, YAML, depFailure());
    const modelYaml = YAML.replace('steps:\n', 'steps:\n  - id: wait-for-cache\n    run: [sh, -c, "sleep 1"]\n');
    const provider = createScriptedProvider({ model: 'qwen3:8b', turns: [{ message: { role: 'assistant', content: JSON.stringify({ summary: 'Waits for the cache first.', yaml: modelYaml }) } }] });
    const input = { result, parent, runbook: rb, classification: { failure_type: 'runbook_insufficient' as const } };
    const out = await improveAfterFailure(db, input, { provider });
    expect(out.candidate).toMatchObject({ generated_by: 'model', model: 'qwen3:8b', notes: 'Waits for the cache first.' });
    expect(out.candidate?.yaml).toContain('wait-for-cache');

    const db2 = memoryDb();
    const again = recorded(db2, YAML, depFailure());
    const bad = JSON.stringify({ summary: 'an empty runbook', yaml: 'id: RB-APP\ntitle: x\nsteps: []\n' });
    const notices: string[] = [];
    const p2 = createScriptedProvider({ turns: [{ message: { role: 'assistant', content: bad } }, { message: { role: 'assistant', content: bad } }] });
    const o2 = await improveAfterFailure(db2, { result: again.result, parent: again.parent, runbook: again.rb, classification: { failure_type: 'runbook_insufficient' } }, { provider: p2, notice: (m) => notices.push(m) });
    expect(o2.candidate?.generated_by).toBe('rules');
    expect(p2.requests[1].messages.at(-1)?.content).toContain('does not lint');
    expect(notices[0]).toMatch(/invalid twice.*deterministic repairs/);
  });

  it('successive candidates count up: v3 after v2 was approved and failed too', async () => {
    const db = memoryDb();
    const { rb, result } = recorded(db, YAML, depFailure());
    const first = await learnFromExecution(db, result, rb);
    db.prepare("UPDATE runbook_versions SET status = CASE version WHEN 2 THEN 'active' ELSE 'deprecated' END").run();
    const v2 = first.improvement!.candidate!;
    const r2 = { ...failedRun({ ok: [step({ step_id: 'start-cache', mutating: true })], failing: { step_id: 'restart-app', mutating: true, timed_out: true, exit_code: null, error: 'timed out after 300000 ms' }, params: { dir: '/srv/data' } }), runbook_id: 'RB-APP', runbook_version: 2 };
    saveExecution(db, r2);
    const { loadRunbookText } = await import('../../src/runbook/loader.js');
    const out = await learnFromExecution(db, r2, loadRunbookText(v2.yaml, 'v2').runbook!);
    expect(out.improvement?.candidate).toMatchObject({ version: 3, parent_version: 2 });
    expect(out.improvement?.candidate?.yaml).toMatch(/timeout: 600s/);
  });
});

describe('what the loop does not learn from', () => {
  it('an interrupted run is not classified; a failed trial run of a pending candidate adds no candidate on top', async () => {
    const db = memoryDb();
    const { rb, result } = recorded(db, YAML, depFailure());
    expect((await learnFromExecution(db, { ...result, status: 'interrupted' }, rb)).classification).toBeNull();
    const first = await learnFromExecution(db, result, rb);
    const v2 = first.improvement!.candidate!;
    const trial = { ...depFailure(), runbook_id: 'RB-APP', runbook_version: v2.version };
    saveExecution(db, trial);
    const out = await learnFromExecution(db, trial, rb);
    expect(out.classification?.failure_type).toBe('runbook_insufficient');
    expect(out.improvement).toMatchObject({ outcome: 'not_improvable', reason: 'RB-APP-v2 is pending_review: improve it in review instead of stacking a candidate on it' });
    expect(listVersions(db, 'RB-APP')).toHaveLength(2);
  });
});
