// The Docker source: --docker (a socket, the default one, or a snapshot .json), and the engine's reading of every
// container's state and the window's container events (contracts of list_containers and get_events; slots containers, containerEvents).
import { z } from 'zod';
import type { ContainerEvent, ContainerSummary } from '../evidence.js';
import { num, str } from '../contracts/fields.js';
import { parseItems, type ListContract } from '../contracts/parse.js';
import { abs, defineSource, flagPath, nonEmpty, type Cited } from './source.js';

const containerSchema = z.object({
  id: z.string().default(''),
  name: str.transform((n) => n.replace(/^\//, '')),
  image: z.string().default(''),
  state: z.string().default(''),
  status: z.string().default(''),
  health: z.string().nullable().default(null),
  restart_count: num.default(0),
  exit_code: z.number().nullable().default(null),
  oom_killed: z.boolean().default(false),
});
const eventSchema = z.object({
  time: str,
  action: str,
  container: str.transform((n) => n.replace(/^\//, '')),
  exit_code: z.number().nullable().default(null),
  detail: z.string().default(''),
});

export const CONTAINERS: ListContract<ContainerSummary> = { keys: ['containers'], item: containerSchema };
export const CONTAINER_EVENTS: ListContract<ContainerEvent> = { keys: ['events'], item: eventSchema };

export const parseContainers = (j: unknown): ContainerSummary[] | null => parseItems(j, CONTAINERS);
export const parseContainerEvents = (j: unknown): ContainerEvent[] | null => parseItems(j, CONTAINER_EVENTS);

export const DOCKER = defineSource({
  server: 'docker',
  label: 'Docker',
  key: 'docker',
  flag: '--docker [socket]',
  help: 'Docker socket (default $DOCKER_HOST or /var/run/docker.sock) or a snapshot .json',
  // A socket (path or unix://path), `true` for the default socket, or a snapshot .json file.
  config: z.union([nonEmpty, z.literal(true)]),
  fromFlag: z.union([z.literal(true), flagPath]),
  hint: 'docker (socket or snapshot .json)',
  absolute: (v, base) => (v === true || v.startsWith('unix://') ? v : abs(base, v)),
  isSet: () => true,
  args: (v) => (v === true ? [] : /\.json$/i.test(v) ? ['--snapshot', v] : ['--socket', v.replace(/^unix:\/\//, '')]),
  mutating: ['--allow-mutations'],
  demo: 'docker/snapshot.json',
  probe: { tool: 'list_containers', args: { all: true } },
  contracts: { list_containers: { list: CONTAINERS }, get_events: { list: CONTAINER_EVENTS } },
  offline: {
    callOrder: 3,
    slots: () => ({ containers: null as Cited<ContainerSummary[]> | null, containerEvents: null as Cited<ContainerEvent[]> | null }),
    async gather({ window, bundle, call, cited }) {
      const [containers, events] = await Promise.all([
        call('list_containers', { all: true }),
        call('get_events', { since: window.since, until: window.until }),
      ]);
      bundle.containers = cited(containers, parseContainers);
      bundle.containerEvents = cited(events, parseContainerEvents);
    },
    windowed: { get_events: (j) => parseContainerEvents(j)?.length },
  },
  modelTools: {
    always: [],
    byCategory: {
      config_error: ['inspect_container'],
      resource_exhaustion: ['list_containers', 'inspect_container'],
      dependency_failure: ['health_check', 'list_containers'],
      certificate_or_auth: ['inspect_container'],
      infrastructure: ['list_containers', 'get_events', 'health_check', 'get_logs'],
      unknown: ['list_containers', 'get_events'],
    },
  },
});
