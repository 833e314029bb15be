// Merging a grounded verdict into the offline report: when code adopts the model's conclusion, how the
// suspect change is built from tool outputs, and what the report keeps from both engines.
import { describe, expect, it } from 'vitest';
import { reportSchema, type ModelVerdict } from '../../src/core/report.js';
import { findCommit } from '../../src/llm/commit-lookup.js';
import { groundVerdict } from '../../src/llm/grounding.js';
import type { LoopCall } from '../../src/llm/loop.js';
import { mergeVerdictIntoReport, offlineWithNotice } from '../../src/llm/merge.js';
import { summarizeOfflineReport } from '../../src/llm/prompt.js';
import { demoOfflineReport, ENDPOINT_SHA, POOL_SHA } from './demo-tools.js';

const commitsText = JSON.stringify({
  deployments: [{ tag: 'v2.6.0', sha: ENDPOINT_SHA, time: '2026-03-10T13:50:00Z', commits: [{ sha: ENDPOINT_SHA }] }],
  commits: [{ sha: ENDPOINT_SHA, author: 'Lee Dev', time: '2026-03-10T13:49:00Z', message: 'checkout: add /recommendations endpoint' }],
});
const errorsText = '{"matches":[{"message":"NullPointerException in RecommendationController.handle (checkout)"}]}';
const calls: LoopCall[] = [
  { id: 'llm-1', outcomeId: 'c7', tool: 'git__get_deployments', args: {}, ok: true, ms: 3, sentText: commitsText, fullText: commitsText, cut: false },
  { id: 'llm-2', outcomeId: 'c8', tool: 'logs__search_logs', args: { pattern: 'Exception' }, ok: true, ms: 4, sentText: errorsText, fullText: errorsText, cut: false },
];
const records = calls.map((c) => ({ id: c.id, tool: c.tool, text: c.sentText }));
const run = { engine: 'ollama:qwen3:8b', model: { name: 'qwen3:8b', provider: 'ollama' }, calls, rounds: 3, promptTokens: 4321, durationMs: 1500, notices: [] };

function verdict(over: Partial<ModelVerdict>): ModelVerdict {
  return { summary: 'The new endpoint throws on checkout.', category: 'code_regression', service: 'checkout', suspect_sha: ENDPOINT_SHA.slice(0, 10), confidence: 0.85, onset: null,
    evidence: [
      { call_id: 'llm-2', detail: 'exceptions from the new controller', quote: 'NullPointerException in RecommendationController.handle' },
      { call_id: 'llm-1', detail: 'the release', quote: 'add /recommendations endpoint' },
    ],
    ruled_out: [{ what: 'pool size change', reason: 'no pool timeouts' }], recommendations: ['Roll back v2.6.0'], ...over };
}

