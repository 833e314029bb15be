// Sources as data for the offline engine: every built-in server has one entry, and a new source is one more
// entry (a fake Kubernetes server here) whose calls are made, parsed and put in its bundle slot for the analyzers.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BUILTIN_SERVERS } from '../../src/core/sources.js';
import type { InvestigationEvent } from '../../src/core/events.js';
import { gather } from '../../src/rca/gather.js';
import { offlineSource } from '../../src/rca/offline-source.js';
import { OFFLINE_SOURCES } from '../../src/rca/offline-sources.js';
import { ANALYZERS } from '../../src/rca/registry.js';
import { runAnalyzers } from '../../src/rca/runner.js';
import { cannedCaller } from './helpers.js';

const FROM = Date.parse('2026-03-10T13:00:00Z');
const TO = Date.parse('2026-03-10T15:00:00Z');

// The contract of the fake server's one tool, and the entry that maps pods onto the containers slot.
const podSchema = z.object({ name: z.string(), phase: z.string(), restarts: z.number(), last_exit_code: z.number().nullable() });
const KUBE = offlineSource({
  server: 'kube',
  async gather({ window, bundle, call, cited }) {
    const pods = await call('list_pods', { since: window.since });
    bundle.containers = cited(pods, (j) => {
      const r = z.object({ pods: z.array(podSchema) }).safeParse(j);
      if (!r.success) return null;
      return r.data.pods.map((p) => ({
        id: p.name, name: p.name, image: '', state: p.phase, status: p.phase, health: null,
        restart_count: p.restarts, exit_code: p.last_exit_code, oom_killed: false,
      }));
    });
  },
});

describe('offline sources', () => {
  it('has one entry per built-in server, each server once', () => {
    expect(OFFLINE_SOURCES.map((s) => s.server).sort()).toEqual([...BUILTIN_SERVERS].sort());
  });

  it('gathers a registered new source into its bundle slot, and the analyzers read it', async () => {
    const caller = cannedCaller({
      kube__list_pods: () => ({ pods: [{ name: 'payments-7f9c', phase: 'CrashLoopBackOff', restarts: 14, last_exit_code: 137 }, { name: 'web-1', phase: 'Running', restarts: 0, last_exit_code: null }] }),
    });
    const { bundle, outcomes } = await gather({ incident: 'payments down', from: FROM, to: TO, caller, events: () => {}, sources: [...OFFLINE_SOURCES, KUBE] });
    expect(outcomes.map((o) => [o.tool, o.args])).toEqual([['kube__list_pods', { since: '2026-03-10T13:00:00.000Z' }]]);
    expect(bundle.containers?.call_id).toBe(outcomes[0]!.id);
    expect(bundle.containers?.data.map((c) => [c.name, c.restart_count])).toEqual([['payments-7f9c', 14], ['web-1', 0]]);
    const found = runAnalyzers(bundle, ANALYZERS, () => {}).findings.find((f) => f.analyzer === 'crash-loop');
    expect(found?.summary).toContain('14 restarts, exit code 137');
    expect(found?.evidence.map((e) => e.call_id)).toContain(outcomes[0]!.id);
  });

  it('without the entry the same server is not read, and a source that throws loses only its own evidence', async () => {
    const caller = cannedCaller({
      kube__list_pods: () => ({ pods: [] }),
      docker__list_containers: () => ({ containers: [{ name: 'db', state: 'running', restart_count: 0 }] }),
    });
    expect((await gather({ incident: 'x', from: FROM, to: TO, caller, events: () => {} })).outcomes.map((o) => o.tool)).toEqual(['docker__list_containers']);
    const broken = offlineSource({ server: 'kube', gather: async () => { throw new Error('pods out of reach'); } });
    const events: InvestigationEvent[] = [];
    const { bundle } = await gather({ incident: 'x', from: FROM, to: TO, caller, events: (e) => events.push(e), sources: [broken, ...OFFLINE_SOURCES] });
    expect(bundle.containers?.data.map((c) => c.name)).toEqual(['db']);
    expect(events).toContainEqual({ type: 'notice', message: 'reading the kube source failed: pods out of reach' });
  });
});
