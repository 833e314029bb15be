// The docker server's tool list, read-only ones first; server.ts registers them all.
// Mutating tools are listed even when refused, so a model can see (and be told) what needs --allow-mutations.
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
