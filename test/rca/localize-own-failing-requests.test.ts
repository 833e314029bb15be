// Localization from each service's bursts of its own entries when the logs carry no trace ids (request_flows'
// own_requests): a service failing most of what it serves is named, one failing a few of its requests is not.
import { describe, expect, it } from 'vitest';
import type { EvidenceBundle, RequestFlows } from '../../src/rca/bundle.js';
import { ownFailingRequests } from '../../src/rca/localize/own-failing-requests.js';
import { COUNT_Z_SCALE } from '../../src/rca/localize/flow-scores.js';
import { handBundle } from './helpers.js';

const BASE = Date.parse('2023-01-29T08:54:00Z');
const MIN = 60_000;
const WINDOW = { from: BASE, to: BASE + 8 * MIN };
const ONSET = BASE + 4 * MIN;
const INCIDENT = 'booking site: latency up on the frontend since about 08:58 UTC';
const minutes = Array.from({ length: 8 }, (_, k) => BASE + k * MIN);
const per = (before: number, after: number) => minutes.map((m) => (m >= ONSET ? after : before));

type Own = NonNullable<RequestFlows['ownRequests']>;

function bundleWith(own: Own, traced: RequestFlows['transitions'] = []): EvidenceBundle {
  const b = handBundle(INCIDENT, WINDOW, {});
  const steps = [{ service: 'ts-contacts-service', step: 'c.c.ContactsController#83 [ContactsService][Contacts Id Print]' }];
  const data: RequestFlows = { minutes, steps, transitions: traced, calls: [], services: [], statementMinutes: minutes, statements: [], ownRequests: own };
  b.outputs.flows = { tool: 'logs__request_flows', text: JSON.stringify(data) };
  b.flows = { call_id: 'flows', tool: 'logs__request_flows', data };
  return b;
}
const failing = (b: EvidenceBundle) => ownFailingRequests(b, ONSET, COUNT_Z_SCALE).signals;

describe('own failing requests: bursts of a service\'s own entries that hold its error', () => {
  it('names the service whose bursts after the onset mostly held an error of its own, whether or not they did before', () => {
    const s = failing(bundleWith([
      { service: 'ts-contacts-service', requests: per(5, 6), failed: per(5, 6) },
      { service: 'ts-preserve-service', requests: per(20, 20), failed: per(1, 1) },
    ]));
    expect(s.map((x) => x.service)).toEqual(['ts-contacts-service']);
    expect(s[0]!.kind).toBe('log_errors');
    expect(s[0]!.family).toBe('failing requests');
    expect(s[0]!.what).toContain('18 of ts-contacts-service\'s 18 bursts of its own entries');
  });

  it('reads nothing into a service that fails a minority of its bursts (chronic noise)', () => {
    // 8 of 18 fail: below one half, so not "most of what it serves".
    const s = failing(bundleWith([{ service: 'ts-food-service', requests: per(6, 6), failed: minutes.map((m, i) => (m >= ONSET ? (i % 2 === 0 ? 3 : 2) : 3)) }]));
    expect(s).toEqual([]);
  });

  it('needs enough bursts after the onset to read a share at all', () => {
    expect(failing(bundleWith([{ service: 'ts-contacts-service', requests: per(1, 1), failed: per(1, 1) }]))).toEqual([]);
  });

  it('leaves the logs to the traced flows when their entries carry trace ids', () => {
    const own = [{ service: 'ts-contacts-service', requests: per(5, 6), failed: per(5, 6) }];
    expect(failing(bundleWith(own, [{ from: 0, to: 0, counts: per(1, 1) }]))).toEqual([]);
    expect(failing(bundleWith(own))).toHaveLength(1);
  });
});