describe('mergeVerdictIntoReport', () => {
  it('adopts a stronger, verified, different conclusion and builds suspect_change from tool output', () => {
    const offline = demoOfflineReport();
    const r = mergeVerdictIntoReport(offline, groundVerdict(verdict({}), records), run);
    expect(reportSchema.safeParse(r).success).toBe(true);
    expect(r.engine).toBe('ollama:qwen3:8b');
    expect(r.model).toEqual({ name: 'qwen3:8b', provider: 'ollama', rounds: 3, adopted: true, reason: null });
    expect(r.root_cause).toEqual({
      summary: 'The new endpoint throws on checkout.', category: 'code_regression', service: 'checkout', confidence: 0.8,
      suspect_change: { sha: ENDPOINT_SHA, ref: 'v2.6.0', message: 'checkout: add /recommendations endpoint', author: 'Lee Dev', time: '2026-03-10T13:49:00Z' },
    });
    expect(r.hypotheses?.[0]).toMatchObject({ summary: `offline: ${offline.root_cause.summary}`, confidence: 0.7 });
    expect(r.tool_calls.map((c) => c.id)).toEqual(['hub-off-1', 'c7', 'c8']);
    expect(r.evidence.slice(0, 2).map((e) => [e.call_id, e.verified])).toEqual([['c8', true], ['c7', true]]);
    expect(r.stats).toEqual({ duration_ms: 1600, tool_calls: 3, model_rounds: 3, prompt_tokens: 4321 });
    expect(r.ruled_out.map((x) => x.what)).toContain('pool size change');
    expect(r.recommendations[0]).toBe('Roll back v2.6.0');
  });

  it('keeps the offline suspect when the model agrees on the finding but names no change', () => {
    const offline = demoOfflineReport();
    const v = verdict({ category: 'resource_exhaustion', suspect_sha: null, confidence: 0.9 });
    const r = mergeVerdictIntoReport(offline, groundVerdict(v, records), run);
    expect(r.root_cause.suspect_change?.sha).toBe(POOL_SHA);
    expect(r.root_cause.category).toBe('resource_exhaustion');
  });

  it('does not adopt a weaker conclusion even with verified evidence', () => {
    const offline = { ...demoOfflineReport(), root_cause: { ...demoOfflineReport().root_cause, confidence: 0.9 } };
    const g = groundVerdict(verdict({ evidence: verdict({}).evidence.slice(0, 1) }), records);
    const r = mergeVerdictIntoReport(offline, g, run);
    expect(r.root_cause).toEqual(offline.root_cause);
    expect(r.notices).toContain("the model's conclusion was not adopted: it is weaker than the offline analysis");
    // Nothing of the model's is the report's: the engine says so, and `model` says why.
    expect(r.engine).toBe('offline');
    expect(r.model).toEqual({ name: 'qwen3:8b', provider: 'ollama', rounds: 3, adopted: false, reason: 'it is weaker than the offline analysis' });
    expect(r.hypotheses?.[0]).toMatchObject({ summary: 'model (not adopted): The new endpoint throws on checkout.', confidence: 0.6 });
  });

  it('does not adopt a contradicting conclusion whose only verified evidence the offline report already had', () => {
    const offline = demoOfflineReport();
    offline.evidence.push({ source: 'logs', tool: 'logs__search_logs', call_id: 'hub-off-2', detail: 'exceptions', quote: 'NullPointerException in RecommendationController.handle (checkout)' });
    const g = groundVerdict(verdict({ evidence: verdict({}).evidence.slice(0, 1), confidence: 0.95 }), records);
    expect(g.verifiedCount).toBe(1);
    const r = mergeVerdictIntoReport(offline, g, run);
    expect(r.root_cause).toEqual(offline.root_cause);
    expect(r.model?.reason).toBe('it contradicts the offline analysis without new evidence of its own');
  });

  it('offlineWithNotice keeps the report and adds the line', () => {
    const r = offlineWithNotice(demoOfflineReport(), ['Ollama at x is not reachable (ECONNREFUSED); using the offline report'], { rounds: 2, promptTokens: 900 });
    expect(r.engine).toBe('offline');
    expect(r.notices).toEqual(['Ollama at x is not reachable (ECONNREFUSED); using the offline report']);
    expect(r.stats.model_rounds).toBe(2);
  });
});

describe('findCommit', () => {
  it('prefers a full commit record and finds the release that contains it', () => {
    expect(findCommit(ENDPOINT_SHA.slice(0, 7), [commitsText])).toMatchObject({ sha: ENDPOINT_SHA, ref: 'v2.6.0', author: 'Lee Dev' });
    expect(findCommit('abcdef1', [commitsText])).toBeNull();
  });
});

describe('summarizeOfflineReport', () => {
  it('gives the leading hypothesis, the suspect, the ruled-out and the evidence, each line clipped', () => {
    const offline = demoOfflineReport();
    offline.evidence.push({ ...offline.evidence[0], detail: 'x'.repeat(500) });
    const text = summarizeOfflineReport(offline);
    expect(text.split('\n')).toEqual([
      'Window: 2026-03-10T13:00:00.000Z .. 2026-03-10T15:00:00.000Z; onset: 2026-03-10T14:02:00.000Z',
      'Leading (0.70, resource_exhaustion, service checkout): The checkout DB connection pool was cut from 20 to 5 and is exhausted.',
      `Suspect change: ${POOL_SHA} (v2.5.0) "checkout: lower DB pool maximumPoolSize from 20 to 5" at 2026-03-10T13:51:00Z`,
      `Ruled out: ${ENDPOINT_SHA.slice(0, 8)} add /recommendations endpoint: its diff does not touch the pool`,
      'Evidence (logs__error_signatures): new signature: pool timeouts',
      `Evidence (logs__error_signatures): ${'x'.repeat(109)}…`,
    ]);
  });
});
