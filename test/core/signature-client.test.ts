// error_signatures' answer as rca reads it: the example's database client (db_user, db_name, client_app, client_host)
// becomes the signature's `client`; other example fields stay unread, and a malformed one drops only itself.
import { describe, expect, it } from 'vitest';
import { parseSignatures } from '../../src/core/sources/logs.js';

const sig = (over: Record<string, unknown>) => ({ id: 's1', template: 'duration: <*> ms statement: SELECT 1', level: 'warn', services: [], count: 3, first_seen: null, last_seen: null, example: 'duration: 1.2 ms', example_source: 'pg.log:1', per_minute: [], baseline_count: 0, new: true, ...over });

describe("a signature's database client", () => {
  it('is read from the example fields the database readers share', () => {
    const [s] = parseSignatures({ signatures: [sig({ example_fields: { db_user: 'analytics', db_name: 'shop', client_app: 'revenue-rollup', pid: '4242' } })] })!;
    expect(s!.client).toEqual({ user: 'analytics', db: 'shop', app: 'revenue-rollup' });
    expect(s).not.toHaveProperty('example_fields');
  });

  it('is absent without those fields, and a malformed field set costs only the client', () => {
    const [plain, odd] = parseSignatures({ signatures: [sig({ example_fields: { pid: '1' } }), sig({ id: 's2', example_fields: 'nope' })] })!;
    expect(plain!.client).toBeUndefined();
    expect(odd!.id).toBe('s2');
    expect(odd!.client).toBeUndefined();
  });
});
