// Unit tests of the pure input checks: nothing option-like, malformed or outside the repository gets through,
// and ordinary shas, tags and paths do.
import { describe, expect, it } from 'vitest';
import { ToolInputError } from '../../../src/core/tool-kit.js';
import {
  assertNotOption,
  escapeExtendedRegex,
  isRefName,
  isSha,
  validateQuery,
  validateRepoPath,
  validateRevision,
} from '../../../servers/git/validate.js';

describe('isSha', () => {
  it('accepts 4 to 40 hex digits and 64-digit SHA-256 ids', () => {
    expect(isSha('235b')).toBe(true);
    expect(isSha('235baa6b8be6361c49a8a82c770604199671c795')).toBe(true);
    expect(isSha('ABCDEF12')).toBe(true);
    expect(isSha('a'.repeat(64))).toBe(true);
  });
  it('rejects short, long or non-hex text', () => {
    expect(isSha('abc')).toBe(false);
    expect(isSha('a'.repeat(41))).toBe(false);
    expect(isSha('xyz1234')).toBe(false);
    expect(isSha('')).toBe(false);
  });
});

describe('isRefName', () => {
  it('accepts branch and tag names', () => {
    for (const ok of ['main', 'v2.4.1', 'origin/main', 'feature/checkout-fewer-db-calls', 'HEAD', 'release-2026.02']) {
      expect(isRefName(ok), ok).toBe(true);
    }
  });
  it('rejects what check-ref-format rejects and revision syntax', () => {
    for (const bad of ['-x', '/main', 'main/', 'a..b', 'a//b', 'x.lock', 'a b', 'a:b', 'a?b', 'a*b', 'a[b', 'a\\b', 'HEAD@{1}', '@', '.hidden', 'a/.b', 'end.', 'a\nb']) {
      expect(isRefName(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});

describe('validateRevision', () => {
  it('returns shas, refs and ancestry suffixes unchanged', () => {
    expect(validateRevision('235baa6')).toBe('235baa6');
    expect(validateRevision('v2.4.1')).toBe('v2.4.1');
    expect(validateRevision('HEAD~2')).toBe('HEAD~2');
    expect(validateRevision('v2.4.1^')).toBe('v2.4.1^');
    expect(validateRevision(' main ')).toBe('main');
  });
  it('refuses option-like values and says to drop the dashes', () => {
    expect(() => validateRevision('--output=/tmp/x')).toThrow(ToolInputError);
    expect(() => validateRevision('-p')).toThrow(/starts with "-".*without leading dashes/);
  });
  it('refuses revision expressions and junk with advice on what to pass', () => {
    for (const bad of ['HEAD@{1}', 'main..v2', ':/fix', 'a b', 'x^{tree}', '']) {
      expect(() => validateRevision(bad), bad).toThrow(ToolInputError);
    }
    expect(() => validateRevision('not a sha!')).toThrow(/4-40 hex digits/);
  });
  it('refuses control characters', () => {
    expect(() => validateRevision('main\n--all')).toThrow(/control characters/);
    expect(() => validateRevision('abc\u0000def')).toThrow(/control characters/);
  });
});

describe('validateRepoPath', () => {
  it('keeps repository-relative files and directories', () => {
    expect(validateRepoPath('config/database.yaml')).toBe('config/database.yaml');
    expect(validateRepoPath('./src/api/')).toBe('src/api/');
    expect(validateRepoPath('weird..name.txt')).toBe('weird..name.txt');
  });
  it('refuses options, absolute paths and .. segments with what to pass instead', () => {
    expect(() => validateRepoPath('--all')).toThrow(/starts with "-"/);
    expect(() => validateRepoPath('/etc/passwd')).toThrow(/relative to the repository root/);
    expect(() => validateRepoPath('../outside')).toThrow(/contains "\.\."/);
    expect(() => validateRepoPath('src/../../x')).toThrow(/contains "\.\."/);
    expect(() => validateRepoPath('  ')).toThrow(/path is empty/);
  });
});

describe('validateQuery and assertNotOption', () => {
  it('trims and keeps ordinary text, including dashes inside', () => {
    expect(validateQuery('  pool_size ')).toBe('pool_size');
    expect(validateQuery('HOTFIX: pool 30 -> 35')).toBe('HOTFIX: pool 30 -> 35');
  });
  it('refuses empty, multi-line and option-like queries', () => {
    expect(() => validateQuery('')).toThrow(/query is empty/);
    expect(() => validateQuery('--exec=rm')).toThrow(/starts with "-"/);
    expect(() => validateQuery('a\nb')).toThrow(/control characters/);
    expect(() => assertNotOption('-S', 'value')).toThrow(/value "-S" starts with "-"/);
  });
});

describe('escapeExtendedRegex', () => {
  it('escapes every ERE metacharacter so the text matches literally', () => {
    expect(escapeExtendedRegex('pool_size: 30')).toBe('pool_size: 30');
    expect(escapeExtendedRegex('a.b*c+d?(e)[f]{g}|h^i$j\\k')).toBe('a\\.b\\*c\\+d\\?\\(e\\)\\[f\\]\\{g\\}\\|h\\^i\\$j\\\\k');
    const re = new RegExp(escapeExtendedRegex('f(x) = [1.5]'));
    expect(re.test('let f(x) = [1.5];')).toBe(true);
    expect(re.test('fx = 115')).toBe(false);
  });
});
