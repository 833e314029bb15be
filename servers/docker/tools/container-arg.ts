// The `container` argument shared by the tools that act on one container (name, full id or id prefix).
// Kept in one place so every tool describes it the same way to the model.
import { z } from 'zod';

export const containerArg = z
  .string()
  .min(1, 'give a container name or id (see list_containers)')
  .describe('Container name (e.g. "checkout") or id / id prefix, as shown by list_containers');
