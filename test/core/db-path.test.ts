// The one resolution of the database path: --db, then INCIDENT_COPILOT_DB, then `db:` in the config file,
// then the XDG default; relative flags are relative to the working directory.
import { describe, expect, it } from 'vitest';
import { defaultDbPath, resolveDbPath } from '../../src/core/db-path.js';

describe('resolveDbPath', () => {
  const env = { INCIDENT_COPILOT_DB: '/y/b.db', XDG_DATA_HOME: '/data' };

  it('takes the flag first, then the environment, then the config file, then the default', () => {
    expect(resolveDbPath({ flag: '/x/a.db', configured: '/c/c.db' }, env)).toBe('/x/a.db');
    expect(resolveDbPath({ configured: '/c/c.db' }, env)).toBe('/y/b.db');
    expect(resolveDbPath({ configured: '/c/c.db' }, { XDG_DATA_HOME: '/data' })).toBe('/c/c.db');
    expect(resolveDbPath({}, { XDG_DATA_HOME: '/data' })).toBe('/data/incident-copilot/copilot.db');
  });

  it('resolves a relative flag against the working directory and keeps :memory:', () => {
    expect(resolveDbPath({ flag: 'h.db', cwd: '/work' }, {})).toBe('/work/h.db');
    expect(resolveDbPath({ flag: ':memory:' }, {})).toBe(':memory:');
    expect(resolveDbPath({ flag: '  ', configured: '/c/c.db' }, {})).toBe('/c/c.db');
  });

  it('defaults under XDG_DATA_HOME, or ~/.local/share', () => {
    expect(defaultDbPath({ XDG_DATA_HOME: '/data' })).toBe('/data/incident-copilot/copilot.db');
    expect(defaultDbPath({ HOME: '/home/u' })).toBe('/home/u/.local/share/incident-copilot/copilot.db');
  });
});
