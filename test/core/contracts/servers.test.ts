// The built-in servers keep the contract the offline engine reads them by: the real servers (built bundles,
// through the hub) on the demo scenario, every call the engine makes, every item checked against the shared zod contract.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyDemoFallback } from '../../../src/core/config-demo.js';
import { resolveConfig } from '../../../src/core/config.js';
import { CONTAINER_EVENTS, CONTAINERS } from '../../../src/core/contracts/docker.js';
import { COMMITS, DEPLOYMENTS, SHOW_COMMIT } from '../../../src/core/contracts/git.js';
import { ERROR_SIGNATURES, LOG_STATS, REQUEST_FLOWS } from '../../../src/core/contracts/logs.js';
import { ANOMALIES, ERROR_RATES, MATRIX } from '../../../src/core/contracts/metrics.js';
import { itemMisfits, misfits, type ListContract } from '../../../src/core/contracts/parse.js';
import { jsonOrNull } from '../../../src/core/tools.js';
import { startServers } from '../../../src/cli/compose.js';
import { gather } from '../../../src/rca/gather.js';

const LISTS: Record<string, ListContract<unknown>> = {
  logs__error_signatures: ERROR_SIGNATURES,
  logs__log_stats: LOG_STATS,
  git__get_deployments: DEPLOYMENTS,
  git__get_recent_commits: COMMITS,
  metrics__get_anomalies: ANOMALIES,
  metrics__get_error_rates: ERROR_RATES,
  metrics__query_range: MATRIX,
  docker__list_containers: CONTAINERS,
  docker__get_events: CONTAINER_EVENTS,
};

describe('tool-output contracts', () => {
  it('every output the offline engine reads from the real servers fits its contract, item by item', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'contracts-cache-'));
    onTestFinished(() => rmSync(cache, { recursive: true, force: true }));
    const { config } = await applyDemoFallback(resolveConfig({}, cache), { cacheDir: cache });
    const hub = await startServers(config);
    onTestFinished(() => hub.close());
    const to = Date.parse(config.at!);
    const { outcomes } = await gather({ incident: '500 errors on checkout', from: to - 2 * 3_600_000, to, caller: hub, events: () => {}, timeoutMs: 60_000 });

    const problems: string[] = [];
    for (const o of outcomes) {
      if (!o.ok) {
        problems.push(`${o.tool} failed: ${o.text}`);
        continue;
      }
      const json = jsonOrNull(o.text);
      // Outputs that are one object, with the fields the engine leaves to a model (request_flows' counts).
      const whole = { git__show_commit: [SHOW_COMMIT, []], logs__request_flows: [REQUEST_FLOWS, ['requests', 'entries_with_trace', 'transitions_dropped']] } as const;
      const contract = whole[o.tool as keyof typeof whole];
      if (contract) {
        problems.push(...itemMisfits(json, contract[0], [...contract[1]]).map((m) => `${o.tool}: ${m}`));
      } else if (LISTS[o.tool]) {
        problems.push(...misfits(json, LISTS[o.tool]!).map((m) => `${o.tool}: ${m}`));
      }
    }
    expect(problems).toEqual([]);
    // Every contract was exercised (none passes for want of a call), show_commit too.
    const called = new Set(outcomes.map((o) => o.tool));
    expect([...Object.keys(LISTS), 'git__show_commit', 'logs__request_flows'].filter((t) => !called.has(t))).toEqual([]);
  }, 180_000);

  it('names what drifted: a missing list, an item without a required field, a field the contract would drop', () => {
    expect(misfits({ rows: 3 }, ERROR_SIGNATURES)).toEqual(['no list (signatures)']);
    expect(misfits({ signatures: [{ id: 1, template: 'x', count: 2 }, { id: 2, count: 1 }] }, ERROR_SIGNATURES)).toEqual([expect.stringMatching(/^item 1: template: /)]);
    expect(misfits({ signatures: [{ id: 1, template: 'x', count: 2, owner: 'team-a' }] }, ERROR_SIGNATURES)).toEqual(['item 0: owner: sent by the server, not in the contract']);
  });
});
