// Steps of services that log without line numbers: Spring Boot's console pattern with Sleuth's `[app,trace,span]`
// names only the logger class, so a step is that class with its message's constant words (every value masked).
import { describe, expect, it } from 'vitest';
import { type FlowsOut } from '../../../servers/logs/flows.js';
import { constantWords, entryStep, firstWords } from '../../../servers/logs/flow-steps.js';
import { detectFormat, parserFor } from '../../../src/core/logs/formats.js';
import { connect, tempDir } from './helpers.js';

const AT = Date.parse('2023-01-29T11:08:00Z');
const PAD = (s: string) => s.padEnd(40);

/** A Spring Boot + Sleuth line as the default console pattern prints it. */
function spring(time: string, app: string, trace: string, span: string, logger: string, msg: string, level = 'INFO'): string {
  return `2023-01-29 ${time} ${level.padStart(5)} [${app},${trace},${span}] 1 --- [nio-8080-exec-1] ${PAD(logger)} : ${msg}`;
}

const trace = (i: number) => (0x5a000000 + i).toString(16).padStart(32, 'c');
const span = (i: number) => (0x7b000000 + i).toString(16).padStart(16, 'd');

describe('steps of a logger without a line number', () => {
  it('keeps the Spring Boot logger of a Sleuth line for the step, whichever parser reads the line', () => {
    const lines = [
      spring('11:00:01.003', 'ts-train-service', trace(1), span(1), 't.c.TrainController', '[retrieveByName][Retrieve train][TrainTypeName: DongCheOne]'),
      spring('11:00:02.003', 'ts-train-service', trace(2), span(2), 't.c.TrainController', '[retrieveByName][Retrieve train][TrainTypeName: GaoTieOne]'),
    ];
    const now = Date.parse('2023-01-29T12:00:00Z');
    const parse = parserFor(detectFormat(lines, now), now);
    const [a, b] = lines.map((l) => parse(l)!);
    expect(a).toMatchObject({ service: 'ts-train-service', message: '[retrieveByName][Retrieve train][TrainTypeName: DongCheOne]', fields: { logger: 't.c.TrainController', trace_id: trace(1) } });
    expect(entryStep(a!)).toEqual(entryStep(b!));
    expect(entryStep(a!).step).toBe('t.c.TrainController [retrieveByName][Retrieve train][TrainTypeName: <*>');
  });

  it('masks every value after a key, a list up to its bracket, and a value in one word or two alike', () => {
    expect(constantWords('[checkStationsExists][Check Stations Exists][stationNames: [suzhou, shanghai]]')).toBe('[checkStationsExists][Check Stations Exists][stationNames: <*>');
    expect(constantWords('[getLeftTicketOfInterval][Seat request][request:Seat(travelDate=2023-01-29 15:38:06, trainNumber=G1234, startStation=shanghai)]'))
      .toBe(constantWords('[getLeftTicketOfInterval][Seat request][request:Seat(travelDate=2023-01-29, trainNumber=D1345, startStation=suzhou)]'));
    expect(constantWords('charge failed region=eu-west amount=12')).toBe('charge failed region=<*> amount=<*>');
    // Words that are no value stay: two messages of one class remain two.
    expect(constantWords('[queryForTravel][Query for travel]')).not.toBe(constantWords('[queryForTravel][all done]'));
  });

  it('keeps a code location first: logger and line, or `Class#line` in the message, still name the statement', () => {
    expect(entryStep({ message: 'p.c.PriceController#46 [query][Query price][RouteId: 92708982-77af-4318-be25-57ccb0ff69ad]', fields: undefined }).key).toBe('p.c.PriceController#46');
    expect(entryStep({ message: '[query][Query price]', fields: { logger: 'p.c.PriceController', line: 46 } }).key).toBe('p.c.PriceController#46');
    // Without a logger the leading words stand alone, as before.
    expect(entryStep({ message: 'charge failed amount=12', fields: { trace_id: trace(1) } })).toEqual({ step: 'charge failed amount=<*>', key: 'charge failed amount=<*>', statement: false });
    // A code location or a logger names the statement: own sequences (untraced) pair only those.
    expect(entryStep({ message: 'p.c.PriceController#46 [query][Query price]', fields: undefined }).statement).toBe(true);
    expect(entryStep({ message: '[query][Query price]', fields: { logger: 'p.c.PriceController' } }).statement).toBe(true);
  });

  it('follows Spring + Sleuth requests as one step per statement: values vary inside a step, two statements of a class stay two', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 20; i++) {
      const t = `11:0${Math.floor(i / 5)}:${String(10 + (i % 5) * 9).padStart(2, '0')}`;
      const type = ['DongCheOne', 'GaoTieOne', 'GaoTieTwo', 'ZhiDa', 'TeKuai'][i % 5]!;
      lines.push(spring(`${t}.001`, 'ts-basic-service', trace(i), span(i), 'f.m.s.BasicServiceImpl', `[queryTrainTypeByName][Query Train Type][Train Type name: ${type}]`));
      lines.push(spring(`${t}.004`, 'ts-train-service', trace(i), span(100 + i), 't.c.TrainController', `[retrieveByName][Retrieve train][TrainTypeName: ${type}]`));
      lines.push(spring(`${t}.009`, 'ts-basic-service', trace(i), span(i), 'f.m.s.BasicServiceImpl', '[queryForTravel][all done]'));
    }
    const dir = tempDir({ 'app.log': lines.join('\n') + '\n' });
    const { call } = await connect({ sources: [dir], at: AT });
    const out = (await call('request_flows', { since: '2023-01-29T10:50:00Z', until: '2023-01-29T11:08:00Z', max_output_bytes: 1024 * 1024 })).json<FlowsOut>();
    expect(out.requests).toBe(20);
    const train = out.steps.filter((s) => s.service === 'ts-train-service');
    expect(train.map((s) => s.step)).toEqual(['t.c.TrainController [retrieveByName][Retrieve train][TrainTypeName: <*>']);
    expect(out.steps.filter((s) => s.service === 'ts-basic-service').map((s) => s.step).sort()).toEqual([
      'f.m.s.BasicServiceImpl [queryForTravel][all done]',
      'f.m.s.BasicServiceImpl [queryTrainTypeByName][Query Train Type][Train Type',
    ]);
    // basic -> train -> basic -> end: three transitions, each taken by all 20 requests.
    expect(out.transitions.map((t) => t.counts.reduce((a, b) => a + b, 0))).toEqual([20, 20, 20]);
  });
});

