// A release that only moved a service's dependency versions (lockfiles, manifests) as that service's CPU jumped is
// named on timing and what it changed, over another service's change that shares words with the errors.
import { describe, expect, it } from 'vitest';
import { upgradesOnly } from '../../src/rca/change-settings.js';
import { rank } from '../../src/rca/rank.js';
import { isNonRuntime } from '../../src/rca/relevance.js';
import { change, condition, ctxFor } from './rank-findings.js';

describe('dependency manifests', () => {
  it('are runtime files (requirements.txt aside, a .txt file)', () => {
    for (const p of ['svc/poetry.lock', 'go.sum', 'Gemfile.lock', 'package-lock.json', 'svc/pyproject.toml']) expect(isNonRuntime(p), p).toBe(false);
    for (const p of ['README.md', 'docs/requirements.md', 'notes.txt', 'svc/tests/test_render.py']) expect(isNonRuntime(p), p).toBe(true);
  });

  it('make a change an upgrade only when nothing else that runs changed', () => {
    expect(upgradesOnly(change('a1', 'poetry update', 3, { paths: ['pdf-worker/poetry.lock', 'pdf-worker/pyproject.toml'] }))).toBe(true);
    expect(upgradesOnly(change('a2', 'Bump deps', 3, { paths: ['api/go.mod', 'api/go.sum', 'api/README.md'] }))).toBe(true);
    expect(upgradesOnly(change('a3', 'Bump and use', 3, { paths: ['api/go.mod', 'api/render.go'] }))).toBe(false);
    expect(upgradesOnly(change('a4', 'Docs', 3, { paths: ['api/README.md'] }))).toBe(false);
    expect(upgradesOnly(change('a5', 'Pin', 3, { paths: ['api/requirements.txt', 'api/README.md'] }))).toBe(true);
  });
});

describe('a dependency upgrade as a service hits its CPU limit', () => {
  const ctx = ctxFor('reports-web', ['reports-web', 'pdf-worker']);
  const cpu = condition({
    condition: 'saturation',
    category: 'resource_exhaustion',
    service: 'pdf-worker',
    confidence: 0.65,
    summary: 'a resource limit was hit in pdf-worker: container_cpu_usage_seconds_total reached 99 % of its limit',
  });
  const words = change('bbbb2222', 'Offer to email the export when it is ready', 1, {
    relevance: 0.6,
    paths: ['reports-web/app/views/exports.py'],
    matched: ['pending', 'task', 'render'],
  });
  const upgrade = (paths: string[], gap = 2) =>
    change('aaaa1111', 'Update locked dependencies (poetry update)', gap, { relevance: 0.05, matched: [], paths, hints: ['version changed from 10.4.0 to 11.0.0'] });

  it("blames the upgrade of the service at its limit over another service's word match", () => {
    const v = rank([cpu, words, upgrade(['pdf-worker/poetry.lock', 'pdf-worker/pyproject.toml'])], ctx);
    expect(v.best.suspect?.sha).toBe('aaaa1111');
    expect(v.best.service).toBe('pdf-worker');
    expect(v.best.summary).toContain("upgraded that service's dependencies");
  });

  it('does not blame an upgrade of another service, or one that went live long before', () => {
    expect(rank([cpu, words, upgrade(['reports-web/poetry.lock'])], ctx).best.suspect?.sha).not.toBe('aaaa1111');
    expect(rank([cpu, words, upgrade(['pdf-worker/poetry.lock'], 300)], ctx).best.suspect?.sha).not.toBe('aaaa1111');
  });
});
