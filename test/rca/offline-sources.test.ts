// The offline engine reads what the registry declares: every built-in entry's calls, a new entry's calls into its
// own slot (a Kubernetes source here, canned), nothing for a server without an entry, and a throwing source alone.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { InvestigationEvent } from '../../src/core/events.js';
import { BUILTIN_SOURCES } from '../../src/core/sources.js';
import { DOCKER } from '../../src/core/sources/docker.js';
import { defineSource, type Cited } from '../../src/core/sources/source.js';
import { gather } from '../../src/rca/gather.js';
import { cannedCaller } from './helpers.js';

const FROM = Date.parse('2026-03-10T13:00:00Z');
const TO = Date.parse('2026-03-10T15:00:00Z');

const podSchema = z.object({ name: z.string(), restarts: z.number() });
type Pod = z.output<typeof podSchema>;

/** A source entry for a `kube` server whose gather is `read` (the config parts are the docker entry's, unused here). */
function kube(read: (kit: { call: (t: string, a: Record<string, unknown>) => Promise<unknown> }) => Promise<Pod[] | null>) {
  return defineSource({
    ...DOCKER,
    server: 'kube',
    key: 'kube',
    contracts: {},
    offline: {
      slots: () => ({ pods: null as Cited<Pod[]> | null }),
      async gather({ bundle, call, cited }) {
        const out = await call('list_pods', {});
        await read({ call });
        bundle.pods = cited(out, (j) => z.object({ pods: z.array(podSchema) }).safeParse(j).data?.pods ?? null);
      },
    },
  });
}

describe('offline sources', () => {
  it('makes each built-in entry its calls, in call order (git, metrics, logs, docker)', async () => {
    const answer = () => ({});
    const names = ['logs__error_signatures', 'git__get_deployments', 'metrics__get_anomalies', 'docker__list_containers'];
    const caller = cannedCaller(Object.fromEntries(names.map((n) => [n, answer])));
    const { outcomes } = await gather({ incident: 'x', from: FROM, to: TO, caller, events: () => {} });
    expect(outcomes.map((o) => o.tool)).toEqual(['git__get_deployments', 'metrics__get_anomalies', 'logs__error_signatures', 'docker__list_containers']);
  });

  it('gathers a registered new source into its own slot; without the entry the same server is not read', async () => {
    const caller = cannedCaller({ kube__list_pods: () => ({ pods: [{ name: 'payments-7f9c', restarts: 14 }] }) });
    const withKube = await gather({ incident: 'x', from: FROM, to: TO, caller, events: () => {}, sources: [...BUILTIN_SOURCES, kube(async () => null)] });
    expect(withKube.outcomes.map((o) => o.tool)).toEqual(['kube__list_pods']);
    const pods = (withKube.bundle as unknown as { pods: Cited<Pod[]> | null }).pods;
    expect(pods).toEqual({ call_id: withKube.outcomes[0]!.id, tool: 'kube__list_pods', data: [{ name: 'payments-7f9c', restarts: 14 }] });
    const without = await gather({ incident: 'x', from: FROM, to: TO, caller, events: () => {} });
    expect(without.outcomes).toEqual([]);
    expect('pods' in without.bundle).toBe(false);
  });

  it('a source that throws loses only its own evidence, and the reader is told', async () => {
    const caller = cannedCaller({
      kube__list_pods: () => ({ pods: [] }),
      docker__list_containers: () => ({ containers: [{ name: 'db', state: 'running', restart_count: 0 }] }),
    });
    const broken = kube(async () => {
      throw new Error('pods out of reach');
    });
    const events: InvestigationEvent[] = [];
    const { bundle } = await gather({ incident: 'x', from: FROM, to: TO, caller, events: (e) => events.push(e), sources: [broken, ...BUILTIN_SOURCES] });
    expect(bundle.containers?.data.map((c) => c.name)).toEqual(['db']);
    expect((bundle as unknown as { pods: unknown }).pods).toBeNull();
    expect(events).toContainEqual({ type: 'notice', message: 'reading the kube source failed: pods out of reach' });
  });
});