describe('firstWords on long lines', () => {
  // TrainTicket's services log whole objects on one line (2 kB and more) after the trace and span ids: only the first
  // few words are the step, and the rest must give the same words whether or not it is read.
  const objects = Array.from({ length: 40 }, (_, i) => `Travel(trip=Trip(id=8a533bf9-bd12-4608-a8eb-60689098244${i % 10}, tripId=Z12${i}, startStationName=shanghai),`).join(' ');
  const line = `f.m.c.BasicController#45 TraceID: 3b9f441b383560ba6a9ab5033a47f958 SpanID: cac85d3831c58642 [queryForTravels][Query for travels][Travels: [${objects}]]`;

  it('drops the ids between the words and keeps the words after them', () => {
    expect(firstWords(line, 4)).toEqual(['f.m.c.BasicController#45', '[queryForTravels][Query', 'for', 'travels][Travels:']);
    expect(firstWords(`${line}\nsecond line`, 48)).toEqual(line.replace(/TraceID: \S+ SpanID: \S+/, ' ').split(/\s+/).slice(0, 48));
  });

  it('near miss: an id after the words still needed, or a word that only starts like one, changes nothing; one before them is dropped', () => {
    expect(firstWords('Query for travels done trace_id=4bf92f3577b34da6a3ce929d0e0e4736', 3)).toEqual(['Query', 'for', 'travels']);
    expect(firstWords('Query for travels done trace_id=4bf92f3577b34da6a3ce929d0e0e4736', 6)).toEqual(['Query', 'for', 'travels', 'done']);
    expect(firstWords('Query spanning trace routes', 4)).toEqual(['Query', 'spanning', 'trace', 'routes']);
    // The id's first word ends past the words needed: it still starts among them, so it is cut out.
    expect(firstWords('Query x-b3-traceid=4bf92f3577b34da6 for travels', 2)).toEqual(['Query', 'x-b3-']);
    expect(firstWords('  \u00a0 lead\u2003spaces\tand\u3000more  ', 4)).toEqual(['lead', 'spaces', 'and', 'more']);
  });
});
