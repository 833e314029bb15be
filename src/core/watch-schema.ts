// The rules of `rca watch`'s settings, written once and named three ways: as flags (--interval), as the
// `watch:` section of rca.config.yaml (watch.interval) and as environment variables (RCA_WATCH_INTERVAL).
import { z } from 'zod';
import { parseDuration } from './time.js';

/** Each setting: its flag (commander's camelCase key), its key under `watch:` and its environment variable. */
export const WATCH_KEYS = {
  listen: { flag: '--listen', config: 'listen' },
  tokenEnv: { flag: '--token-env', config: 'token_env' },
  pagerdutySecretEnv: { flag: '--pagerduty-secret-env', config: 'pagerduty_secret_env' },
  watchDocker: { flag: '--watch-docker', config: 'docker' },
  prometheusAlerts: { flag: '--prometheus-alerts', config: 'prometheus_alerts' },
  interval: { flag: '--interval', config: 'interval' },
  groupWindow: { flag: '--group-window', config: 'group_window' },
  concurrency: { flag: '--concurrency', config: 'concurrency' },
  webhook: { flag: '--webhook', config: 'webhooks' },
  slackWebhook: { flag: '--slack-webhook', config: 'slack_webhooks' },
  autoHeal: { flag: '--auto-heal', config: 'auto_heal' },
} as const;
export type WatchKey = keyof typeof WATCH_KEYS;

export const watchEnvName = (key: WatchKey) => `RCA_WATCH_${WATCH_KEYS[key].config.toUpperCase()}`;

/** The defaults, applied after flags, environment and file are merged. */
export const WATCH_DEFAULTS = { listen: '127.0.0.1:9095', interval: 30_000, groupWindow: 600_000, concurrency: 2, webhook: [], slackWebhook: [], autoHeal: false };

const duration = (name: string, min: number, max: number) =>
  z.string().transform((v, ctx) => {
    const ms = parseDuration(v);
    if (ms === null || ms < min || ms > max) {
      ctx.addIssue({ code: 'custom', message: `${name} ${v}: give a duration from ${min / 1000}s to ${max / 60_000}m, e.g. 30s or 5m` });
      return z.NEVER;
    }
    return ms;
  });

const url = (name: string) => z.string().refine((v) => /^https?:\/\/[^\s]+$/.test(v) && URL.canParse(v), { message: `${name}: an http(s) URL` });
const envVarName = (name: string) => z.string().regex(/^[A-Z_][A-Z0-9_]*$/, `${name}: the NAME of an environment variable`);

/** One schema per setting, its messages naming the setting as `name(key)` says (no defaults: unset stays undefined). */
export function watchFieldSchemas(name: (key: WatchKey) => string) {
  return {
    listen: z.string().regex(/^(\[[0-9a-f:]+\]|[A-Za-z0-9.\-]+):\d{1,5}$/i, `${name('listen')} HOST:PORT, e.g. 127.0.0.1:9095`),
    tokenEnv: envVarName(name('tokenEnv')),
    pagerdutySecretEnv: envVarName(name('pagerdutySecretEnv')),
    watchDocker: z.union([z.literal(true), z.string().regex(/^[A-Za-z0-9_.\-/]{1,200}(=.{0,200})?$/, `${name('watchDocker')} [LABEL]: KEY or KEY=VALUE`)]),
    prometheusAlerts: z.union([z.literal(true), url(name('prometheusAlerts'))]),
    interval: duration(name('interval'), 1000, 3_600_000),
    groupWindow: duration(name('groupWindow'), 0, 86_400_000),
    concurrency: z.coerce
      .number({ error: `${name('concurrency')}: a whole number` })
      .int(`${name('concurrency')}: a whole number`)
      .min(1, `${name('concurrency')}: at least 1`)
      .max(16, `${name('concurrency')}: at most 16`),
    webhook: z.array(url(name('webhook'))),
    slackWebhook: z.array(url(name('slackWebhook'))),
    autoHeal: z.boolean({ error: `${name('autoHeal')}: true or false` }),
  };
}
export type WatchFields = { [K in WatchKey]?: z.output<ReturnType<typeof watchFieldSchemas>[K]> };

const CONFIG_FIELDS = watchFieldSchemas((key) => `watch.${WATCH_KEYS[key].config}`);

/** The `watch:` section of rca.config.yaml, strict (a typo in a key is reported), parsed into the flags' keys. */
export const watchConfigSchema = z
  .strictObject(
    Object.fromEntries((Object.keys(WATCH_KEYS) as WatchKey[]).map((k) => [WATCH_KEYS[k].config, CONFIG_FIELDS[k].optional()])) as {
      [K in WatchKey as (typeof WATCH_KEYS)[K]['config']]: z.ZodOptional<ReturnType<typeof watchFieldSchemas>[K]>;
    },
  )
  .transform((v): WatchFields => {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(WATCH_KEYS) as WatchKey[]) {
      const value = (v as Record<string, unknown>)[WATCH_KEYS[k].config];
      if (value !== undefined) out[k] = value;
    }
    return out as WatchFields;
  });
