// The built-in servers keep the contract the offline engine reads them by: the real servers (built bundles,
// through the hub) on the demo scenario, every call the engine makes, every item checked against the shared zod contract.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { applyDemoFallback } from '../../../src/core/config-demo.js';
import { resolveConfig } from '../../../src/core/config.js';
import { ERROR_SIGNATURES } from '../../../src/core/sources/logs.js';
import { itemMisfits, misfits } from '../../../src/core/contracts/parse.js';
import type { ToolContract } from '../../../src/core/sources/source.js';
import { BUILTIN_SOURCES } from '../../../src/core/sources.js';
import { jsonOrNull, NAME_SEPARATOR } from '../../../src/core/tools.js';
import { startServers } from '../../../src/cli/compose.js';
import { gather } from '../../../src/rca/gather.js';

// Every contract the registry's entries declare, by the qualified tool name the hub gives it.
const CONTRACTS = new Map<string, ToolContract>(
  BUILTIN_SOURCES.flatMap((s) => Object.entries(s.contracts).map(([tool, c]) => [`${s.server}${NAME_SEPARATOR}${tool}`, c] as const)),
);

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
      const contract = CONTRACTS.get(o.tool);
      if (!contract) continue;
      const found = 'list' in contract ? misfits(json, contract.list) : itemMisfits(json, contract.whole, contract.unread);
      problems.push(...found.map((m) => `${o.tool}: ${m}`));
    }
    // Each span probe's answer fits its contract and holds a span (--at's default and the empty-window hint read it).
    for (const s of BUILTIN_SOURCES) {
      if (!s.span) continue;
      const out = await hub.call(`${s.server}${NAME_SEPARATOR}${s.span.tool}`, s.span.args);
      const reading = out.ok ? s.span.read(jsonOrNull(out.text)) : null;
      if (!reading?.span) problems.push(`${s.server}: span probe ${s.span.tool} read no span from ${out.text.slice(0, 200)}`);
    }
    expect(problems).toEqual([]);
    // Every contract was exercised (none passes for want of a call), the whole-object ones too.
    const called = new Set(outcomes.map((o) => o.tool));
    expect(CONTRACTS.size).toBeGreaterThanOrEqual(11);
    expect([...CONTRACTS.keys()].filter((t) => !called.has(t))).toEqual([]);
  }, 180_000);

  it('names what drifted: a missing list, an item without a required field, a field the contract would drop', () => {
    expect(misfits({ rows: 3 }, ERROR_SIGNATURES)).toEqual(['no list (signatures)']);
    expect(misfits({ signatures: [{ id: 1, template: 'x', count: 2 }, { id: 2, count: 1 }] }, ERROR_SIGNATURES)).toEqual([expect.stringMatching(/^item 1: template: /)]);
    expect(misfits({ signatures: [{ id: 1, template: 'x', count: 2, owner: 'team-a' }] }, ERROR_SIGNATURES)).toEqual(['item 0: owner: sent by the server, not in the contract']);
  });
});
