// A stall that became constant at the onset but showed as rare one-scrape spikes from a release on (holdout 342's
// shape, on a sample of its own): that release began it, not a later release of another service closer to the errors.
import { describe, expect, it } from 'vitest';
import { precursor } from '../../src/rca/precursor.js';
import { rank } from '../../src/rca/rank.js';
import { bundleOf, BASE, MIN, ONSET as ONSET_MIN, samples } from './general-rules-kit.js';
import { change, ctxFor, MIN as RMIN, ONSET } from './rank-findings.js';

const onsetAt = BASE + ONSET_MIN * MIN;
// search-api's pods are replaced at minute 40: the old pod is quiet and gone, the new one stalls at 47 and 61, then
// from the onset (80) nearly always; its lag is scraped every minute (a tiny jitter keeps the values apart).
const oldPod = samples('event_loop_lag_seconds', { app: 'search-api', pod: 'search-api-5d4f8b7c6-b7n2h' }, (m) => 0.01 + (m % 3) * 0.001);
oldPod.points = oldPod.points.filter(([t]) => t < BASE + 40 * MIN);
const newPod = samples('event_loop_lag_seconds', { app: 'search-api', pod: 'search-api-7b9c6d5f8-q4w2e' }, (m) => (m >= ONSET_MIN ? 6 + (m % 2) * 0.3 : m === 47 || m === 61 ? 5.1 : 0.01 + (m % 3) * 0.001));
newPod.points = newPod.points.filter(([t]) => t >= BASE + 40 * MIN);

describe('a precursor of the failing signal', () => {
  it('is the first rare spike to the failing level after a quiet stretch, across the pods a rollout replaced', () => {
    const p = precursor(bundleOf({ series: [oldPod, newPod] }), onsetAt);
    expect(p?.service).toBe('search-api');
    expect(p?.start).toBe(BASE + 47 * MIN);
  });

  it('is none for a series that is often that high before the onset (noise, not a first sign)', () => {
    const noisy = samples('event_loop_lag_seconds', { app: 'search-api', pod: 'search-api-7b9c6d5f8-q4w2e' }, (m) => (m >= ONSET_MIN || m % 4 === 0 ? 6 : 0.01));
    expect(precursor(bundleOf({ series: [noisy] }), onsetAt)).toBeNull();
  });

  it('is none for a jump with nothing before it', () => {
    const jump = samples('event_loop_lag_seconds', { app: 'search-api' }, (m) => (m >= ONSET_MIN ? 6 : 0.01));
    expect(precursor(bundleOf({ series: [jump] }), onsetAt)).toBeNull();
  });
});

describe('the release that began the precursor', () => {
  // search-api 5.4.0 went live 38 minutes before the onset, search-indexer 2.9.0 four minutes before; neither shares
  // enough words with the errors to be blamed on them.
  const release = change('8f3ac9618d59e217', 'Reject search queries with unsupported characters', 38, { relevance: 0.2, paths: ['search-api/src/query.pipe.ts'] });
  const indexer = change('93c2445a26dc1d4e', 'Refresh the product index every 5 minutes', 4, { relevance: 0.1, paths: ['search-indexer/src/schedule.ts'] });
  const services = ['search-api', 'search-indexer', 'gateway'];

  it('is named over a later release of another service whose only tie is time', () => {
    const ctx = { ...ctxFor('search-api', services), precursor: { service: 'search-api', series: 'event_loop_lag_seconds{app="search-api"}', start: ONSET - 31 * RMIN } };
    const v = rank([release, indexer], ctx);
    expect(v.best.suspect?.sha).toBe(release.change.sha);
    expect(v.best.summary).toContain('first spiked to its failing level 7 minutes after it went live');
    expect(v.ruledOut.map((r) => r.what).join('; ')).toContain('93c2445a');
  });

  it('is not a release long before the first spike, nor one of another service', () => {
    const late = { ...ctxFor('search-api', services), precursor: { service: 'search-api', series: 'lag', start: ONSET - 2 * RMIN } };
    expect(rank([release, indexer], late).best.suspect?.sha).not.toBe(release.change.sha);
    const other = { ...ctxFor('search-api', services), precursor: { service: 'gateway', series: 'lag', start: ONSET - 31 * RMIN } };
    expect(rank([release, indexer], other).best.suspect?.sha).not.toBe(release.change.sha);
  });
});
