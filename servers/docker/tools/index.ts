// The docker server's tool list, read-only ones first. server.ts registers the mutating ones only when the
// server runs with --allow-mutations: a client is never offered a tool it may not use.
import type { AnyToolDef } from '../../../src/core/tool-kit.js';
import type { DockerToolContext } from '../context.js';
import { execCommand } from './exec-command.js';
import { getEvents } from './get-events.js';
import { getLogs } from './get-logs.js';
import { healthCheck } from './health-check.js';
import { inspectContainer } from './inspect-container.js';
import { listContainers } from './list-containers.js';
import { restartContainer } from './restart-container.js';
import { updateResources } from './update-resources.js';

/** The tools a server offers: the read-only ones, plus the mutating ones when mutations are allowed. */
export function offeredTools(allowMutations: boolean): AnyToolDef<DockerToolContext>[] {
  return allowMutations ? dockerTools : dockerTools.filter((t) => t.annotations.readOnlyHint === true);
}

export const dockerTools: AnyToolDef<DockerToolContext>[] = [
  listContainers,
  healthCheck,
  getLogs,
  getEvents,
  inspectContainer,
  restartContainer,
  updateResources,
  execCommand,
];
