// The three webhook shapes to alerts: Alertmanager v4 groups, PagerDuty v3 with its signature, the generic form;
// alert text stays data (control characters out, bounded) and malformed payloads are refused with a reason.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromAlertmanager } from '../../src/watch/intake-alertmanager.js';
import { fromGeneric } from '../../src/watch/intake-generic.js';
import { fromPagerDuty, verifyPagerDutySignature } from '../../src/watch/intake-pagerduty.js';

const am = {
  version: '4',
  groupKey: '{}:{alertname="HighErrorRate"}',
  status: 'firing',
  receiver: 'rca',
  groupLabels: { alertname: 'HighErrorRate' },
  commonLabels: { alertname: 'HighErrorRate' },
  commonAnnotations: {},
  externalURL: 'http://am',
  truncatedAlerts: 0,
  alerts: [
    { status: 'firing', labels: { alertname: 'HighErrorRate', service: 'checkout', severity: 'page' }, annotations: { summary: '5xx above 5%\nrm -rf /' }, startsAt: '2026-02-17T14:45:00Z', endsAt: '0001-01-01T00:00:00Z', fingerprint: 'abc123' },
    { status: 'firing', labels: { alertname: 'HighErrorRate', service: 'payments' }, annotations: {}, startsAt: '0001-01-01T00:00:00Z', fingerprint: 'def456' },
  ],
};

describe('Alertmanager webhook v4', () => {
  it('gives one alert per entry, sharing the group key, with service, start and flattened text', () => {
    const now = new Date('2026-02-17T15:00:00Z');
    const alerts = fromAlertmanager(am, now);
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toMatchObject({ source: 'alertmanager', key: 'am:abc123', status: 'firing', service: 'checkout', startedAt: '2026-02-17T14:45:00.000Z' });
    expect(alerts[0]!.title).toBe('HighErrorRate: 5xx above 5% rm -rf /');
    expect(alerts[0]!.group).toBe(alerts[1]!.group);
    // Alertmanager's zero time means "unset": the receive time stands in.
    expect(alerts[1]!.startedAt).toBe(now.toISOString());
  });

  it('refuses another payload version and a missing alerts list', () => {
    expect(() => fromAlertmanager({ ...am, version: '3' })).toThrow(/payload version/);
    expect(() => fromAlertmanager({ version: '4', groupKey: 'x', status: 'firing' })).toThrow();
  });
});

describe('PagerDuty v3 webhook', () => {
  const body = { event: { id: 'E1', event_type: 'incident.triggered', occurred_at: '2026-02-17T14:50:00Z', data: { id: 'PGR0VU2', title: 'Checkout is down', created_at: '2026-02-17T14:49:00Z', urgency: 'high', service: { summary: 'checkout' } } } };

  it('verifies v1 signatures, including one of several during secret rotation', () => {
    const raw = Buffer.from(JSON.stringify(body));
    const sig = createHmac('sha256', 's3cret').update(raw).digest('hex');
    expect(verifyPagerDutySignature(raw, `v1=${sig}`, 's3cret')).toBe(true);
    expect(verifyPagerDutySignature(raw, `v1=${'0'.repeat(64)},v1=${sig}`, 's3cret')).toBe(true);
    expect(verifyPagerDutySignature(raw, `v1=${sig}`, 'other')).toBe(false);
    expect(verifyPagerDutySignature(Buffer.from(`${raw.toString()} `), `v1=${sig}`, 's3cret')).toBe(false);
    expect(verifyPagerDutySignature(raw, undefined, 's3cret')).toBe(false);
  });

  it('opens on incident.triggered, closes on incident.resolved, ignores other events', () => {
    const [a] = fromPagerDuty(body);
    expect(a).toMatchObject({ key: 'pd:PGR0VU2', status: 'firing', title: 'Checkout is down', service: 'checkout', startedAt: '2026-02-17T14:49:00.000Z' });
    expect(fromPagerDuty({ event: { ...body.event, event_type: 'incident.resolved' } })[0]!.status).toBe('resolved');
    expect(fromPagerDuty({ event: { ...body.event, event_type: 'incident.annotated' } })).toEqual([]);
  });
});

describe('generic alert', () => {
  it('takes title, service, started_at and labels', () => {
    const [a] = fromGeneric({ title: 'orders slow', service: 'orders', started_at: '2026-02-17T14:45:00Z', labels: { env: 'prod', n: 3 } });
    expect(a).toMatchObject({ source: 'generic', title: 'orders slow', service: 'orders', labels: { env: 'prod', n: '3' }, status: 'firing' });
  });

  it('says what is missing or wrong', () => {
    expect(() => fromGeneric({ service: 'x' })).toThrow(/title/);
    expect(() => fromGeneric({ title: 't', service: '$(reboot)' })).toThrow(/service/);
  });
});
