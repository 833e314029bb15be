// A CronJob whose active jobs rose above one has runs that overlap, each holding its own connections: with a shared
// resource at its limit, the change to that CronJob (its schedule) is named, and the CronJob is the service (holdout 358).
import { describe, expect, it } from 'vitest';
import { rank } from '../../src/rca/rank.js';
import { aboutOwner, overlappingRuns } from '../../src/rca/overlapping-runs.js';
import { resourceGrowth } from '../../src/rca/resource-growth.js';
import { handBundle, minuteSeries } from './helpers.js';
import { change, condition, ctxFor, MIN, ONSET } from './rank-findings.js';

// Two hours before the onset to half an hour after, sampled every minute; minute 120 is the onset.
const FROM = ONSET - 120 * MIN;
const bundleOf = (...series: Array<ReturnType<typeof minuteSeries>>) => handBundle('top-ups fail', { from: FROM, to: ONSET + 30 * MIN }, { series });
const active = (f: (m: number) => number) => minuteSeries('kube_cronjob_status_active', { namespace: 'finance', cronjob: 'ledger-reconcile' }, FROM, 150, f);
// An hourly run of 38 minutes, then from minute 90 a run every ten minutes: two at once from minute 100, four by 120.
const overlapping = (m: number) => (m < 38 ? 1 : m < 90 ? 0 : Math.min(4, 1 + Math.floor((m - 90) / 10)));

describe('runs of a CronJob that began to overlap', () => {
  it('are a climb owned by the CronJob, from when two first ran at once', () => {
    const g = overlappingRuns(bundleOf(active(overlapping)), ONSET + 5 * MIN);
    expect(g).toMatchObject({ owner: 'ledger-reconcile', start: ONSET - 20 * MIN });
    expect(resourceGrowth(bundleOf(active(overlapping)), ONSET)?.kind).toBe('runs');
  });

  it('are none for a CronJob that always ran one job at a time, or always overlapped', () => {
    expect(overlappingRuns(bundleOf(active((m) => (m % 60 < 38 ? 1 : 0))), ONSET + 5 * MIN)).toBeNull();
    expect(overlappingRuns(bundleOf(active((m) => 2 + (m % 2))), ONSET + 5 * MIN)).toBeNull();
  });

  it('are about a change whose folder or manifest is named like the CronJob', () => {
    expect(aboutOwner(['finance/ledger-reconcile/cronjob.yaml'], 'ledger-reconcile')).toBe(true);
    expect(aboutOwner(['k8s/cronjobs/ledger-reconcile.yaml'], 'ledger-reconcile')).toBe(true);
    expect(aboutOwner(['wallet-api/internal/topup/retry.go'], 'ledger-reconcile')).toBe(false);
  });
});

describe('the change that made the runs overlap', () => {
  const full = condition({ condition: 'saturation', category: 'resource_exhaustion', service: 'wallet-api', confidence: 0.6, summary: 'a resource limit was hit in wallet-api: "Too many connections"; mysql threads connected flat at 151' });
  const schedule = change('3b298deb11112222', 'Reconcile the ledger every 10 minutes', 34, {
    relevance: 0.05, growthTiming: Math.exp(-14 / 20), retention: ['schedule'], configOnly: true, paths: ['finance/ledger-reconcile/cronjob.yaml'],
  });
  // The caller's release nine minutes before shares the errors' words (top-ups, retrying).
  const retry = change('0b815f1f33334444', 'Retry wallet top-ups once on MySQL deadlock', 9, { relevance: 0.6, matched: ['top', 'retrying'], paths: ['wallet-api/internal/topup/retry.go'] });
  const growth = { kind: 'runs' as const, series: 'kube_cronjob_status_active{cronjob="ledger-reconcile"}', start: ONSET - 20 * MIN, owner: 'ledger-reconcile' };

  it('names the schedule change and the CronJob, over the caller\'s release that shares the errors\' words', () => {
    const v = rank([full, schedule, retry], { ...ctxFor('wallet-api', ['wallet-api']), growth });
    expect(v.best.suspect?.sha).toBe(schedule.change.sha);
    expect(v.best.service).toBe('ledger-reconcile');
    expect(v.best.summary).toContain('overlapping runs');
  });

  it('still names the caller\'s release when no runs overlapped', () => {
    expect(rank([full, schedule, retry], ctxFor('wallet-api', ['wallet-api'])).best.suspect?.sha).toBe(retry.change.sha);
  });
});
