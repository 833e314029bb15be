// Series selectors (`name{label="v",label=~"re",label!="x",label!~"re"}`): parsing and matching.
// Regexes are anchored like Prometheus (`5..` matches "500", not "1500").

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  label: string; // __name__ for the metric name
  op: MatchOp;
  value: string;
  re?: RegExp;
}

export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

function compile(m: Matcher): Matcher {
  if (m.op === '=~' || m.op === '!~') {
    try {
      m.re = new RegExp(`^(?:${m.value})$`);
    } catch {
      throw new QueryError(`invalid regular expression ${JSON.stringify(m.value)} for label ${m.label}`);
    }
  }
  return m;
}

export function matcher(label: string, op: MatchOp, value: string): Matcher {
  return compile({ label, op, value });
}

/**
 * Parses a selector starting at text[pos]; returns the matchers and the index after it.
 * A selector needs a name or at least one matcher that does not match the empty string, as in Prometheus.
 */
export function parseSelectorAt(text: string, pos: number): [Matcher[], number] {
  let i = pos;
  const matchers: Matcher[] = [];
  const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(text.slice(i));
  if (name) {
    matchers.push(matcher('__name__', '=', name[0]));
    i += name[0].length;
  }
  while (text[i] === ' ') i++;
  if (text[i] === '{') {
    i++;
    for (;;) {
      while (text[i] === ' ') i++;
      if (text[i] === '}') {
        i++;
        break;
      }
      const label = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(i));
      if (!label) throw new QueryError(`expected a label name at position ${i + 1} of ${JSON.stringify(text)}`);
      i += label[0].length;
      while (text[i] === ' ') i++;
      const op = /^(=~|!~|!=|=)/.exec(text.slice(i));
      if (!op) throw new QueryError(`expected =, !=, =~ or !~ after ${label[0]} in ${JSON.stringify(text)}`);
      i += op[0].length;
      while (text[i] === ' ') i++;
      const quote = text[i];
      if (quote !== '"' && quote !== "'") throw new QueryError(`expected a quoted value after ${label[0]}${op[0]} in ${JSON.stringify(text)}`);
      i++;
      let value = '';
      while (i < text.length && text[i] !== quote) {
        if (text[i] === '\\' && i + 1 < text.length) {
          const e = text[i + 1]!;
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
        } else value += text[i++];
      }
      if (text[i] !== quote) throw new QueryError(`unterminated string in ${JSON.stringify(text)}`);
      i++;
      matchers.push(matcher(label[0], op[0] as MatchOp, value));
      while (text[i] === ' ') i++;
      if (text[i] === ',') i++;
      else if (text[i] !== '}') throw new QueryError(`expected , or } at position ${i + 1} of ${JSON.stringify(text)}`);
    }
  }
  if (matchers.length === 0) throw new QueryError(`expected a metric name or {label matchers} in ${JSON.stringify(text)}`);
  if (matchers.every((m) => matches(m, ''))) {
    throw new QueryError(`selector ${JSON.stringify(text.slice(pos, i))} needs a metric name or a matcher that excludes the empty value`);
  }
  return [matchers, i];
}

export function parseSelector(text: string): Matcher[] {
  const [ms, end] = parseSelectorAt(text.trim(), 0);
  if (end !== text.trim().length) throw new QueryError(`unexpected text after the selector: ${JSON.stringify(text.trim().slice(end))}`);
  return ms;
}

function matches(m: Matcher, value: string): boolean {
  switch (m.op) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return m.re!.test(value);
    case '!~':
      return !m.re!.test(value);
  }
}

/** Whether a series (its name and labels) satisfies every matcher; a missing label reads as "". */
export function matchesAll(matchers: Matcher[], name: string, labels: Record<string, string>): boolean {
  return matchers.every((m) => matches(m, m.label === '__name__' ? name : (labels[m.label] ?? '')));
}

/** Back to PromQL text, for sending a selector to Prometheus. */
export function formatSelector(matchers: Matcher[]): string {
  const name = matchers.find((m) => m.label === '__name__' && m.op === '=');
  const rest = matchers.filter((m) => m !== name).map((m) => `${m.label}${m.op}${JSON.stringify(m.value)}`);
  return `${name?.value ?? ''}{${rest.join(',')}}`;
}

/**
 * The `match` argument of the tools: a full selector (`http_requests_total{service="x"}`, `{job="a"}`)
 * or else a regular expression searched in the metric name (`http`, `latency|duration`).
 */
export function matchArgument(match: string | undefined): Matcher[] {
  const text = (match ?? '').trim();
  if (text === '') return [matcher('__name__', '=~', '.+')];
  if (text.includes('{')) return parseSelector(text);
  try {
    new RegExp(text);
  } catch {
    throw new QueryError(`match ${JSON.stringify(text)} is neither a selector nor a valid regular expression`);
  }
  return [matcher('__name__', '=~', `.*(?:${text}).*`)];
}
