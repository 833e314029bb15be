// The composition root turns on a built-in server's mutating tools (its entry's `mutating` arguments) only when a
// person allowed them for a runbook: the real docker server, pointed at a socket nobody listens on, lists tools either way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startServers } from '../../src/cli/compose.js';
import { resolveConfig } from '../../src/core/config.js';

describe('startServers and mutating tools', () => {
  it('offers docker__restart_container only with allowMutations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-mutations-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const config = resolveConfig({ docker: join(dir, 'nobody.sock') }, dir);
    const toolsWith = async (allowMutations: boolean) => {
      const hub = await startServers(config, () => {}, { allowMutations, env: {} });
      try {
        return hub.listTools().map((t) => t.name);
      } finally {
        await hub.close();
      }
    };
    const readOnly = await toolsWith(false);
    expect(readOnly).toContain('docker__list_containers');
    expect(readOnly).not.toContain('docker__restart_container');
    expect(await toolsWith(true)).toContain('docker__restart_container');
  }, 120_000);
});
