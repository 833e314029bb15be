// Which changes set something a resource condition points at: a limit named like the resource that was hit, a number
// in a service's own configuration, the replicas ceiling a workload is held at, and a monorepo service directory.
import { releaseNames } from '../core/release-tag.js';
import type { ChangedSetting, Finding } from './analyzer.js';
import { isDependencyManifest, isNonRuntime } from './relevance.js';

type ChangeFinding = Extract<Finding, { kind: 'change' }>;
type ConditionFinding = Extract<Finding, { kind: 'condition' }>;

const LIMIT_KEY = /pool|max|limit|size|conn|thread|worker|capacity|slot|queue|backlog|concurren|fd|files|semaphore|quota|burst|cpu|memory|heap|xmx|replicas|gomaxprocs/i;

/** A setting the change made is named like the resource the saturation condition saw at its limit ("cpu", "pool"). */
export function setsLimitHit(c: ChangeFinding, limit: ConditionFinding | undefined): boolean {
  const seen = limit?.summary.toLowerCase() ?? '';
  return c.hints.some((h) => (h.split(' changed from ')[0] ?? '').toLowerCase().split(/[^a-z0-9]+/).some((w) => w.length >= 3 && LIMIT_KEY.test(w) && seen.includes(w)));
}

/** The change set a limit: a changed setting whose name is a limit, or a new value the errors quote. */
export function changesLimit(c: ChangeFinding): boolean {
  return c.valueHits.length > 0 || c.hints.some((h) => LIMIT_KEY.test(h.split(' changed from ')[0] ?? ''));
}

const GENERIC_DIRS = new Set(['src', 'lib', 'app', 'apps', 'config', 'configs', 'cmd', 'pkg', 'internal', 'services', 'packages', 'deploy', 'docs', 'test', 'tests', '.github']);

/** The service a change belongs to when all its files sit under one named top directory (a monorepo's service dir). */
export function topDirectory(paths: string[]): string | null {
  const tops = new Set(paths.map((p) => p.split('/')).filter((s) => s.length > 1).map((s) => (GENERIC_DIRS.has(s[0]!) && s.length > 2 ? s[1]! : s[0]!)));
  if (tops.size !== 1) return null;
  const top = [...tops][0]!;
  return GENERIC_DIRS.has(top) ? null : top.toLowerCase();
}

/**
 * The one known service a change's top folder is the first part of (`edge/` holding `edge-caddy`'s Caddyfile and
 * manifest): teams name a folder for the product and the workload for product and server. Null when none or
 * several unrelated ones are.
 */
export function folderService(top: string | null, services: ReadonlySet<string>): string | null {
  if (!top) return null;
  if (services.has(top)) return top;
  const under = [...services].filter((s) => firstPartOf(top, s)).sort((a, b) => a.length - b.length);
  // One workload and its own streams (`edge-caddy` and `edge-caddy-access`) are one service: the shortest.
  const first = under[0];
  return first && under.every((s) => firstPartOf(first, s)) ? first : null;
}

/** `name` is the service or the first part of its name (`edge` of `edge-caddy`, `hbase` of `hbase-regionserver`). */
export function firstPartOf(name: string, service: string): boolean {
  const [n, s] = [name.toLowerCase(), service.toLowerCase()];
  return s === n || s.startsWith(`${n}-`) || s.startsWith(`${n}_`);
}

/**
 * The change is `service`'s own: its files sit in that service's folder, or its release tag names the service as
 * its prefix (`orders-svc-v2.14.0`, `auth-svc/v6.1.0`), read as the git server reads it; `orders-svc-v2` is no
 * release of `orders`. So is a platform commit whose setting of the service's own object an operator acted on.
 */
export function changeOf(c: ChangeFinding, service: string): boolean {
  return topDirectory(c.paths) === service || (c.change.ref !== null && releaseNames(c.change.ref, service)) || c.actsOn === service;
}

