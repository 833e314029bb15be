// Format-preserving runbook edits: the shipped runbooks (mixed flow styles, folded text, comments) come back
// byte for byte when untouched, and an edit changes only the lines it means to (no `{ a: 1 }` / `{a: 1}` churn).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { diffLines } from '../../src/learn/line-diff.js';
import { insertSteps, parseRunbookDoc, render, setStepField, setVersionField } from '../../src/learn/yaml-edit.js';
import { findRunbookFiles } from '../../src/runbook/catalog.js';
import { REPO_ROOT } from '../helpers/cli.js';

const files = findRunbookFiles(join(REPO_ROOT, 'runbooks'));
const changed = (a: string, b: string) => diffLines(a, b).filter((o) => o.op !== 'same').map((o) => `${o.op === 'add' ? '+' : '-'}${o.text}`);

describe('yaml edits keep the original formatting', () => {
  it.each(files.map((f) => [f.slice(REPO_ROOT.length + 1), f]))('%s comes back unchanged when nothing is edited', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    expect(render(parseRunbookDoc(text))).toBe(text);
  });

  it('inserts a step, sets fields and the version, and touches no other line', () => {
    const text = readFileSync(join(REPO_ROOT, 'runbooks', 'db-pool-exhaustion.yaml'), 'utf8');
    const doc = parseRunbookDoc(text);
    setVersionField(doc, 2);
    insertSteps(doc, 1, [{ id: 'start-db', description: 'Start the database first', run: ['docker', 'start', 'db'], mutating: true }], 'learning loop: started first');
    setStepField(doc, 0, 'timeout', '40s'); // replaces `timeout: 20s`
    setStepField(doc, 2, 'retries', 2); // a new field on pool-config-history
    const out = render(doc);
    expect(changed(text, out)).toEqual([
      '-version: 1',
      '+version: 2',
      '-    timeout: 20s',
      '+    timeout: 40s',
      '+  # learning loop: started first',
      '+  - id: start-db',
      '+    description: Start the database first',
      '+    run: [docker, start, db]',
      '+    mutating: true',
      '+    retries: 2',
    ]);
    // The padded flow maps of the original stay padded, the tight arrays tight.
    expect(out).toContain("expect: { json: { path: $.verdict, equals: healthy } }");
    expect(out).toContain("run: [git, -C, '{{ params.repo }}', log, -n, '5'");
    expect(parse(out).steps.map((s: { id: string }) => s.id).slice(0, 3)).toEqual(['check-health', 'start-db', 'pool-config-history']);
  });

  it('adds a comment and a field to a block map, and appends a step at the end', () => {
    const text = readFileSync(join(REPO_ROOT, 'runbooks', 'container-oom.yaml'), 'utf8');
    const doc = parseRunbookDoc(text);
    doc.setIn(['verify', 'within'], '240s');
    (doc.get('verify', true) as { commentBefore?: string }).commentBefore = ' learning loop: waits longer';
    const steps = (parse(text) as { steps: unknown[] }).steps.length;
    insertSteps(doc, steps, [{ id: 'last', run: ['true'] }], 'appended');
    const out = render(doc);
    expect(changed(text, out)).toEqual(['+  # appended', '+  - id: last', '+    run: ["true"]', '+  # learning loop: waits longer', '-  within: 120s', '+  within: 240s']);
  });

  it('prints a document it did not parse (or an edit it cannot splice) whole, with the same meaning', () => {
    const text = 'id: RB-X\ntitle: x\nsteps:\n  - id: a\n    run: [true]\n';
    const doc = parseRunbookDoc(text);
    doc.set('steps', doc.createNode([{ id: 'b', run: ['false'] }]));
    expect(parse(render(doc))).toEqual({ id: 'RB-X', title: 'x', steps: [{ id: 'b', run: ['false'] }] });
  });
});
