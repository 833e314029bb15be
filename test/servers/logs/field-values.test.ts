// request_flows' field values: the content a line carries (`result=false`, `5 hotels`) is counted per value and minute;
// ids, durations, sizes, outcomes and secrets are not content, and a statement keyed by a value is one statement.
import { describe, expect, it } from 'vitest';
import { contentFields, FieldValueLog, magnitude, PAIR, PAIRS } from '../../../servers/logs/field-values.js';

const T0 = Date.parse('2024-04-10T10:41:00Z');

describe('field values of log lines', () => {
  it('reads go-kit and zerolog content fields and counted nouns, numbers by power of two', () => {
    expect(contentFields('ts=2024-04-10T10:41:17.48Z caller=logging.go:27 method=Authorise result=false took=298.896µs')).toEqual([['result', 'false']]);
    expect(contentFields('TraceID: dce525b97f6b819f SpanID: df29adc1b0a8e4ba Nearby lat=37.7900 lon=-122.0065: 28 hotels within 10km')).toEqual([['hotels', '~2^5']]);
    expect([magnitude(0), magnitude(5), magnitude(7), magnitude(40), magnitude(-3)]).toEqual(['~2^0', '~2^3', '~2^3', '~2^6', '-~2^2']);
  });

  it('near miss: ids, durations, sizes, statuses, errors, secrets and what was asked are not an answer\'s content', () => {
    expect(contentFields('GET /orders 406 4.512 ms - 5213 user_id=42 status=406 err=timeout bytes=5213 password=hunter2 request_id=abc123 elapsed=12')).toEqual([]);
    // nginx's request time and any fraction are measurements; so are keys suffixed by a unit.
    expect(contentFields('10.42.2.1 - - [12/Jun/2024:19:22:01 +0000] "GET /api/cart" 200 512 rt=0.125 uct=0.001 upstream_ms=12 wait_sec=3')).toEqual([]);
    // Camel-case keys are read as words: Traefik's access log gives the answer's status and size, not its content.
    expect(contentFields('{"DownstreamStatus":429,"OriginStatus":0,"DownstreamContentSize":17,"OriginDuration":0,"RetryAttempts":0}')).toEqual([['RetryAttempts', '~2^0']]);
    // The train or host a request names moves with what clients ask for; so do its method and route.
    expect(contentFields('TrainNumber=Z1234 startStation=nanjing host=db-1.internal method=GetUsers route=/cart version=v2.1')).toEqual([]);
  });

  it('reads quoted answers and counts among long values, and lower-cases only the answer words', () => {
    expect(contentFields('{"found":"TRUE","seats":"12","train":"G1234","note":"falsehood","routeId":"0b23bd3e-876a-4af3"} left=-3 ok=""')).toEqual([
      ['found', 'true'],
      ['seats', '~2^4'],
      ['left', '-~2^2'],
      ['ok', ''],
    ]);
    // Near miss: a value that starts like a count or an answer but is longer is neither.
    expect(contentFields('seats=12a left=-x full=Falsey done=nil0 price=-12.5')).toEqual([]);
  });

  it('counts a statement keyed by its own value (result=true, result=false) as one statement whose field moved', () => {
    const log = new FieldValueLog();
    for (let i = 0; i < 40; i++) {
      const result = i < 20 || i % 2 ? 'true' : 'false';
      log.add(T0 + i * 3000, { service: 'payment', level: 'info', message: `method=Authorise result=${result}` }, `method=Authorise result=${result}`, `method=Authorise result=${result}`);
    }
    const [f] = log.result([T0, T0 + 60_000]);
    expect(f).toMatchObject({ service: 'payment', field: 'result', values: ['false', 'true'], counts: [[0, 10], [20, 10]] });
  });

  it('near miss: error lines, and a field with one value throughout, are left out', () => {
    const log = new FieldValueLog();
    for (let i = 0; i < 40; i++) {
      log.add(T0 + i * 3000, { service: 'payment', level: 'error', message: `method=Authorise result=${i % 2 ? 'true' : 'false'}` }, 'k', 'k');
      log.add(T0 + i * 3000, { service: 'user', level: 'info', message: 'method=Login result=ok' }, 'k', 'k');
    }
    expect(log.result([T0, T0 + 60_000])).toEqual([]);
  });
});

describe('the atomic key=value pattern', () => {
  // PAIRS is PAIR without backtracking inside a key or a value: the same matches, at the same places, on any line.
  const PIECES = ['key=1', 'k:v', '"q":"a b"', '"n":12', 'x', ' ', ',', '{', '}', ';', '=', ':', '"', 'a'.repeat(45), '1'.repeat(40), 'status=' + 'b'.repeat(40), 'k.v=true', 'é=1'];
  const all = (re: RegExp, line: string) => {
    const out: Array<[number, string, string, string]> = [];
    re.lastIndex = 0;
    for (let m = re.exec(line); m !== null; m = re.exec(line)) out.push([m.index, m[0], m[1]!, m[2]!]);
    return out;
  };

  it('finds what PAIR finds on lines of keys, values and punctuation, long runs included', () => {
    let seed = 11;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let i = 0; i < 3000; i++) {
      const line = Array.from({ length: rand(10) }, () => PIECES[rand(PIECES.length)]!).join(rand(2) ? ' ' : '');
      expect(all(PAIRS, line), JSON.stringify(line)).toEqual(all(PAIR, line));
    }
  });

  it('near miss: a key past 40 characters or a value past 32 is no pair in either', () => {
    const line = `${'k'.repeat(41)}=1 v=${'9'.repeat(33)} ok=true`;
    expect(all(PAIRS, line)).toEqual(all(PAIR, line));
    expect(all(PAIRS, line).map((m) => m[2])).toEqual(['ok']);
  });
});
