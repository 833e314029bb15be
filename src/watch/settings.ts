// The settings of `rca watch`, resolved once at the boundary: per setting its flag, else its RCA_WATCH_*
// variable, else the `watch:` section of rca.config.yaml, else the default; every value checked with one set of rules.
import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { WATCH_DEFAULTS, WATCH_KEYS, watchEnvName, watchFieldSchemas, type WatchFields, type WatchKey } from '../core/watch-schema.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)$/;
const KEYS = Object.keys(WATCH_KEYS) as WatchKey[];

const partial = (name: (key: WatchKey) => string) => {
  const fields = watchFieldSchemas(name);
  return z.object(Object.fromEntries(KEYS.map((k) => [k, fields[k].optional()])) as { [K in WatchKey]: z.ZodOptional<(typeof fields)[K]> });
};
const flagsSchema = partial((k) => WATCH_KEYS[k].flag);
const envSchema = partial(watchEnvName);

export interface WatchSettings {
  listen: string;
  tokenEnv?: string;
  pagerdutySecretEnv?: string;
  watchDocker?: true | string;
  prometheusAlerts?: true | string;
  interval: number;
  groupWindow: number;
  concurrency: number;
  webhook: string[];
  slackWebhook: string[];
  autoHeal: boolean;
  /** Poll once, investigate what is queued, deliver, exit (a flag only). */
  once: boolean;
  /** How far back each investigation looks (the flag; the file's top-level `window:` applies otherwise). */
  window?: string;
}

/** An environment variable's text as the setting's type: lists split on commas or spaces, booleans true/1/false/0. */
function fromEnv(key: WatchKey, text: string): unknown {
  if (key === 'webhook' || key === 'slackWebhook') return text.split(/[\s,]+/).filter(Boolean);
  if (key === 'autoHeal') return /^(1|true|yes)$/i.test(text) ? true : /^(0|false|no)$/i.test(text) ? false : text;
  if ((key === 'watchDocker' || key === 'prometheusAlerts') && /^(1|true)$/i.test(text)) return true;
  return text;
}

/**
 * Flag > RCA_WATCH_<KEY> > rca.config.yaml's `watch:` > default, per setting. Commander's `flags` hold only what
 * was typed (repeatable lists absent when not given); `file` is the config section, already validated.
 */
export function resolveWatchSettings(flags: Record<string, unknown>, file: WatchFields, env: Record<string, string | undefined>): WatchSettings {
  const typed = Object.fromEntries(KEYS.filter((k) => flags[k] !== undefined && !(Array.isArray(flags[k]) && flags[k].length === 0)).map((k) => [k, flags[k]]));
  const fromFlags = flagsSchema.safeParse(typed);
  if (!fromFlags.success) throw new UsageError(firstProblem(fromFlags.error, (k) => WATCH_KEYS[k].flag), 'see rca watch --help');
  const set = KEYS.filter((k) => env[watchEnvName(k)]?.trim());
  const fromVars = envSchema.safeParse(Object.fromEntries(set.map((k) => [k, fromEnv(k, env[watchEnvName(k)]!.trim())])));
  if (!fromVars.success) throw new UsageError(firstProblem(fromVars.error, watchEnvName), 'fix or unset the variable');
  const pick = <K extends WatchKey>(k: K) => fromFlags.data[k] ?? fromVars.data[k] ?? file[k];
  const window = typeof flags.window === 'string' ? flags.window : undefined;
  return {
    listen: pick('listen') ?? WATCH_DEFAULTS.listen,
    tokenEnv: pick('tokenEnv'),
    pagerdutySecretEnv: pick('pagerdutySecretEnv'),
    watchDocker: pick('watchDocker'),
    prometheusAlerts: pick('prometheusAlerts'),
    interval: pick('interval') ?? WATCH_DEFAULTS.interval,
    groupWindow: pick('groupWindow') ?? WATCH_DEFAULTS.groupWindow,
    concurrency: pick('concurrency') ?? WATCH_DEFAULTS.concurrency,
    webhook: pick('webhook') ?? WATCH_DEFAULTS.webhook,
    slackWebhook: pick('slackWebhook') ?? WATCH_DEFAULTS.slackWebhook,
    autoHeal: pick('autoHeal') ?? WATCH_DEFAULTS.autoHeal,
    once: flags.once === true,
    ...(window !== undefined ? { window } : {}),
  };
}

export function parseListen(listen: string): { host: string; port: number; loopback: boolean } {
  const i = listen.lastIndexOf(':');
  const host = listen.slice(0, i).replace(/^\[|\]$/g, '');
  const port = Number(listen.slice(i + 1));
  return { host, port, loopback: LOOPBACK.test(host) || LOOPBACK.test(`[${host}]`) };
}

/** The first problem of a parse, phrased for the terminal and naming the flag or variable. */
function firstProblem(err: z.ZodError, name: (key: WatchKey) => string): string {
  let issue = err.issues[0]!;
  // Neither branch of `true | LABEL` fitted: the branch with a message of its own says what to give.
  if (issue.code === 'invalid_union') issue = issue.errors.flat().find((i) => i.code !== 'invalid_value') ?? issue;
  const label = name(err.issues[0]!.path[0] as WatchKey);
  return issue.message.includes(label) ? issue.message : `${label}: ${issue.message}`;
}
