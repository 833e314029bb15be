// A config change that waits for load: a limit tightened long before traffic crosses it. The sparse failures start
// where their rate steps up (not at a steady trickle's first entry), and the failure that names the setting blames
// the commit that changed that setting, over releases tied to the errors only by words or time; traffic that crosses
// a limit a config change had just resized blames the change.
import { describe, expect, it } from 'vitest';
import { rateStep } from '../../src/rca/rate-step.js';
import { settingsNamedIn, specificKey } from '../../src/rca/named-setting.js';
import { BASE, MIN, noise, ONSET, run } from './engine-world.js';
import { commit, deployment, iso, signature } from './helpers.js';
import { rank } from '../../src/rca/rank.js';
import { change, condition, ctxFor } from './rank-findings.js';

/** Minutes from `a` to `b` every `every` minutes, one entry each. */
const every = (a: number, b: number, n: number): Array<[number, number]> => {
  const out: Array<[number, number]> = [];
  for (let m = a; m < b; m += n) out.push([m, 1]);
  return out;
};
const perMinute = (minutes: Array<[number, number]>) => minutes.map(([m, n]) => [iso(BASE + m * MIN), n] as [string, number]);

describe('the rate step of a sparse signature', () => {
  it('finds none in a trickle at one rate across the window, however late its first entry fell', () => {
    expect(rateStep(perMinute(every(9, 120, 4)), BASE, BASE + 120 * MIN)).toBeNull();
  });

  it('puts the step where the run begins, not at an isolated entry half an hour before it', () => {
    const step = rateStep(perMinute([[50, 1], ...every(ONSET, 120, 1)]), BASE, BASE + 120 * MIN);
    expect(step?.time).toBe(BASE + ONSET * MIN);
    expect(step!.after).toBeGreaterThan(3 * step!.before);
  });

  it('finds none when the entries begin with the logs (no quiet time before them to compare with)', () => {
    expect(rateStep(perMinute(every(0, 120, 1)), BASE, BASE + 120 * MIN)).toBeNull();
  });
});

describe('a setting named in a failure', () => {
  const set = (key: string) => ({ path: 'worker/config/consumer.yaml', key, from: '300000', to: '60000', line: `+${key}: 60000` });

  it('is a compound key the message quotes whole', () => {
    const text = 'Application maximum poll interval (60000ms) exceeded by 7602ms (adjust max.poll.interval.ms for long-running message processing): leaving group';
    expect(settingsNamedIn([set('max.poll.interval.ms')], text)).toHaveLength(1);
    expect(settingsNamedIn([set('poll.interval.ms')], text)).toHaveLength(0);
    expect(settingsNamedIn([set('max.poll.interval.ms.extra')], text)).toHaveLength(0);
    expect(settingsNamedIn([set('max.poll.interval.ms')], 'consumer timed out, leaving group')).toHaveLength(0);
  });

  it('is not a bare word any message may hold', () => {
    expect(specificKey('timeout')).toBe(false);
    expect(specificKey('batchSize')).toBe(true);
    expect(specificKey('pool_size')).toBe(true);
  });
});

