// get_anomalies on the shared sample incidents (fixtures/shared-sample): the change at incident_start must be
// the strongest anomaly, and get_error_rates must put that anomaly's service first.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Anomaly, ErrorRateSeries } from '../../../src/core/evidence.js';
import { connectMetrics, SCENARIOS } from './client.js';

const names = readdirSync(SCENARIOS).filter((n) => existsSync(join(SCENARIOS, n, 'metrics/metrics.om')));

describe('shared sample scenarios', () => {
  it('finds the three samples', () => {
    expect(names.length).toBe(3);
  });

  it.each(names)('%s: the incident onset ranks first', async (name) => {
    const dir = join(SCENARIOS, name);
    const scenario = JSON.parse(readFileSync(join(dir, 'scenario.json'), 'utf8')) as {
      incident_start: string;
      at: string;
    };
    const c = await connectMetrics({ file: join(dir, 'metrics/metrics.om'), at: Date.parse(scenario.at) });
    const { anomalies } = await c.json<{ anomalies: Anomaly[] }>('get_anomalies', { since: '2h' });
    const onset = Date.parse(scenario.incident_start);
    const top = anomalies[0]!;
    expect(Math.abs(Date.parse(top.time) - onset)).toBeLessThanOrEqual(60_000);
    expect(top.direction).toBe('up');
    const { services } = await c.json<{ services: ErrorRateSeries[] }>('get_error_rates', { since: '2h' });
    // the service whose errors rose is the one the top anomaly is about (the cause may sit upstream of it)
    expect(services[0]!.service).toBe(top.labels.service);
    expect(services[0]!.peak).toBeGreaterThan(0.1);
    expect(Date.parse(services[0]!.peak_time!)).toBeGreaterThanOrEqual(onset);
  });
});
