// A burst its series already made earlier in the window, while the incident's symptom stayed at its baseline, is a
// routine job (a backup every 20 minutes), not the cause; a burst that came with the symptom, or was smaller, still counts.
import { describe, expect, it } from 'vitest';
import { metricSignals } from '../../src/rca/localize/metric-scores.js';
import { rankServices } from '../../src/rca/localize/rank-services.js';
import { entryServices, markRoutineRepeats, repeatedRun } from '../../src/rca/localize/harmless-repeats.js';
import { handBundle, minuteSeries } from './helpers.js';

const BASE = Date.parse('2026-03-02T10:00:00Z');
const MIN = 60_000;
const ONSET = BASE + 20 * MIN;
const WINDOW = { from: BASE, to: BASE + 24 * MIN };
const pod = (svc: string) => ({ service: svc, pod: `${svc}-66646bdb5b-fw7x9` });
const series = (metric: string, svc: string, f: (m: number) => number) => minuteSeries(metric, pod(svc), BASE, 24, f);
const wobble = (m: number) => ((m * 7) % 5) / 100;

/** The entry's p90, rising at the onset; `alsoAt` minutes before it where it rose as well. */
const frontLatency = (alsoAt: number[] = []) => series('pod_server_latency_p90_seconds', 'frontend', (m) => (m >= 21 || alsoAt.includes(m) ? 0.06 : 0.015 * (1 + wobble(m))));
/** rate's handling time, up at the onset: the new departure. */
const rate = series('pod_server_latency_p90_seconds', 'rate', (m) => (m >= 21 ? 0.07 : 0.003 * (1 + wobble(m))));
/** The database's CPU: a two-minute job at minutes 8-9 (of `earlier` percent) and again at 21-22 (40 %). */
const backup = (earlier: number, minutes = [21, 22]) => series('pod_cpu_usage_percent', 'userdb', (m) => (minutes.includes(m) ? 40 : m === 8 || m === 9 ? earlier : 1 + wobble(m)));
const quiet = ['geo', 'profile', 'search', 'user', 'reservation'].map((svc, i) => series('pod_cpu_usage_percent', svc, (m) => 5 + i + wobble(m)));

function run(parts: { front: ReturnType<typeof frontLatency> | null; db: ReturnType<typeof backup> }, services = ['frontend']) {
  const all = [rate, parts.db, ...quiet, ...(parts.front ? [parts.front] : [])];
  const b = handBundle('latency up on the frontend since 10:20', WINDOW, { series: all });
  const set = metricSignals(b, ONSET);
  const marked = markRoutineRepeats(set.signals, b, { from: WINDOW.from, onset: ONSET }, { services, kind: 'latency' });
  return { plain: rankServices(set), marked, ranked: rankServices({ ...set, signals: marked }) };
}

describe('a routine burst repeated at the onset', () => {
  it('is placed after the new departure and says when it ran before', () => {
    const { plain, marked, ranked } = run({ front: frontLatency(), db: backup(38) });
    expect(plain[0]?.service).toBe('userdb'); // without the rule the job's CPU outweighs rate's latency
    const routine = marked.find((s) => s.service === 'userdb');
    expect(routine?.routine).toBe('pod_cpu_usage_percent{service="userdb",pod="userdb-66646bdb5b-fw7x9"} did the same at 10:08 with no effect on frontend\'s latency');
    expect(ranked[0]?.service).toBe('rate');
    const db = ranked.find((c) => c.service === 'userdb')!;
    expect(ranked.indexOf(db)).toBe(ranked.length - 1);
    expect(db.category).toBe('unknown');
    expect(db.nature).toContain('a routine burst, not the cause');
    expect(db.why).toContain('routine');
  });

  it('still counts when the earlier burst came with the symptom (a fault that recurs)', () => {
    const { marked, ranked } = run({ front: frontLatency([8, 9]), db: backup(38) });
    expect(marked.some((s) => s.routine)).toBe(false);
    expect(ranked[0]?.service).toBe('userdb');
  });

  it('still counts when the earlier burst was much smaller than now', () => {
    const { marked, ranked } = run({ front: frontLatency(), db: backup(12) });
    expect(marked.some((s) => s.routine)).toBe(false);
    expect(ranked[0]?.service).toBe('userdb');
  });

  it('still counts when no series shows the symptom', () => {
    expect(run({ front: null, db: backup(38) }).marked.some((s) => s.routine)).toBe(false);
    // The text names a service the metrics do not measure: no symptom to hold the earlier burst against.
    expect(run({ front: frontLatency(), db: backup(38) }, ['payments']).marked.some((s) => s.routine)).toBe(false);
  });

  it('still counts when it lasts longer now than the earlier burst did', () => {
    const { marked } = run({ front: frontLatency(), db: backup(38, [20, 21, 22, 23, 24]) });
    expect(marked.some((s) => s.routine)).toBe(false);
  });
});

describe('repeatedRun', () => {
  it('finds the latest earlier run of the same level and length, and none for a lone rise', () => {
    const points = backup(38).points;
    expect(repeatedRun(points, ONSET)?.from).toBe(BASE + 8 * MIN);
    const once = series('pod_cpu_usage_percent', 'userdb', (m) => (m >= 21 ? 40 : 1 + wobble(m))).points;
    expect(repeatedRun(once, ONSET)).toBeNull();
  });

  it('takes the entry as the services nothing calls', () => {
    const callees = new Map([['frontend', new Set(['search', 'profile'])], ['search', new Set(['geo'])], ['profile', new Set<string>()]]);
    expect(entryServices(callees)).toEqual(['frontend']);
  });
});
