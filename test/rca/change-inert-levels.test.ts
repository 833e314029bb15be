// A diff that only changes the level of logging calls (`log.Debug()` -> `log.Warn()`) is inert: it makes a message
// visible, it breaks nothing; a logging setting (`level: DEBUG`, more written, a disk filling) is not such a diff.
import { describe, expect, it } from 'vitest';
import { onlyLogLevels } from '../../src/rca/analyzers/change-correlation.js';
import { BASE, MIN, noise, ONSET, run } from './engine-world.js';
import { commit, deployment, errorRate, signature, span } from './helpers.js';

describe('onlyLogLevels', () => {
  it('is true when the one changed line only raises the level of a zerolog call', () => {
    expect(onlyLogLevels(' if err != nil {\n-  log.Debug().Err(err).Msg("login failed")\n+  log.Warn().Err(err).Msg("login failed")\n   return err\n')).toBe(true);
  });

  it('is true for a logger method whose level changed', () => {
    expect(onlyLogLevels('-    logger.info("retrying charge", { attempt })\n+    logger.error("retrying charge", { attempt })\n')).toBe(true);
  });

  it('is false for a logging setting: a level in YAML changes how much is written, not which call', () => {
    expect(onlyLogLevels(' logging:\n-  level: INFO\n+  level: DEBUG\n')).toBe(false);
  });

  it('is false when another line changes too', () => {
    expect(onlyLogLevels('-  log.Debug().Err(err).Msg("login failed")\n+  log.Warn().Err(err).Msg("login failed")\n-  retries := 3\n+  retries := 0\n')).toBe(false);
    expect(onlyLogLevels('-  log.Debug().Err(err).Msg("login failed")\n+  log.Warn().Err(err).Msg("login failed")\n+  return nil\n')).toBe(false);
  });

  it('is false when the message changes along with the level', () => {
    expect(onlyLogLevels('-  logger.info("retrying charge")\n+  logger.error("charge failed")\n')).toBe(false);
  });

  it('is false for an empty diff', () => {
    expect(onlyLogLevels('')).toBe(false);
    expect(onlyLogLevels(' unchanged context\n')).toBe(false);
  });
});

describe('through the engine', () => {
  it('never blames a release whose diff only made the failing message visible, and says why', async () => {
    const level = commit('f1', 'Log failed logins at warn', BASE + 77 * MIN, ['auth/handlers/login.go']);
    const code = commit('f2', 'Check the session store first', BASE + 76 * MIN, ['auth/session/store.go']);
    const { report } = await run({
      signatures: [...noise, signature({ template: 'login failed: session store unavailable', service: 'auth', base: BASE, minutes: span(ONSET, 120, 6) })],
      errorRates: [errorRate('auth', BASE, 120, ONSET)],
      deployments: [deployment('a3', BASE + 78 * MIN, [level, code])],
      diffs: {
        [level.sha]: '-  log.Debug().Err(err).Msg("login failed")\n+  log.Warn().Err(err).Msg("login failed")\n',
        [code.sha]: '+  if s, ok := store.Get(id); ok {\n+    return s, nil\n+  }\n',
      },
    });
    expect(report.root_cause.suspect_change?.sha).not.toBe(level.sha);
    expect(report.ruled_out.find((r) => r.what.includes('Log failed logins at warn'))?.reason).toBe('its diff changes only the level of log statements (what is logged, not what fails)');
  });
});
