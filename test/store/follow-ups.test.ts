// Follow-up questions stored with their investigation, on both engines: saved redacted, read back in order
// and zod-checked, migrated onto a version-5 store with its investigations kept, copied by `runbook db migrate`.
import { describe, expect, it } from 'vitest';
import type { FollowUp } from '../../src/core/follow-up.js';
import type { Report } from '../../src/core/report.js';
import { copyStore, getInvestigation, LATEST_VERSION, listFollowUps, openStore, saveFollowUp, saveInvestigation, schemaVersion } from '../../src/store/index.js';
import { storeEngines } from './engines.js';

const engines = storeEngines();

const report: Report = {
  incident: 'checkout 500s', engine: 'offline', window: { from: '2026-02-17T14:00:00Z', to: '2026-02-17T15:00:00Z' }, onset: null,
  root_cause: { summary: 'pool exhausted', category: 'resource_exhaustion', service: 'checkout', suspect_change: null, confidence: 0.8 },
  ruled_out: [], timeline: [], evidence: [], recommendations: [], tool_calls: [], stats: { duration_ms: 1, tool_calls: 0, model_rounds: 0, prompt_tokens: 0 },
};

function followUp(over: Partial<FollowUp> = {}): FollowUp {
  return {
    investigation_id: 'inv-1', asked_at: '2026-02-17T15:10:00.000Z', question: 'why not v2.4.0? token=abc123', kind: 'model',
    answer: 'v2.4.0 was live an hour before the onset without errors.',
    citations: [
      { claim: 'the errors start at 14:45', call_id: 'q-1', tool: 'logs__search_logs', quote: 'password=hunter2 pool exhausted', verified: true, why: null },
      { claim: 'made up', call_id: 'q-9', tool: 'unknown', quote: 'nothing', verified: false, why: 'cites q-9, which is not a call of this investigation' },
    ],
    model: 'ollama:qwen3', stats: { rounds: 2, tool_calls: 1, prompt_tokens: 900 }, notices: [],
    ...over,
  };
}

for (const engine of engines) {
  describe.skipIf(!engine.available)(engine.title, () => {
    it('keeps each question with its investigation, redacted, oldest first', () => {
      const db = engine.open();
      saveFollowUp(db, followUp({ asked_at: '2026-02-17T15:20:00.000Z', question: 'second' }));
      saveFollowUp(db, followUp());
      saveFollowUp(db, followUp({ investigation_id: 'inv-2', question: 'elsewhere' }));
      const got = listFollowUps(db, 'inv-1');
      expect(got.map((f) => f.question)).toEqual(['why not v2.4.0? token=[REDACTED]', 'second']);
      expect(got[0]!.citations[0]!.quote).toBe('password=[REDACTED] pool exhausted');
      expect(got[0]!.citations[1]).toMatchObject({ verified: false, call_id: 'q-9' });
      expect(got[0]!.model).toBe('ollama:qwen3');
      expect(listFollowUps(db, 'inv-none')).toEqual([]);
    });

    it('migrates a version-5 store: its investigations stay, questions can then be kept', () => {
      const old = engine.open(5);
      expect(schemaVersion(old)).toBe(5);
      const id = saveInvestigation(old, { incident: 'old one', window: report.window, sources: {}, report, toolCalls: [] });
      expect(listFollowUps(old, id)).toEqual([]);
      const db = engine.again(old);
      expect(schemaVersion(db)).toBe(LATEST_VERSION);
      expect(getInvestigation(db, id)?.incident).toBe('old one');
      saveFollowUp(db, followUp({ investigation_id: id }));
      expect(listFollowUps(db, id)).toHaveLength(1);
    });
  });
}

describe('runbook db migrate', () => {
  it('copies the follow-up questions once', () => {
    const from = openStore(':memory:');
    const to = openStore(':memory:');
    saveFollowUp(from, followUp());
    saveFollowUp(from, followUp({ question: 'again' }));
    expect(copyStore(from, to).find((c) => c.table === 'follow_ups')).toMatchObject({ source: 2, copied: 2, missing: 0 });
    expect(copyStore(from, to).find((c) => c.table === 'follow_ups')).toMatchObject({ source: 2, copied: 0, present: 2 });
    expect(listFollowUps(to, 'inv-1').map((f) => f.question)).toEqual(['why not v2.4.0? token=[REDACTED]', 'again']);
    from.close();
    to.close();
  });
});
