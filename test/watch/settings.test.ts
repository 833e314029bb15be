// rca watch's settings from three places: per setting the flag wins over RCA_WATCH_<KEY>, which wins over the
// watch: section of rca.config.yaml, then the default; a bad value names the flag, the variable or the file line.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/core/config.js';
import { resolveWatchSettings } from '../../src/watch/settings.js';

const FILE = `
watch:
  interval: 2m
  group_window: 15m
  concurrency: 4
  listen: 127.0.0.1:9200
  docker: team=payments
  webhooks: [https://hooks.example/a]
  auto_heal: true
`;

describe('rca watch settings', () => {
  it('reads the watch: section, with defaults for what it leaves out', () => {
    const file = parseConfigText(FILE, 'rca.config.yaml').watch;
    expect(resolveWatchSettings({}, file, {})).toEqual({
      listen: '127.0.0.1:9200', tokenEnv: undefined, pagerdutySecretEnv: undefined, watchDocker: 'team=payments', prometheusAlerts: undefined,
      interval: 120_000, groupWindow: 900_000, concurrency: 4, webhook: ['https://hooks.example/a'], slackWebhook: [], autoHeal: true, once: false,
    });
    expect(resolveWatchSettings({ once: true }, parseConfigText('db: x.db\n', 'f').watch, {})).toMatchObject({ listen: '127.0.0.1:9095', interval: 30_000, groupWindow: 600_000, concurrency: 2, autoHeal: false, once: true });
  });

  it('takes a flag over RCA_WATCH_<KEY> over the file, per setting', () => {
    const file = parseConfigText(FILE, 'rca.config.yaml').watch;
    const env = { RCA_WATCH_INTERVAL: '45s', RCA_WATCH_CONCURRENCY: '3', RCA_WATCH_WEBHOOKS: 'https://hooks.example/b, https://hooks.example/c', RCA_WATCH_AUTO_HEAL: 'false' };
    const s = resolveWatchSettings({ interval: '10s', webhook: [] }, file, env);
    expect([s.interval, s.concurrency, s.groupWindow, s.webhook, s.autoHeal]).toEqual([10_000, 3, 900_000, ['https://hooks.example/b', 'https://hooks.example/c'], false]);
    expect(resolveWatchSettings({ webhook: ['https://hooks.example/flag'] }, file, env).webhook).toEqual(['https://hooks.example/flag']);
    expect(resolveWatchSettings({}, file, { RCA_WATCH_DOCKER: 'true' }).watchDocker).toBe(true);
  });

  it('names the file line, the variable or the flag of a bad value', () => {
    expect(() => parseConfigText('watch:\n  interval: 0s\n', 'rca.config.yaml')).toThrow(/rca\.config\.yaml:2:13: watch\.interval: watch\.interval 0s: give a duration/);
    expect(() => parseConfigText('watch:\n  intervall: 1m\n', 'rca.config.yaml')).toThrow(/rca\.config\.yaml:2:3: watch: unknown field intervall/);
    expect(() => parseConfigText('watch:\n  webhooks: [ftp://x]\n', 'rca.config.yaml')).toThrow(/watch\.webhooks: an http\(s\) URL/);
    expect(() => resolveWatchSettings({}, {}, { RCA_WATCH_CONCURRENCY: 'lots' })).toThrow('RCA_WATCH_CONCURRENCY: a whole number');
    expect(() => resolveWatchSettings({}, {}, { RCA_WATCH_AUTO_HEAL: 'maybe' })).toThrow('RCA_WATCH_AUTO_HEAL: true or false');
    expect(() => resolveWatchSettings({ watchDocker: 'bad label!' }, {}, {})).toThrow('--watch-docker [LABEL]: KEY or KEY=VALUE');
    expect(() => resolveWatchSettings({ concurrency: '99' }, {}, { RCA_WATCH_CONCURRENCY: '3' })).toThrow('--concurrency: at most 16');
  });
});
