// Which runbooks fit a report: signatures against the evidence, the category for signature-less runbooks,
// the service as a bonus; and the shipped runbooks against the report of a pool exhaustion.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/report.js';
import { findRunbookFiles } from '../../src/runbook/catalog.js';
import { loadRunbookFile } from '../../src/runbook/loader.js';
import { matchRunbooks, paramsFromReport, scoreRunbook, type MatchCandidate } from '../../src/runbook/match.js';

function report(over: { category?: Report['root_cause']['category']; service?: string | null; quotes?: string[]; summary?: string } = {}): Report {
  return {
    incident: 'checkout 500s',
    engine: 'offline',
    window: { from: '2026-02-17T13:00:00Z', to: '2026-02-17T15:00:00Z' },
    onset: '2026-02-17T14:45:00Z',
    root_cause: { summary: over.summary ?? 'the pool ran out', category: over.category ?? 'resource_exhaustion', service: over.service === undefined ? 'checkout' : over.service, suspect_change: null, confidence: 0.8 },
    ruled_out: [],
    timeline: [],
    evidence: (over.quotes ?? []).map((q, i) => ({ source: 'logs', tool: 'logs__error_signatures', call_id: `c${i}`, detail: 'new error', quote: q })),
    recommendations: [],
    tool_calls: [],
    stats: { duration_ms: 1, tool_calls: 0, model_rounds: 0, prompt_tokens: 0 },
  };
}

const pool: MatchCandidate = { id: 'RB-POOL', title: 'pool', match: { categories: ['resource_exhaustion'], signatures: ['QueuePool limit .* reached'], services: ['checkout'] } };
const oom: MatchCandidate = { id: 'RB-OOM', title: 'oom', match: { categories: ['resource_exhaustion'], signatures: ['OOMKilled'], services: [] } };
const generic: MatchCandidate = { id: 'RB-GENERIC', title: 'any dependency failure', match: { categories: ['dependency_failure'], signatures: [], services: [] } };

describe('scoreRunbook', () => {
  it('category, signature and service together score 1', () => {
    const hit = scoreRunbook(report({ quotes: ['QueuePool limit of size 35 overflow 0 reached, connection timed out'] }), pool);
    expect(hit).toEqual({ id: 'RB-POOL', title: 'pool', score: 1, reasons: ['category resource_exhaustion', 'signature /QueuePool limit .* reached/', 'service checkout'] });
  });

  it('a runbook with signatures does not fit on its category alone', () => {
    expect(scoreRunbook(report({ quotes: ['QueuePool limit of size 35 overflow 0 reached'] }), oom)).toBeNull();
  });

  it('a signature-less runbook fits on its category', () => {
    expect(scoreRunbook(report({ category: 'dependency_failure', service: 'payment-gateway' }), generic)?.score).toBe(0.5);
    expect(scoreRunbook(report({ category: 'capacity' }), generic)).toBeNull();
  });

  it('another service still fits, scored lower; an unknown root cause fits nothing by category', () => {
    expect(scoreRunbook(report({ service: 'orders', quotes: ['QueuePool limit of size 5 overflow 0 reached'] }), pool)?.score).toBe(0.85);
    expect(scoreRunbook(report({ category: 'unknown' }), generic)).toBeNull();
    expect(scoreRunbook(report({ category: 'unknown', quotes: ['QueuePool limit x reached'] }), pool)?.score).toBe(0.5);
  });

  it('no match block, no fit; an invalid regex is skipped, not thrown', () => {
    expect(scoreRunbook(report(), { id: 'X', title: 'x' })).toBeNull();
    expect(scoreRunbook(report({ quotes: ['OOMKilled'] }), { id: 'Y', title: 'y', match: { signatures: ['([', 'OOMKilled'] } })?.score).toBe(0.35);
  });
});

describe('matchRunbooks', () => {
  it('orders by score then id, and the first candidate of an id wins (the database before files)', () => {
    const r = report({ category: 'dependency_failure', quotes: ['QueuePool limit 1 reached'] });
    const dbVersion: MatchCandidate = { id: 'RB-GENERIC', title: 'approved v2', match: { categories: ['dependency_failure'], signatures: [], services: [] } };
    const out = matchRunbooks(r, [dbVersion, pool, generic, oom]);
    expect(out.map((m) => [m.id, m.title, m.score])).toEqual([
      ['RB-GENERIC', 'approved v2', 0.5],
      ['RB-POOL', 'pool', 0.5],
    ]);
  });

  it('the shipped runbooks: the pool runbook first for a checkout pool exhaustion, no OOM or disk runbook', () => {
    const shipped = findRunbookFiles(join(import.meta.dirname, '..', '..', 'runbooks'))
      .map((f) => loadRunbookFile(f).runbook)
      .filter((rb) => rb !== null);
    expect(shipped.length).toBeGreaterThanOrEqual(4);
    const out = matchRunbooks(report({ quotes: ['Connection pool exhausted: 35/35 connections in use, 12 requests waiting'] }), shipped);
    expect(out[0]?.id).toBe('RB-DB-POOL-001');
    expect(out.map((m) => m.id)).not.toContain('RB-CONTAINER-OOM-001');
    expect(out.map((m) => m.id)).not.toContain('RB-DISK-PRESSURE-001');
    const oomOut = matchRunbooks(report({ service: 'search', quotes: ['container search: oom (exit 137) OOMKilled=true'] }), shipped);
    expect(oomOut[0]?.id).toBe('RB-CONTAINER-OOM-001');
  });
});

describe('paramsFromReport', () => {
  it('fills only the params the runbook declares, from the service, the suspect commit and the repository', () => {
    const r = report({ service: 'checkout' });
    const sha = '6e955a79f78f5b1ba736c5c8aa427fbee49ba135';
    const withSuspect: Report = { ...r, root_cause: { ...r.root_cause, suspect_change: { sha, ref: 'v2.4.1', message: 'm', author: 'a', time: 't' } } };
    expect(paramsFromReport(['service', 'repo', 'days'], r, '/srv/repo')).toEqual({ service: 'checkout', repo: '/srv/repo' });
    expect(paramsFromReport(['container', 'commit'], withSuspect, undefined)).toEqual({ container: 'checkout', commit: sha });
    expect(paramsFromReport(['commit', 'repo'], report({ service: null }), undefined)).toEqual({});
  });
});
