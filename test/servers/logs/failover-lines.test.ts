// The lines that announce a store changing its primary or a node drained for a reboot: classified as `failover`
// announcements with what failed over (old primary first), and ordinary lines that merely mention those words left alone.
import { describe, expect, it } from 'vitest';
import { AnnouncementLog, announcedKind } from '../../../servers/logs/announcements.js';
import { failoverSubjects } from '../../../servers/logs/failover-lines.js';
import type { LogEntry } from '../../../servers/logs/entries.js';

const rds =
  '{"version":"0","detail-type":"RDS DB Instance Event","source":"aws.rds","time":"2026-12-06T04:11:20Z","detail":{"EventCategories":["failover"],"Message":"Multi-AZ instance failover started.","SourceIdentifier":"payments-db","EventID":"RDS-EVENT-0013"}}';

describe('failover announcements', () => {
  it.each([
    ['+switch-master mymaster redis-0.redis-headless.shop.svc.cluster.local 6379 redis-1.redis-headless.shop.svc.cluster.local 6379', ['redis-0.redis-headless.shop.svc.cluster.local', 'redis-1.redis-headless.shop.svc.cluster.local']],
    ['+odown master mymaster 10.0.1.5 6379 #quorum 2/2', ['10.0.1.5']],
    [rds, ['payments-db']],
    ['Completed failover to DB instance: orders-aurora-instance-2', ['orders-aurora-instance-2']],
    ['Draining node ip-10-3-2-41.eu-west-1.compute.internal', ['ip-10-3-2-41.eu-west-1.compute.internal']],
    ['Commanding reboot for node: ip-10-3-2-41.eu-west-1.compute.internal', ['ip-10-3-2-41.eu-west-1.compute.internal']],
    ['promoted self to leader by acquiring session lock', []],
    ['Transition to primary complete; database writes are now permitted', []],
  ])('%s', (line, subjects) => {
    expect(announcedKind(line)).toBe('failover');
    expect(failoverSubjects(line)).toEqual(subjects);
  });

  it.each([
    '+sentinel sentinel bf3221d5 redis-2.redis-headless 26379 @ mymaster redis-0.redis-headless 6379',
    'Reboot not required',
    'primary key violation on orders_pkey',
    'Backing up DB instance',
    'PSP failover to backup acquirer is disabled',
  ])('leaves alone: %s', (line) => {
    expect(announcedKind(line)).not.toBe('failover');
  });

  it('tells a JSON event by its message and source, whose envelope would fill the kept text', () => {
    const log = new AnnouncementLog();
    log.add(Date.parse('2026-12-06T04:11:20Z'), { line: 1, continuation: 0, time: null, level: 'info', service: 'rds-events', message: rds });
    expect(log.result()).toEqual([{ time: '2026-12-06T04:11:20.000Z', service: 'rds-events', kind: 'failover', text: 'Multi-AZ instance failover started. (payments-db)', objects: ['payments-db'] }]);
  });

  it('keeps the subjects with the announcement', () => {
    const log = new AnnouncementLog();
    const e: LogEntry = { line: 1, continuation: 0, time: null, level: 'warn', service: 'redis-sentinel', message: '+failover-end master mymaster redis-0.redis-headless 6379' };
    log.add(Date.parse('2026-12-06T03:10:09Z'), e);
    expect(log.result()).toEqual([{ time: '2026-12-06T03:10:09.000Z', service: 'redis-sentinel', kind: 'failover', text: e.message, objects: ['redis-0.redis-headless'] }]);
  });
});