/** A changed-setting hint from one number to another (`bcrypt_cost changed from 10 to 14`, `timeout changed from 2s to 30s`). */
const NUMERIC_SETTING = / changed from -?\d[\d.]*[a-z%]* to -?\d[\d.]*[a-z%]*$/i;

/**
 * The change only set numbers in the configuration of `service` (a work factor, a batch size, a worker count): when
 * that service's CPU or threads jumped as it went live, what it set is the likeliest reason, whatever its words.
 */
export function tunesService(c: ChangeFinding, service: string | null): boolean {
  if (!service || c.inert || !((c.configOnly && c.hints.some((h) => NUMERIC_SETTING.test(h))) || upgradesOnly(c))) return false;
  const top = topDirectory(c.paths);
  return top !== null && (top === service.toLowerCase() || top.split('.')[0] === service.toLowerCase().split('.')[0]);
}

/**
 * The change only moved the versions its service depends on (manifests and lockfiles): a library's new major can
 * cost many times the CPU for the same work, and no word of the upgrade appears in the errors it causes.
 */
export function upgradesOnly(c: ChangeFinding): boolean {
  // requirements.txt counts here though a .txt file is otherwise no runtime file (an upgrade there alone stays inert).
  const runtime = c.paths.filter((p) => isDependencyManifest(p) || !isNonRuntime(p));
  return runtime.length > 0 && runtime.every(isDependencyManifest);
}

/** What a change that tuned a service set, for the verdict's words. */
export function tunedWhat(c: ChangeFinding): string {
  return upgradesOnly(c) ? "it only upgraded that service's dependencies" : "it only changed numbers in that service's configuration";
}

/** Settings that cap a workload's replicas: an HPA's maxReplicas, KEDA's maxReplicaCount, a chart's autoscaling.maxReplicas. */
const CEILING_KEY = /(?:^|[._-])max[_-]?(?:replicas?|replica[_-]?count|pods|instances|scale)$|(?:^|[._-])replicas?[_-]?max$/i;

/** A replicas ceiling the change set (any service's). */
export const setsReplicaCeiling = (s: ChangedSetting): boolean => CEILING_KEY.test(s.key);

/**
 * The setting by which the change put `service`'s replicas ceiling at `ceiling`, the value its workload is held at: a
 * ceiling key in that service's file (a folder or file named after it, not after a longer known name), or, in files
 * no known service is named in, the change's only ceiling. Null when it set none, or set it to another value.
 */
export function setsCeiling(c: ChangeFinding, service: string, ceiling: number, services: ReadonlySet<string>): ChangedSetting | null {
  if (c.inert) return null;
  const caps = c.settings.filter(setsReplicaCeiling);
  const own = caps.filter((s) => s.path !== null && namesService(s.path, service, services));
  const unnamed = caps.filter((s) => s.path === null || ![...services].some((o) => namesService(s.path!, o, services)));
  const candidates = own.length ? own : unnamed.length === 1 && caps.length === 1 ? unnamed : [];
  return candidates.find((s) => Number(s.to) === ceiling) ?? null;
}

/** The known service a setting's file names (`platform/ingress-nginx/values.yaml`), the longest when several do. */
export function settingOwner(path: string, services: ReadonlySet<string>): string | null {
  return [...services].filter((s) => namesService(path, s, services)).sort((a, b) => b.length - a.length)[0] ?? null;
}

/** A path names `service` in one of its folders or its file name (`deploy/<svc>/hpa.yaml`, `<svc>-hpa.yaml`) and no longer known name does. */
function namesService(path: string, service: string, services: ReadonlySet<string>): boolean {
  const names = (s: string) => {
    const re = new RegExp(`(^|[-_.])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[-_.])`);
    return path.toLowerCase().split('/').some((seg) => re.test(seg.replace(/\.[a-z0-9]+$/, '')));
  };
  return names(service) && ![...services].some((o) => o !== service && o.length > service.length && o.includes(service) && names(o));
}

export type { ChangeFinding, ConditionFinding };
