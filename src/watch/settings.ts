// The settings of `rca watch`, parsed from its flags at the boundary: addresses, durations, webhooks and
// limits checked once, with messages that say what to fix.
import { z } from 'zod';
import { parseDuration } from '../core/time.js';

const duration = (flag: string, min: number, max: number) =>
  z.string().transform((v, ctx) => {
    const ms = parseDuration(v);
    if (ms === null || ms < min || ms > max) {
      ctx.addIssue({ code: 'custom', message: `${flag} ${v}: give a duration from ${min / 1000}s to ${max / 60_000}m, e.g. 30s or 5m` });
      return z.NEVER;
    }
    return ms;
  });

const url = (flag: string) =>
  z.string().refine((v) => /^https?:\/\/[^\s]+$/.test(v) && URL.canParse(v), { message: `${flag}: an http(s) URL` });

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]|::1)$/;

export const watchFlagsSchema = z
  .object({
    listen: z
      .string()
      .regex(/^(\[[0-9a-f:]+\]|[A-Za-z0-9.\-]+):\d{1,5}$/i, '--listen HOST:PORT, e.g. 127.0.0.1:9095')
      .default('127.0.0.1:9095'),
    tokenEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, '--token-env: the NAME of an environment variable').optional(),
    pagerdutySecretEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, '--pagerduty-secret-env: the NAME of an environment variable').optional(),
    watchDocker: z.union([z.literal(true), z.string().regex(/^[A-Za-z0-9_.\-/]{1,200}(=.{0,200})?$/, '--watch-docker [LABEL]: KEY or KEY=VALUE')]).optional(),
    prometheusAlerts: z.union([z.literal(true), url('--prometheus-alerts')]).optional(),
    interval: duration('--interval', 1000, 3_600_000).default(30_000),
    groupWindow: duration('--group-window', 0, 86_400_000).default(600_000),
    concurrency: z.coerce.number({ error: '--concurrency: a whole number' }).int().min(1, '--concurrency: at least 1').max(16, '--concurrency: at most 16').default(2),
    webhook: z.array(url('--webhook')).default([]),
    slackWebhook: z.array(url('--slack-webhook')).default([]),
    autoHeal: z.boolean().default(false),
    once: z.boolean().default(false),
    window: z.string().optional(),
  })
  .passthrough();
export type WatchSettings = z.infer<typeof watchFlagsSchema>;

export function parseListen(listen: string): { host: string; port: number; loopback: boolean } {
  const i = listen.lastIndexOf(':');
  const host = listen.slice(0, i).replace(/^\[|\]$/g, '');
  const port = Number(listen.slice(i + 1));
  return { host, port, loopback: LOOPBACK.test(host) || LOOPBACK.test(`[${host}]`) };
}

/** The first problem of a parse, phrased for the terminal. */
export function firstProblem(err: z.ZodError): string {
  const issue = err.issues[0]!;
  return issue.message.startsWith('-') ? issue.message : `--${String(issue.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue.message}`;
}
