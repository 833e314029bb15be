// inspect_container: one container's configuration and state (image, command, env, limits, restart policy,
// health), with secret-looking environment values redacted.
import { redact } from '../../../src/core/redact.js';
import { READ_ONLY, type ToolDef } from '../../../src/core/tool-kit.js';
import type { DockerToolContext } from '../context.js';
import { toSummary } from '../records.js';
import { redactEnv, redactLabels } from '../redact-env.js';
import { formatMemory } from '../resources.js';
import { containerArg } from './container-arg.js';

const shape = { container: containerArg };

export const inspectContainer: ToolDef<typeof shape, DockerToolContext> = {
  name: 'inspect_container',
  title: 'Inspect a container',
  description:
    'Returns one container\'s state and configuration: {id, name, image, state, status, health, restart_count, exit_code, ' +
    'oom_killed, created, started_at, finished_at, error, command, env (secrets redacted), labels, restart_policy, ' +
    'limits {memory, cpus}, network_mode, healthcheck}. Use it to check configuration such as pool sizes, memory limits ' +
    'or the image version a container runs.',
  inputSchema: shape,
  annotations: READ_ONLY,
  narrowHint: 'labels and env are the long parts; use health_check or get_logs for narrower questions',
  async run(args, ctx) {
    const c = await ctx.source.getContainer(args.container);
    return {
      ...toSummary(c),
      id: c.id,
      created: c.created,
      started_at: c.started_at,
      finished_at: c.finished_at,
      error: c.error,
      command: redact([...c.entrypoint, ...c.cmd].join(' ')),
      env: redactEnv(c.env),
      labels: redactLabels(c.labels),
      restart_policy: c.restart_policy,
      limits: {
        memory: formatMemory(c.memory_bytes),
        memory_bytes: c.memory_bytes,
        cpus: c.nano_cpus === 0 ? null : c.nano_cpus / 1e9,
      },
      network_mode: c.network_mode,
      tty: c.tty,
      healthcheck: c.healthcheck ? redact(c.healthcheck.join(' ')) : null,
      health_failing_streak: c.health?.failing_streak ?? 0,
    };
  },
};
