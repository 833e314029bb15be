// A new built-in source is one registry entry: a Kubernetes-like `kube` entry (its server a fixture) is accepted
// in the config, launched as a real stdio server by the hub, read into its own bundle slot, its data's span read.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { builtinServerSpecs, serverV8Flags } from '../../src/core/config-launch.js';
import { misfits, parseItems, type ListContract } from '../../src/core/contracts/parse.js';
import { UsageError } from '../../src/core/errors.js';
import { BUILTIN_SERVERS, BUILTIN_SOURCES, commitServers, configuredSources, mergeSources, offlineSources, sourcesShape } from '../../src/core/sources.js';
import { defineSource, spanProbe, type Cited } from '../../src/core/sources/source.js';
import { jsonOrNull } from '../../src/core/tools.js';
import { noSourcesError } from '../../src/cli/compose.js';
import { dataSpans } from '../../src/investigation/data-span.js';
import { groundVerdict } from '../../src/llm/grounding.js';
import { startHub } from '../../src/mcp/index.js';
import { gather } from '../../src/rca/gather.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const FIXTURE_SERVER = resolve(import.meta.dirname, 'fixtures', 'pods-server.mjs');
const FROM = Date.parse('2026-03-10T13:00:00Z');
const TO = Date.parse('2026-03-10T15:00:00Z');

const pod = z.object({ name: z.string(), phase: z.string(), restarts: z.number(), last_exit_code: z.number().nullable() });
const PODS: ListContract<z.output<typeof pod>> = { keys: ['pods'], item: pod };

// The whole registration of the new source: this one entry (and its server, the fixture).
const KUBE = defineSource({
  server: 'kube',
  label: 'Kubernetes',
  key: 'kube',
  flag: '--kube <file>',
  help: 'pods snapshot .json',
  config: z.string().trim().min(1),
  fromFlag: z.string().trim().min(1),
  hint: 'kube (pods .json)',
  absolute: (v, base) => resolve(base, v),
  isSet: () => true,
  args: (v) => ['--pods', v],
  demo: 'kube/pods.json',
  probe: { tool: 'list_pods', args: {} },
  // A snapshot is taken at one moment: the data ends there; a snapshot without pods is a wrong file.
  span: spanProbe({
    tool: 'list_pods',
    args: {},
    contract: z.object({ taken_at: z.string(), pods: z.array(z.unknown()) }),
    span: (a) => ({ from: null, to: Date.parse(a.taken_at) }),
    check: (a) => (a.pods.length ? null : { message: 'the pods snapshot holds no pod', hint: 'check --kube' }),
  }),
  contracts: { list_pods: { list: PODS } },
  offline: {
    slots: () => ({ pods: null as Cited<Array<z.output<typeof pod>>> | null }),
    async gather({ window, bundle, call, cited }) {
      bundle.pods = cited(await call('list_pods', { since: window.since }), (j) => parseItems(j, PODS));
    },
  },
  modelTools: { always: ['list_pods'], byCategory: {} },
});
const REGISTRY = [...BUILTIN_SOURCES, KUBE];

/** Hub of the kube server alone, reading `pods` (written to a temp dir), launched as the registry launches it. */
async function kubeHub(pods: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'registry-pods-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'pods.json'), JSON.stringify(pods));
  const sources = mergeSources([{ values: { kube: 'pods.json' }, base: dir }], REGISTRY);
  const root = packageRootWithKube();
  const specs = builtinServerSpecs(sources, { root, registry: REGISTRY });
  const hub = await startHub({ servers: specs, startTimeoutMs: 60_000, callTimeoutMs: 60_000 });
  onTestFinished(() => hub.close());
  return { hub, dir, root, specs, rewrite: (next: unknown) => writeFileSync(join(dir, 'pods.json'), JSON.stringify(next)) };
}

