// health_check: one container's health verdict with its recent healthcheck runs and exit/OOM facts.
// Answers "is X healthy, and if not, since when and why" without reading logs.
import { z } from 'zod';
import { redact } from '../../../src/core/redact.js';
import { READ_ONLY, type ToolDef } from '../../../src/core/tool-kit.js';
import type { DockerToolContext } from '../context.js';
import { type ContainerRecord, toSummary } from '../records.js';
import { containerArg } from './container-arg.js';

const shape = { container: containerArg };

export type HealthVerdict = 'healthy' | 'unhealthy' | 'starting' | 'running_without_healthcheck' | 'not_running';

export function verdictOf(c: ContainerRecord): HealthVerdict {
  if (c.state !== 'running') return 'not_running';
  if (!c.health) return 'running_without_healthcheck';
  if (c.health.status === 'healthy' || c.health.status === 'unhealthy' || c.health.status === 'starting') return c.health.status;
  return 'running_without_healthcheck';
}

function summaryOf(c: ContainerRecord, verdict: HealthVerdict): string {
  if (verdict === 'not_running') {
    const oom = c.oom_killed ? ', OOM-killed' : '';
    return `${c.name} is ${c.state} (exit code ${c.exit_code ?? 'none'}${oom}) since ${c.finished_at ?? 'unknown'}`;
  }
  if (verdict === 'running_without_healthcheck') return `${c.name} is running since ${c.started_at ?? 'unknown'}; it has no healthcheck`;
  const streak = c.health && c.health.failing_streak > 0 ? `, ${c.health.failing_streak} failed checks in a row` : '';
  return `${c.name} is running and ${verdict}${streak}`;
}

export const healthCheck: ToolDef<typeof shape, DockerToolContext> = {
  name: 'health_check',
  title: 'Container health',
  description:
    'Returns {verdict: healthy|unhealthy|starting|running_without_healthcheck|not_running, summary, failing_streak, ' +
    'healthcheck (the configured test), recent_checks [{start,end,exit_code,output}], exit_code, oom_killed, restart_count}. ' +
    'Use it to confirm whether a service container is failing its healthcheck, was OOM-killed or exited.',
  inputSchema: shape,
  annotations: READ_ONLY,
  async run(args, ctx) {
    const c = await ctx.source.getContainer(args.container);
    const verdict = verdictOf(c);
    return {
      ...toSummary(c),
      verdict,
      summary: summaryOf(c, verdict),
      failing_streak: c.health?.failing_streak ?? 0,
      healthcheck: c.healthcheck ? redact(c.healthcheck.join(' ')) : null,
      started_at: c.started_at,
      finished_at: c.finished_at,
      recent_checks: (c.health?.log ?? []).slice(-5).map((r) => ({ ...r, output: redact(r.output).slice(0, 400) })),
      error: c.error,
    };
  },
};
