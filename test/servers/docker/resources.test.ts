// Tests for update_resources validation: memory sizes, the 4m floor, the cpus range and the messages.
// Pure functions, so each limit is checked exactly at its edge.
import { describe, expect, it } from 'vitest';
import { checkCpus, formatMemory, parseMemory, validateResources } from '../../../servers/docker/resources.js';

describe('parseMemory', () => {
  it.each([
    ['512m', 512 * 1024 ** 2],
    ['1g', 1024 ** 3],
    ['1.5g', 1.5 * 1024 ** 3],
    ['4m', 4 * 1024 ** 2],
    ['64MiB', 64 * 1024 ** 2],
    ['65536k', 64 * 1024 ** 2],
    ['4194304', 4194304],
    [' 256M ', 256 * 1024 ** 2],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseMemory(text)).toEqual({ ok: true, value: bytes });
  });

  it('refuses sizes under 4m and says the minimum', () => {
    const r = parseMemory('3m');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/below the minimum of 4m/);
    expect(parseMemory('4194303').ok).toBe(false);
  });

  it.each(['lots', '-5m', '1x', '', 'm'])('refuses "%s" with an example', (text) => {
    const r = parseMemory(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/e\.g\. 512m or 1g/);
  });
});

describe('checkCpus', () => {
  it('accepts the range (0, 64] as nano CPUs', () => {
    expect(checkCpus(0.5)).toEqual({ ok: true, value: 500_000_000 });
    expect(checkCpus(64)).toEqual({ ok: true, value: 64_000_000_000 });
    expect(checkCpus(0.01)).toEqual({ ok: true, value: 10_000_000 });
  });
  it.each([0, -1, 64.01, 1000, Number.NaN, Number.POSITIVE_INFINITY])('refuses %d', (cpus) => {
    const r = checkCpus(cpus);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/above 0 and at most 64/);
  });
  it('refuses amounts too small for the engine', () => {
    expect(checkCpus(0.001)).toMatchObject({ ok: false, error: expect.stringMatching(/at least 0.01/) });
  });
});

describe('validateResources', () => {
  it('needs at least one of memory and cpus', () => {
    expect(validateResources({})).toMatchObject({ ok: false, error: expect.stringMatching(/nothing to update/) });
  });
  it('combines both and reports the first problem', () => {
    expect(validateResources({ memory: '1g', cpus: 2 })).toEqual({ ok: true, value: { memory_bytes: 1024 ** 3, nano_cpus: 2e9 } });
    expect(validateResources({ memory: '1g', cpus: 65 })).toMatchObject({ ok: false, error: expect.stringMatching(/cpus 65/) });
    expect(validateResources({ memory: '1k' })).toMatchObject({ ok: false, error: expect.stringMatching(/memory "1k"/) });
  });
});

describe('formatMemory', () => {
  it('prints the largest whole unit', () => {
    expect(formatMemory(0)).toBe('unlimited');
    expect(formatMemory(1024 ** 3)).toBe('1g');
    expect(formatMemory(1.5 * 1024 ** 3)).toBe('1536m');
    expect(formatMemory(8 * 1024 ** 2)).toBe('8m');
    expect(formatMemory(1000)).toBe('1000b');
  });
});
