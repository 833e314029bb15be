// Unit tests of the pure parsers (git log -z --numstat records, for-each-ref tag records), on hand-written
// input for the edge cases and on real git output for the format contract.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { compareVersionish, parseTags, sortNewestFirst, TAG_FORMAT } from '../../../servers/git/deployments.js';
import { LOG_ARGS, parseLog, parseNumstat, toUtcIso } from '../../../servers/git/parse-log.js';
import { createRepo } from './git-fixture.js';

const RS = '\u001e';
const US = '\u001f';

describe('parseNumstat', () => {
  it('reads counts, binary files as null, and renames as "old => new"', () => {
    const text = '\n3\t1\tconfig/database.yaml\0-\t-\tlogo.png\0' + '2\t0\t\0old/name.py\0new/name.py\0';
    expect(parseNumstat(text)).toEqual([
      { path: 'config/database.yaml', added: 3, deleted: 1 },
      { path: 'logo.png', added: null, deleted: null },
      { path: 'old/name.py => new/name.py', added: 2, deleted: 0 },
    ]);
  });
  it('keeps paths with spaces and tabs-free unicode intact', () => {
    expect(parseNumstat('1\t1\tdocs/run book ü.md\0')).toEqual([{ path: 'docs/run book ü.md', added: 1, deleted: 1 }]);
  });
  it('returns nothing for empty input', () => {
    expect(parseNumstat('')).toEqual([]);
    expect(parseNumstat('\0\n')).toEqual([]);
  });
});

describe('parseLog', () => {
  it('splits records, converts dates to UTC and trims bodies', () => {
    const record = (sha: string, date: string, files: string) =>
      `${RS}${sha}${US}Bob Johnson${US}bob@company.com${US}${date}${US}HOTFIX: pool${US}Line one\nLine two\n\n${US}\0\n${files}`;
    const out = parseLog(record('a'.repeat(40), '2026-02-17T09:15:26-05:00', '1\t1\tconfig/database.yaml\0') + record('b'.repeat(40), '2026-02-17T10:00:00+01:00', ''));
    expect(out).toHaveLength(2);
    expect(out[0]).toEqual({
      sha: 'a'.repeat(40),
      author: 'Bob Johnson',
      email: 'bob@company.com',
      time: '2026-02-17T14:15:26.000Z',
      message: 'HOTFIX: pool',
      body: 'Line one\nLine two',
      files: [{ path: 'config/database.yaml', added: 1, deleted: 1 }],
    });
    expect(out[1]!.time).toBe('2026-02-17T09:00:00.000Z');
    expect(out[1]!.files).toEqual([]);
  });

  it('reads what real git prints for LOG_ARGS, renames and binary files included', async () => {
    const repo = await createRepo();
    await repo.commit({ message: 'first\n\nwith a body', date: '2026-02-17T10:00:00+02:00', files: { 'a.txt': 'one\ntwo\n' } });
    await repo.commit({ message: 'move and binary', date: '2026-02-17T11:00:00Z', files: { 'a.txt': null, 'b.txt': 'one\ntwo\nthree\n', 'img.bin': Buffer.from([0, 1, 2, 0]) } });
    const { stdout } = await execa('git', LOG_ARGS, { cwd: repo.dir });
    const commits = parseLog(stdout);
    expect(commits.map((c) => c.message)).toEqual(['move and binary', 'first']);
    expect(commits[1]!.body).toBe('with a body');
    expect(commits[1]!.time).toBe('2026-02-17T08:00:00.000Z');
    expect(commits[0]!.files).toEqual(
      expect.arrayContaining([
        { path: 'a.txt => b.txt', added: 1, deleted: 0 },
        { path: 'img.bin', added: null, deleted: null },
      ]),
    );
    expect(commits[0]!.sha).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('parseTags', () => {
  it('reads annotated and lightweight tags and drops tags of trees', () => {
    const rec = (f: string[]) => f.join(US) + RS + '\n';
    const text =
      rec(['v1.0.0', 'commit', 'c1', '', '', '', '2026-02-16T10:00:00+00:00', '', 'commit message\n']) +
      rec(['v1.1.0', 'tag', 't2', 'commit', 'c2', '2026-02-17T14:25:00+00:00', '2026-02-17T14:25:00+00:00', '2026-02-17T14:15:00+00:00', 'Deploy v1.1.0\n\nPipeline #1\n']) +
      rec(['tree-tag', 'tag', 't3', 'tree', 'x', '2026-02-17T00:00:00+00:00', '', '', 'odd\n']) +
      rec(['chained', 'tag', 't4', 'tag', 't2', '2026-02-18T00:00:00+01:00', '', '', 'again\n']);
    expect(parseTags(text)).toEqual([
      { tag: 'v1.0.0', sha: 'c1', time: '2026-02-16T10:00:00.000Z', annotation: null, needsPeel: false },
      { tag: 'v1.1.0', sha: 'c2', time: '2026-02-17T14:25:00.000Z', annotation: 'Deploy v1.1.0\n\nPipeline #1', needsPeel: false },
      { tag: 'chained', sha: null, time: '2026-02-17T23:00:00.000Z', annotation: 'again', needsPeel: true },
    ]);
  });

  it('reads real for-each-ref output with TAG_FORMAT', async () => {
    const repo = await createRepo();
    await repo.commit({ message: 'one', date: '2026-02-17T10:00:00Z', files: { 'a.txt': '1' } });
    await repo.tag('light', {});
    await repo.tag('v1', { date: '2026-02-17T11:00:00+01:00', message: 'Deploy v1' });
    const out = await repo.git('for-each-ref', TAG_FORMAT, 'refs/tags');
    const tags = parseTags(out);
    expect(tags.map((t) => [t.tag, t.time, t.annotation])).toEqual([
      ['light', '2026-02-17T10:00:00.000Z', null],
      ['v1', '2026-02-17T10:00:00.000Z', 'Deploy v1'],
    ]);
  });
});

describe('ordering and dates', () => {
  it('sorts newest first, ties by version number', () => {
    const tags = [
      { tag: 'v2.9.0', time: '2026-02-17T10:00:00Z' },
      { tag: 'v2.10.0', time: '2026-02-17T10:00:00Z' },
      { tag: 'v3.0.0', time: '2026-02-18T10:00:00Z' },
    ];
    expect(sortNewestFirst(tags).map((t) => t.tag)).toEqual(['v3.0.0', 'v2.10.0', 'v2.9.0']);
    expect(compareVersionish('v2.10.0', 'v2.9.0')).toBeGreaterThan(0);
  });
  it('converts offsets to Z and passes unknown text through', () => {
    expect(toUtcIso('2026-02-17T09:15:26-05:00')).toBe('2026-02-17T14:15:26.000Z');
    expect(toUtcIso('garbage')).toBe('garbage');
  });
});
