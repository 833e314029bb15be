// The `when` language and JSON paths: operators, functions, precedence, safe failure on bad input
// (no eval: property access outside params/state/steps is a parse error).
import { describe, expect, it } from 'vitest';
import { evaluateCondition, parseCondition } from '../../src/runbook/condition.js';
import { readJsonPath } from '../../src/runbook/json-path.js';
import { stateDiff, parseCaptured } from '../../src/runbook/capture.js';

const scope: Record<string, unknown> = {
  'params.svc': 'checkout',
  'params.count': '12',
  'state.used_pct': 93,
  'state.status': 'unhealthy',
  'steps.probe.exit_code': 0,
  'steps.probe.success': true,
  'steps.probe.stdout': 'pool exhausted\n',
};
const holds = (src: string) => evaluateCondition(parseCondition(src), (p) => scope[p.join('.')]);

describe('when conditions', () => {
  it('compares strings and numbers, combines with and/or/not and parentheses', () => {
    expect(holds('params.svc == "checkout"')).toBe(true);
    expect(holds("params.svc != 'checkout'")).toBe(false);
    expect(holds('params.count > 9 && state.used_pct >= 93')).toBe(true);
    expect(holds('params.count < 9 || not steps.probe.success')).toBe(false);
    expect(holds('!(state.used_pct < 90) and steps.probe.exit_code == 0')).toBe(true);
    expect(holds('steps.probe.success == true')).toBe(true);
    expect(holds('steps.missing.success')).toBe(false);
    expect(holds('state.status > 3')).toBe(false);
  });

  it('has contains, matches, startsWith and exists', () => {
    expect(holds('contains(steps.probe.stdout, "exhausted")')).toBe(true);
    expect(holds('matches(state.status, "^un")')).toBe(true);
    expect(holds('startsWith(params.svc, "check")')).toBe(true);
    expect(holds('exists(state.nothing)')).toBe(false);
    expect(holds('matches(state.status, "(")')).toBe(false);
  });

  it('rejects anything outside the grammar', () => {
    expect(() => parseCondition('process.exit(1)')).toThrow('unknown function "process.exit"');
    expect(() => parseCondition('process.env.HOME == "x"')).toThrow('"process.env.HOME": references start with params., state. or steps.');
    expect(() => parseCondition('eval("1")')).toThrow('unknown function "eval"');
    expect(() => parseCondition('params.a = 1')).toThrow('unexpected character "="');
    expect(() => parseCondition('params.a == "x')).toThrow('unterminated string');
    expect(() => parseCondition('contains(params.a)')).toThrow('contains() takes 2 argument(s)');
  });
});

describe('json paths and captured values', () => {
  it('reads keys, indexes and quoted keys; missing parts are undefined', () => {
    const data = { a: { b: [{ c: 1 }, { 'd e': 'x' }] } };
    expect(readJsonPath(data, '$.a.b[0].c')).toBe(1);
    expect(readJsonPath(data, '$.a.b[1]["d e"]')).toBe('x');
    expect(readJsonPath(data, '$.a.z.q')).toBeUndefined();
    expect(() => readJsonPath(data, 'a.b')).toThrow('must start with $');
  });

  it('parses captures as text, number and JSON path, and diffs them', () => {
    expect(parseCaptured({ parse: 'number' }, 'Use%\n 87%\n')).toBe(87);
    expect(parseCaptured({ parse: 'json', path: '$.verdict' }, '{"verdict":"healthy"}')).toBe('healthy');
    expect(parseCaptured({ parse: 'number', path: '$.n' }, '{"n":"4"}')).toBe(4);
    expect(parseCaptured({ parse: 'json' }, 'not json')).toBeNull();
    expect(stateDiff({ a: 1, b: 'x', c: null }, { a: 0.5, b: 'x', c: 'y' })).toEqual({ a: '-0.5', b: 'no_change', c: 'null -> y' });
  });
});
