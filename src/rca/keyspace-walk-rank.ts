// Ranking's part for a store its clients time out on while one change's command walks its whole keyspace (Redis KEYS
// where SCAN was): that change, over the clients' own releases, whoever's service it is (a cron job's, a tool's).
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import { justAbove, type Hypothesis } from './hypothesis.js';
import type { ChangeFinding, ConditionFinding } from './change-settings.js';
import { fromChange, sameSystem } from './change-hypothesis.js';
import { folderService, topDirectory } from './change-settings.js';
import { releasePrefix } from '../core/release-tag.js';
import { minutes } from './analyzers/change-correlation.js';

const MIN = 60_000;
/**
 * How long before the onset the change may have gone live: a job that walks the keyspace runs from its deploy on (a
 * cron every few minutes); the store's slow log growing after it confirms that it ran. An older change is not the trigger.
 */
const WINDOW = 60 * MIN;
/** Over releases that share words with the timeouts: the store's own slow log ties this change to them. */
const FLOOR = 0.75;
const CEILING = 0.95;

/**
 * With clients failing on a store (a dependency condition naming it), names the latest change live within the hour
 * before the onset whose added lines walk that store's keyspace in one command, when the store's slow log grew after it.
 */
export function rankKeyspaceWalk(hypotheses: Hypothesis[], changes: ChangeFinding[], conditions: ConditionFinding[], base: Finding[], ctx: AnalysisContext): void {
  if (ctx.onset === null) return;
  const onset = ctx.onset;
  const failing = conditions.filter((k) => k.condition === 'dependency' && k.confidence >= 0.5).flatMap((k) => k.names ?? (k.service ? [k.service] : []));
  if (failing.length === 0) return;
  const change = changes
    .filter((c) => {
      const w = c.walksKeyspace;
      const live = Date.parse(c.change.time);
      return !!w?.slowlog && !c.inert && live <= onset && onset - live <= WINDOW && w.slowlog.store.some((s) => failing.some((n) => sameSystem(s, n.toLowerCase())));
    })
    .sort((a, b) => Date.parse(b.change.time) - Date.parse(a.change.time))[0];
  const w = change?.walksKeyspace;
  if (!change || !w?.slowlog) return;
  const same = hypotheses.findIndex((h) => h.suspect?.sha === change.change.sha);
  if (same >= 0) hypotheses.splice(same, 1);
  const c = change.change;
  const h = fromChange(change, [], base, ctx, 'relevance');
  const store = failing.find((n) => w.slowlog!.store.some((s) => sameSystem(s, n.toLowerCase())))!;
  h.service = component(change, ctx.services) ?? h.service;
  h.category = 'code_regression';
  h.summary =
    `${store} is blocked by ${c.sha.slice(0, 8)} "${c.message}"${c.ref ? ` (${c.ref})` : ''}, live ${minutes(Math.max(0, onset - Date.parse(c.time)))} before the onset: ` +
    `it sends a command that walks the whole keyspace ("${w.line}")${w.replacesScan ? ' where a paged SCAN was' : ''}, which ${store} serves alone while every other client waits; ` +
    `${w.slowlog.series} grew from ${w.slowlog.from} to ${w.slowlog.to} after it went live, and its clients time out on ${store}`;
  h.score = h.confidence = justAbove(hypotheses, FLOOR, CEILING);
  h.recommendations = [
    `Roll back${c.ref ? ` ${c.ref}` : ''} or revert ${c.sha.slice(0, 12)} "${c.message}"`,
    `Walk the keyspace in pages (SCAN with a COUNT) or keep an index of the keys, and alert on ${store}'s slow log growing`,
  ];
  hypotheses.push(h);
}

/**
 * The component a change is in: the one its release tag names when every file it changed is under a folder of that
 * name (`cart-reaper/v1.4.0` over tools/cart-reaper/), else a known service its top folder spells, else that folder.
 */
function component(c: ChangeFinding, services: ReadonlySet<string>): string | null {
  const tagged = c.change.ref ? releasePrefix(c.change.ref)?.folder.toLowerCase() : undefined;
  if (tagged && c.paths.length > 0 && c.paths.every((p) => p.toLowerCase().split('/').slice(0, -1).includes(tagged))) return tagged;
  const top = topDirectory(c.paths);
  return folderService(top, services) ?? top;
}
