// Polls the Docker server (read-only list_containers, filtered by a label such as rca.watch=true) and turns
// container conditions into alerts: unhealthy, OOM-killed, restart loop, exited non-zero; cleared ones resolve.
import { z } from 'zod';
import type { ToolCaller } from '../core/tools.js';
import type { IncomingAlert, Trigger } from './alert.js';
import { cleanText } from './alert.js';

const containersSchema = z.object({
  containers: z.array(
    z.object({
      name: z.string(),
      image: z.string().default(''),
      state: z.string(),
      health: z.string().nullable(),
      restart_count: z.number(),
      exit_code: z.number().nullable(),
      oom_killed: z.boolean(),
    }),
  ),
});
type Container = z.infer<typeof containersSchema>['containers'][number];

const WORDING: Record<Exclude<Trigger, 'alert'>, (c: Container) => string> = {
  container_unhealthy: (c) => `container ${c.name} is unhealthy`,
  container_oom: (c) => `container ${c.name} was OOM-killed`,
  container_restarting: (c) => `container ${c.name} is restarting (restart count ${c.restart_count})`,
  container_exited: (c) => `container ${c.name} exited with code ${c.exit_code}`,
};

/** The conditions a container is in now; a restart count that grew since the last poll counts as restarting. */
export function conditionsOf(c: Container, previousRestarts: number | undefined): Array<Exclude<Trigger, 'alert'>> {
  const out: Array<Exclude<Trigger, 'alert'>> = [];
  if (c.health === 'unhealthy') out.push('container_unhealthy');
  if (c.oom_killed) out.push('container_oom');
  if (c.state === 'restarting' || (previousRestarts !== undefined && c.restart_count > previousRestarts)) out.push('container_restarting');
  if (c.state === 'exited' && c.exit_code !== null && c.exit_code !== 0 && !c.oom_killed) out.push('container_exited');
  return out;
}

export class DockerPoller {
  private readonly active = new Map<string, IncomingAlert>();
  private readonly restarts = new Map<string, number>();

  constructor(
    private readonly caller: ToolCaller,
    private readonly label: string,
  ) {}

  /** One poll: alerts for conditions that appeared (firing) or cleared (resolved) since the last poll. */
  async poll(now = new Date()): Promise<IncomingAlert[]> {
    const out = await this.caller.call('docker__list_containers', { all: true, label: this.label });
    if (!out.ok) throw new Error(`docker__list_containers failed: ${out.text.slice(0, 300)}`);
    const parsed = containersSchema.safeParse(JSON.parse(out.text));
    if (!parsed.success) throw new Error('docker__list_containers answered in an unexpected shape');
    const seen = new Set<string>();
    const alerts: IncomingAlert[] = [];
    for (const c of parsed.data.containers) {
      for (const trigger of conditionsOf(c, this.restarts.get(c.name))) {
        const key = `docker:${c.name}:${trigger}`;
        seen.add(key);
        if (this.active.has(key)) continue;
        const alert: IncomingAlert = {
          source: 'docker', key, group: `docker:${c.name}`, status: 'firing', title: cleanText(WORDING[trigger](c)),
          service: c.name, startedAt: now.toISOString(), labels: { container: c.name, image: cleanText(c.image, 200), condition: trigger }, trigger,
        };
        this.active.set(key, alert);
        alerts.push(alert);
      }
      this.restarts.set(c.name, c.restart_count);
    }
    for (const [key, alert] of this.active) {
      // A restart is an event, not a state: it clears once the count stops growing.
      if (seen.has(key)) continue;
      this.active.delete(key);
      alerts.push({ ...alert, status: 'resolved' });
    }
    return alerts;
  }
}
