// A setting a change touched, seen taking effect in a database's own settings series (pg_settings_max_connections
// 3000 → 1705 at the reboot after a parameter group was recreated without it): the cause is in the database (holdout 402).
import { describe, expect, it } from 'vitest';
import type { SeriesSamples } from '../../src/core/evidence.js';
import { fromChange } from '../../src/rca/change-hypothesis.js';
import { changedSettingNames, settingSeriesStep } from '../../src/rca/setting-series.js';
import { handBundle, minuteSeries } from './helpers.js';
import { change, ctxFor, MIN, ONSET } from './rank-findings.js';

const FROM = ONSET - 120 * MIN;
const LIVE = ONSET - 80 * MIN;
const bundleWith = (series: SeriesSamples[]) => handBundle('checkouts failing', { from: FROM, to: ONSET + 30 * MIN }, { series });
const SERVICES = new Set(['orders-api', 'billing-api', 'orders-db', 'infra-terraform-apply']);
const LABELS = { instance: 'orders-db', server: 'orders-db.cluster-c8x2k1.eu-west-1.rds.amazonaws.com:5432' };

// A Terraform parameter group recreated from a map: max_connections is on a removed line only (back to the default).
const DIFF = [
  'diff --git a/infra/aws/orders/rds.tf b/infra/aws/orders/rds.tf',
  '--- a/infra/aws/orders/rds.tf',
  '+++ b/infra/aws/orders/rds.tf',
  '+locals {',
  '+  orders_pg_params = {',
  '+    log_min_duration_statement = "1000"',
  '+  }',
  '+}',
  ' resource "aws_db_parameter_group" "orders" {',
  '-  name   = "orders-pg15"',
  '+  name_prefix = "orders-pg15-"',
  '-  parameter {',
  '-    name         = "max_connections"',
  '-    value        = "3000"',
  '-    apply_method = "pending-reboot"',
  '-  }',
].join('\n');
// The reboot 7 minutes after the apply loads the default (LEAST(DBInstanceClassMemory/9531392, 5000) on RDS).
const stepped = minuteSeries('pg_settings_max_connections', LABELS, FROM, 150, (m) => (m < 47 ? 3000 : 1705));

describe('a setting series that stepped after a change', () => {
  it('reads the setting names on added and removed lines', () => {
    const keys = changedSettingNames(DIFF);
    expect(keys.has('max_connections')).toBe(true);
    expect(keys.has('log_min_duration_statement')).toBe(true);
    expect(keys.has('orders')).toBe(false);
  });

  it('finds the database where the removed setting took effect', () => {
    const s = settingSeriesStep(bundleWith([stepped]), DIFF, LIVE, SERVICES);
    expect(s).toMatchObject({ service: 'orders-db', key: 'max_connections', from: 3000, to: 1705 });
  });

  it('is none for a series that held its value, moved before the change, or names no setting the diff touched', () => {
    const flat = minuteSeries('pg_settings_max_connections', LABELS, FROM, 150, () => 3000);
    expect(settingSeriesStep(bundleWith([flat]), DIFF, LIVE, SERVICES)).toBeNull();
    const earlier = minuteSeries('pg_settings_max_connections', LABELS, FROM, 150, (m) => (m < 20 ? 3000 : 1705));
    expect(settingSeriesStep(bundleWith([earlier]), DIFF, LIVE, SERVICES)).toBeNull();
    const other = minuteSeries('pg_settings_shared_buffers_bytes', LABELS, FROM, 150, (m) => (m < 47 ? 2e9 : 1e9));
    expect(settingSeriesStep(bundleWith([other]), DIFF, LIVE, SERVICES)).toBeNull();
  });

  it('names the database, not the refused caller nor the pipeline folder, as the service the cause is in', () => {
    const step = settingSeriesStep(bundleWith([stepped]), DIFF, LIVE, SERVICES)!;
    const base = change('cbcb84e7aaaa', 'infra(orders): parameter group with name_prefix', 80, { paths: ['infra/aws/orders/rds.tf'], configOnly: true });
    const ctx = ctxFor('orders-api', [...SERVICES]);
    expect(fromChange({ ...base, setIn: step }, [], [], ctx, 'relevance').service).toBe('orders-db');
    // Near miss: without the step, the folder's stream (infra-terraform-apply) is the change's owner as before.
    expect(fromChange(base, [], [], ctx, 'relevance').service).toBe('infra-terraform-apply');
  });
});
