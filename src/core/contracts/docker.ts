// The Docker server's outputs the offline engine reads: list_containers and get_events.
// One contract for the server's contract test and the engine's parse.
import { z } from 'zod';
import type { ContainerEvent, ContainerSummary } from '../evidence.js';
import { num, str } from './fields.js';
import { parseItems, type ListContract } from './parse.js';

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
