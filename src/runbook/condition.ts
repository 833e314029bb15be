// The `when` language: a small safe expression grammar over params, captured state and earlier step
// results (== != < <= > >= && || ! and contains/matches/exists); parsed into a tree, never eval'd.

export type Expr =
  | { t: 'lit'; v: string | number | boolean | null }
  | { t: 'ref'; path: string[] }
  | { t: 'not'; e: Expr }
  | { t: 'and' | 'or'; a: Expr; b: Expr }
  | { t: 'cmp'; op: '==' | '!=' | '<' | '<=' | '>' | '>='; a: Expr; b: Expr }
  | { t: 'call'; fn: (typeof FUNCTIONS)[number]; args: Expr[] };

const FUNCTIONS = ['contains', 'matches', 'exists', 'startsWith'] as const;
export const ROOTS = ['params', 'state', 'steps'] as const;

export class ConditionError extends Error {
  constructor(message: string, public readonly offset: number) {
    super(message);
  }
}

type Tok = { k: 'num' | 'str' | 'id' | 'op'; v: string; at: number };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) { out.push({ k: 'op', v: two, at: i }); i += 2; continue; }
    if ('<>!(),'.includes(c)) { out.push({ k: 'op', v: c, at: i }); i++; continue; }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        s += src[j++];
      }
      if (j >= src.length) throw new ConditionError('unterminated string', i);
      out.push({ k: 'str', v: s, at: i });
      i = j + 1;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num) { out.push({ k: 'num', v: num[0], at: i }); i += num[0].length; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*/.exec(src.slice(i));
    if (id) { out.push({ k: 'id', v: id[0], at: i }); i += id[0].length; continue; }
    throw new ConditionError(`unexpected character "${c}"`, i);
  }
  return out;
}

/** Parses a condition; throws ConditionError with the offset of the problem. */
export function parseCondition(src: string): Expr {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const isOp = (v: string) => peek()?.k === 'op' && peek().v === v;
  const isWord = (v: string) => peek()?.k === 'id' && peek().v === v;
  const expect = (v: string) => {
    if (!isOp(v)) throw new ConditionError(`expected "${v}"`, peek()?.at ?? src.length);
    p++;
  };
  const or = (): Expr => {
    let a = and();
    while (isOp('||') || isWord('or')) { p++; a = { t: 'or', a, b: and() }; }
    return a;
  };
  const and = (): Expr => {
    let a = not();
    while (isOp('&&') || isWord('and')) { p++; a = { t: 'and', a, b: not() }; }
    return a;
  };
  const not = (): Expr => {
    if (isOp('!') || isWord('not')) { p++; return { t: 'not', e: not() }; }
    return cmp();
  };
  const cmp = (): Expr => {
    const a = atom();
    const t = peek();
    if (t?.k === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.v)) {
      p++;
      return { t: 'cmp', op: t.v as '==', a, b: atom() };
    }
    return a;
  };
  const atom = (): Expr => {
    const t = peek();
    if (!t) throw new ConditionError('unexpected end of condition', src.length);
    p++;
    if (t.k === 'num') return { t: 'lit', v: Number(t.v) };
    if (t.k === 'str') return { t: 'lit', v: t.v };
    if (t.k === 'op' && t.v === '(') { const e = or(); expect(')'); return e; }
    if (t.k === 'id') {
      if (t.v === 'true' || t.v === 'false') return { t: 'lit', v: t.v === 'true' };
      if (t.v === 'null') return { t: 'lit', v: null };
      if (isOp('(')) {
        if (!(FUNCTIONS as readonly string[]).includes(t.v)) throw new ConditionError(`unknown function "${t.v}" (known: ${FUNCTIONS.join(', ')})`, t.at);
        p++;
        const args: Expr[] = [];
        if (!isOp(')')) {
          args.push(or());
          while (isOp(',')) { p++; args.push(or()); }
        }
        expect(')');
        const want = t.v === 'exists' ? 1 : 2;
        if (args.length !== want) throw new ConditionError(`${t.v}() takes ${want} argument(s)`, t.at);
        return { t: 'call', fn: t.v as (typeof FUNCTIONS)[number], args };
      }
      const path = t.v.split('.');
      if (!(ROOTS as readonly string[]).includes(path[0])) throw new ConditionError(`"${t.v}": references start with params., state. or steps.`, t.at);
      return { t: 'ref', path };
    }
    throw new ConditionError(`unexpected "${t.v}"`, t.at);
  };
  const e = or();
  if (p < toks.length) throw new ConditionError(`unexpected "${toks[p].v}"`, toks[p].at);
  return e;
}

/** Every reference path in a condition (for lint: unknown params, later steps). */
export function references(e: Expr): string[][] {
  switch (e.t) {
    case 'ref': return [e.path];
    case 'not': return references(e.e);
    case 'and': case 'or': case 'cmp': return [...references(e.a), ...references(e.b)];
    case 'call': return e.args.flatMap(references);
    default: return [];
  }
}

export type Resolve = (path: string[]) => unknown;

function truthy(v: unknown): boolean {
  return !(v === undefined || v === null || v === false || v === '' || v === 0 || v === 'false');
}

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return NaN;
}

function value(e: Expr, resolve: Resolve): unknown {
  switch (e.t) {
    case 'lit': return e.v;
    case 'ref': return resolve(e.path);
    case 'not': return !truthy(value(e.e, resolve));
    case 'and': return truthy(value(e.a, resolve)) && truthy(value(e.b, resolve));
    case 'or': return truthy(value(e.a, resolve)) || truthy(value(e.b, resolve));
    case 'call': {
      const [a, b] = e.args.map((x) => value(x, resolve));
      if (e.fn === 'exists') return a !== undefined && a !== null;
      const s = a === undefined || a === null ? '' : String(a);
      if (e.fn === 'contains') return s.includes(String(b));
      if (e.fn === 'startsWith') return s.startsWith(String(b));
      try {
        return new RegExp(String(b)).test(s);
      } catch {
        return false;
      }
    }
    case 'cmp': {
      const a = value(e.a, resolve);
      const b = value(e.b, resolve);
      const na = num(a);
      const nb = num(b);
      const numeric = !Number.isNaN(na) && !Number.isNaN(nb) && typeof a !== 'boolean' && typeof b !== 'boolean';
      if (e.op === '==' || e.op === '!=') {
        const eq = numeric ? na === nb : a === null || b === null ? a === b || (a ?? null) === (b ?? null) : String(a) === String(b);
        return e.op === '==' ? eq : !eq;
      }
      if (Number.isNaN(na) || Number.isNaN(nb)) return false;
      return e.op === '<' ? na < nb : e.op === '<=' ? na <= nb : e.op === '>' ? na > nb : na >= nb;
    }
  }
}

export function evaluateCondition(e: Expr, resolve: Resolve): boolean {
  return truthy(value(e, resolve));
}