describe('a consumer limit cut long before a traffic burst crosses it', () => {
  it('starts at the burst, not at the trickle of bad requests, and blames the commit that cut the named setting', async () => {
    const deployAt = ONSET - 52;
    const cut = commit('c1', 'Fail over from stuck consumers within a minute instead of five', BASE + (deployAt - 300) * MIN, ['worker/config/consumer.yaml']);
    const logLine = commit('c2', 'Log the shipment id with each fulfilled order', BASE + (deployAt - 120) * MIN, ['worker/app/handler.py']);
    const other = commit('c3', 'Retry stock reservations once per warehouse', BASE + (ONSET - 67) * MIN, ['stock-api/app/reservations.py']);
    const { report } = await run({
      signatures: [
        ...noise,
        // A client sends truncated bodies now and then, all along: its first entry is no onset.
        signature({ template: 'could not decode request body from <*>: unexpected end of JSON input', service: 'worker', base: BASE, minutes: every(9, 120, 4) }),
        signature({
          template: 'Application maximum poll interval (<*>) exceeded by <*> (adjust max.poll.interval.ms for long-running message processing): leaving group',
          example: 'Application maximum poll interval (60000ms) exceeded by 7602ms (adjust max.poll.interval.ms for long-running message processing): leaving group',
          service: 'worker',
          level: 'warn',
          base: BASE,
          minutes: [[deployAt + 23, 1], ...every(ONSET, 120, 1)],
        }),
        signature({
          template: 'offset commit failed for partitions [<*>] of orders.paid: KafkaError{code=UNKNOWN_MEMBER_ID,val=25,str="Commit failed: Broker: Unknown member"}',
          service: 'worker',
          base: BASE,
          minutes: [[deployAt + 23, 1], ...every(ONSET, 120, 1)],
        }),
        // The partitions go to another member, which fulfils some orders again: the words of the logging commit.
        signature({ template: 'order <*> already fulfilled (shipment <*>), skipping duplicate', service: 'worker', level: 'warn', base: BASE, minutes: every(ONSET + 1, 120, 1).map(([m]) => [m, 30]) }),
      ],
      deployments: [deployment('worker/v3.8.0', BASE + deployAt * MIN, [cut, logLine]), deployment('stock-api/v2.14.0', BASE + (ONSET - 7) * MIN, [other])],
      diffs: {
        [cut.sha]: ' group.id: orders\n session.timeout.ms: 45000\n-max.poll.interval.ms: 300000\n+max.poll.interval.ms: 60000\n',
        [logLine.sha]: '+    log.info("fulfilled order %s: shipment %s", order.id, shipment.id)\n',
        [other.sha]: '+RESERVE_TIMEOUT = 5.0\n',
      },
    });
    expect(report.onset).toBe(iso(BASE + ONSET * MIN));
    expect(report.root_cause.suspect_change?.sha).toBe(cut.sha);
    expect(report.root_cause.category).toBe('config_error');
    expect(report.root_cause.service).toBe('worker');
    expect(report.root_cause.summary).toContain('max.poll.interval.ms changed from 300000 to 60000');
  });
});

describe('traffic that crosses a limit a config change had just resized', () => {
  const batch = change('b'.repeat(40), 'Serve the model in batches of 32 to keep up at peak', 41, {
    relevance: 0.05,
    paths: ['reranker/model-config.yaml'],
    configOnly: true,
    hints: ['batchSize changed from 8 to 32', 'maxBatchDelay changed from 50 to 100'],
    settings: [{ path: 'reranker/model-config.yaml', key: 'batchSize', from: '8', to: '32', line: '+batchSize: 32' }],
  });
  const load = condition({ condition: 'capacity', category: 'capacity', service: 'search-api', confidence: 0.85, summary: 'traffic to search-api stepped up before the errors: requests 2.8 -> 6.5/s' });
  const gpu = condition({ condition: 'saturation', category: 'resource_exhaustion', service: 'reranker', confidence: 0.3, summary: 'a resource limit was hit in reranker: GPU framebuffer used goes flat at 22398' });

  it('blames the change to the sizing of the service that hit the limit, over the traffic step that triggered it', () => {
    const v = rank([batch, load, gpu], ctxFor('search-api', ['search-api', 'reranker']));
    expect(v.best.suspect?.sha).toBe(batch.change.sha);
    expect(v.best).toMatchObject({ category: 'config_error', service: 'reranker' });
    expect(v.best.summary).toContain('batchSize changed from 8 to 32');
  });

  it('leaves the traffic step first when the sizing change is another service’s, or no limit was hit', () => {
    const elsewhere = { ...batch, paths: ['ranker-v2/model-config.yaml'] };
    expect(rank([elsewhere, load, gpu], ctxFor('search-api', ['search-api', 'reranker'])).best.category).toBe('capacity');
    expect(rank([batch, load], ctxFor('search-api', ['search-api', 'reranker'])).best.category).toBe('capacity');
  });
});