/** A package root whose dist/bundle/kube-server.mjs is the fixture server (rca launches `<server>-server.mjs`). */
function packageRootWithKube(): string {
  const root = mkdtempSync(join(tmpdir(), 'registry-root-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  mkdirSync(join(root, 'dist', 'bundle'), { recursive: true });
  writeFileSync(join(root, 'dist', 'bundle', 'kube-server.mjs'), `import ${JSON.stringify(pathToFileURL(FIXTURE_SERVER).href)};\n`);
  return root;
}

describe('the source registry', () => {
  it('lists each built-in server once, each with a folder name, a config key and a flag of its own', () => {
    expect(new Set(BUILTIN_SERVERS).size).toBe(BUILTIN_SOURCES.length);
    expect(new Set(BUILTIN_SOURCES.map((s) => s.key)).size).toBe(BUILTIN_SOURCES.length);
    expect(BUILTIN_SOURCES.every((s) => s.flag.startsWith(`--${s.key} `))).toBe(true);
    // The engine's calls go out git, metrics, logs, docker: the numbering (c1, c2, ...) of the reports before.
    expect(offlineSources().map((s) => s.server)).toEqual(['git', 'metrics', 'logs', 'docker']);
  });

  it('pairs each entry with a server folder, and each server folder with an entry (esbuild bundles every folder)', () => {
    const folders = readdirSync(join(ROOT, 'servers'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect(folders.sort()).toEqual([...BUILTIN_SERVERS].sort());
    expect(BUILTIN_SERVERS.filter((s) => !existsSync(join(ROOT, 'servers', s, 'index.ts')))).toEqual([]);
  });

  it('lists every entry declared under src/core/sources/ (an entry left out of the list would be read by nothing)', async () => {
    const dir = join(ROOT, 'src', 'core', 'sources');
    const declared: unknown[] = [];
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      if (!readFileSync(join(dir, f), 'utf8').includes('= defineSource(')) continue;
      const mod = (await import(pathToFileURL(join(dir, f)).href)) as Record<string, unknown>;
      declared.push(...Object.values(mod).filter((v) => typeof v === 'object' && v !== null && 'offline' in v && 'server' in v));
    }
    expect(declared.length).toBe(BUILTIN_SOURCES.length);
    expect(declared.every((e) => (BUILTIN_SOURCES as readonly unknown[]).includes(e))).toBe(true);
  });

  it('a new entry is a config key: accepted under sources, merged and made absolute, listed as configured', () => {
    const builtIn = z.strictObject(sourcesShape('config')).safeParse({ kube: 'pods.json' });
    expect(builtIn.success).toBe(false);
    const withKube = z.strictObject(sourcesShape('config', REGISTRY)).parse({ kube: 'pods.json', logs: 'app.log' });
    const merged = mergeSources([{ values: withKube, base: '/srv/incident' }], REGISTRY);
    expect(configuredSources(merged, REGISTRY).map(({ entry, value }) => [entry.server, value])).toEqual([
      ['logs', ['/srv/incident/app.log']],
      ['kube', '/srv/incident/pods.json'],
    ]);
  });

  it('launches the new server as a real stdio process and reads its output into its own bundle slot', async () => {
    const pods = { pods: [{ name: 'payments-7f9c', phase: 'CrashLoopBackOff', restarts: 14, last_exit_code: 137 }, { name: 'web-1', phase: 'Running', restarts: 0, last_exit_code: null }] };
    const { hub, dir, root, specs } = await kubeHub(pods);
    const flags = serverV8Flags().length;
    expect(specs.map((s) => [s.name, s.args.slice(flags + 1)])).toEqual([['kube', ['--pods', join(dir, 'pods.json')]]]);
    expect(specs[0]!.args[flags]).toBe(join(root, 'dist', 'bundle', 'kube-server.mjs'));
    expect(hub.listTools().map((t) => t.name)).toEqual(['kube__list_pods']);

    const { bundle, outcomes } = await gather({ incident: 'payments down', from: FROM, to: TO, caller: hub, events: () => {}, sources: REGISTRY });
    // Only the configured server answered: the built-ins' calls are skipped, the new one's made with its arguments.
    expect(outcomes.map((o) => [o.tool, o.args, o.ok])).toEqual([['kube__list_pods', { since: '2026-03-10T13:00:00.000Z' }, true]]);
    expect(misfits(jsonOrNull(outcomes[0]!.text), PODS)).toEqual([]);
    const slot = (bundle as unknown as { pods: Cited<Array<z.output<typeof pod>>> | null }).pods;
    expect(slot?.call_id).toBe(outcomes[0]!.id);
    expect(slot?.data.map((p) => [p.name, p.restarts, p.last_exit_code])).toEqual([['payments-7f9c', 14, 137], ['web-1', 0, null]]);
    // The built-in slots are there, empty: the new source fills only its own.
    expect([bundle.signatures, bundle.containers, bundle.diffs]).toEqual([null, null, []]);
  }, 120_000);

  it("gives --at its default from the new source's span, checks its configuration, and names its span when the window is empty", async () => {
    const takenAt = '2026-03-10T14:20:00.000Z';
    const { hub, rewrite } = await kubeHub({ taken_at: takenAt, pods: [{ name: 'web-1', phase: 'Running', restarts: 0, last_exit_code: null }] });
    const now = Date.parse('2026-12-01T00:00:00Z');

    const spans = dataSpans(hub, REGISTRY);
    await spans.check();
    // A second past the snapshot, so the snapshot itself is inside the window.
    expect(await spans.defaultAt(now)).toBe('2026-03-10T14:20:01.000Z');
    expect(await spans.noDataHint()).toBe(`Kubernetes end at ${takenAt}: pass an --at inside the data or a wider --window`);
    // Each probe is called once per investigation, however many readers ask.
    expect(hub.audit().map((a) => a.qualified)).toEqual(['kube__list_pods']);
    // Without the entry in the registry nothing reads the snapshot's time: now stands.
    expect(await dataSpans(hub).defaultAt(now)).toBe(new Date(now).toISOString());

    rewrite({ taken_at: takenAt, pods: [] });
    const failed = await dataSpans(hub, REGISTRY).check().catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(UsageError);
    expect((failed as UsageError).message).toBe('the pods snapshot holds no pod');
  }, 120_000);

  it('names the new flag in the no-sources hint, and its outputs establish commits when its entry says so', () => {
    expect(noSourcesError(REGISTRY).message).toBe('no sources to read: none of the logs, git, the metrics, Docker or Kubernetes is configured');
    expect(noSourcesError(REGISTRY).hint).toMatch(/^pass --logs PATH, --repo DIR, --metrics FILE\|URL, --docker \[SOCKET\] or --kube FILE /);

    // A forge source whose answers list commits: a model's suspect it returned stands, one only kube mentioned does not.
    const FORGE = defineSource({ ...KUBE, server: 'forge', key: 'forge', flag: '--forge <url>', label: 'the forge', span: undefined, commits: true });
    const sha = 'c0ffee'.padEnd(40, '1');
    const calls = [{ id: 'c1', tool: 'forge__list_changes', text: JSON.stringify({ changes: [{ sha, message: 'raise pool size' }] }) }];
    const verdict = { summary: 's', category: 'code_regression' as const, service: 'payments', suspect_sha: sha, confidence: 0.9, onset: null, evidence: [], ruled_out: [], recommendations: [] };
    expect(commitServers([...REGISTRY, FORGE])).toEqual(['git', 'forge']);
    expect(groundVerdict(verdict, calls, { commitServers: commitServers([...REGISTRY, FORGE]) }).verdict.suspect_sha).toBe(sha);
    expect(groundVerdict(verdict, calls).removedSha).toBe(sha);
    const asKube = calls.map((c) => ({ ...c, tool: 'kube__list_pods' }));
    expect(groundVerdict(verdict, asKube, { commitServers: commitServers([...REGISTRY, FORGE]) }).removedSha).toBe(sha);
  });
});
