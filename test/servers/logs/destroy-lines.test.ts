// Terraform's and OpenTofu's line as an apply starts destroying a resource: a `destroy` announcement with the resource's
// address and id; the progress lines, a plan's summary and an app's own "destroying" words are left alone.
import { describe, expect, it } from 'vitest';
import { AnnouncementLog, announcedKind } from '../../../servers/logs/announcements.js';

const DESTROYING = 'aws_elasticache_replication_group.web_sessions: Destroying... [id=web-sessions]';

describe('destroy announcements', () => {
  it.each([
    [DESTROYING, ['aws_elasticache_replication_group.web_sessions', 'web-sessions']],
    ['module.db.aws_db_instance.this[0]: Destroying... [id=orders-db]', ['module.db.aws_db_instance.this[0]', 'orders-db']],
    ['google_sql_database_instance.main (deposed object 4f2a1b3c): Destroying... [id=main-pg]', ['google_sql_database_instance.main', 'main-pg']],
  ])('%s', (line, objects) => {
    expect(announcedKind(line)).toBe('destroy');
    const log = new AnnouncementLog();
    log.add(Date.parse('2026-12-20T11:22:50Z'), { line: 1, continuation: 0, time: null, level: 'info', service: 'ci-terraform', message: line });
    expect(log.result()).toEqual([{ time: '2026-12-20T11:22:50.000Z', service: 'ci-terraform', kind: 'destroy', text: line, objects }]);
  });

  it.each([
    'aws_elasticache_replication_group.web_sessions: Still destroying... [id=web-sessions, 0m20s elapsed]',
    'aws_elasticache_replication_group.web_sessions: Destruction complete after 6m12s',
    'Plan: 1 to add, 0 to change, 1 to destroy.',
    'session 9f2c destroying: user logged out',
  ])('leaves alone: %s', (line) => {
    expect(announcedKind(line)).not.toBe('destroy');
  });
});
