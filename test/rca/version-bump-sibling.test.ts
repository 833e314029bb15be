// A release blamed on timing alone through its version-bump commit: the commit of that release that changed a
// setting is named. Near misses: a setting changed in another release, a bump tied to the errors by words, a code-only sibling.
import { describe, expect, it } from 'vitest';
import { rank } from '../../src/rca/rank.js';
import { versionOnly } from '../../src/rca/version-bump-sibling.js';
import { change, ctxFor, MIN, ONSET } from './rank-findings.js';

const REF = 'billing/v3.4.0';
const at = (gap: number) => new Date(ONSET - gap * MIN).toISOString();
const sha = (s: string) => s.padEnd(40, '0');

const bump = change(sha('b0b0b0b0'), 'billing 3.4.0', 0.2, {
  relevance: 0,
  matched: [],
  paths: ['billing/VERSION'],
  change: { sha: sha('b0b0b0b0'), ref: REF, message: 'billing 3.4.0', author: 'r <r@x>', time: at(0.2) },
});
const ttl = change(sha('77117711'), 'billing: signed invoice links expire after 60 s', 0.2, {
  relevance: 0,
  matched: [],
  configOnly: true,
  paths: ['billing/config/application.yaml'],
  settings: [{ path: 'billing/config/application.yaml', key: 'link-ttl', from: '15m', to: '60s', line: '+  link-ttl: 60s' }],
  hints: ['link-ttl changed from 15m to 60s'],
  change: { sha: sha('77117711'), ref: REF, message: 'billing: signed invoice links expire after 60 s', author: 'a <a@x>', time: at(60) },
});
const ctx = ctxFor('billing', ['billing', 'ledger']);

describe("a release's version bump blamed on timing", () => {
  it('reads a VERSION file as bookkeeping, and a config file as no version file', () => {
    expect(versionOnly(bump)).toBe(true);
    expect(versionOnly(ttl)).toBe(false);
  });

  it("names the release's commit that changed a setting, as a config error", () => {
    const v = rank([bump, ttl], ctx);
    expect(v.best.suspect?.sha).toBe(ttl.change.sha);
    expect(v.best.category).toBe('config_error');
    expect(v.best.service).toBe('billing');
  });

  it('near miss: a setting changed by another release (a bystander) leaves the bump named', () => {
    const other = { ...ttl, change: { ...ttl.change, ref: 'ledger/v1.2.0' }, paths: ['ledger/config/application.yaml'] };
    const v = rank([bump, other], ctx);
    expect(v.best.suspect?.sha).toBe(bump.change.sha);
  });

  it('near miss: a sibling that changed only code gives no setting to name', () => {
    const code = { ...ttl, configOnly: false, settings: [], hints: [], paths: ['billing/src/Links.kt'] };
    const v = rank([bump, code], ctx);
    expect(v.best.suspect?.sha).not.toBe(ttl.change.sha);
  });
});
