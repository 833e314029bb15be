// The keep-alive race: a proxy that starts reusing upstream connections keeps idle ones longer than the upstream
// does, so now and then it sends on a socket the upstream is closing. The proxy's change, not the quiet upstream.
import type { Finding } from './analyzer.js';
import type { AnalysisContext } from './context.js';
import type { ChangeFinding } from './change-settings.js';
import { configures, serviceAlias as alias } from './change-owner.js';
import { fromChange } from './change-hypothesis.js';
import { justAbove, type Hypothesis } from './hypothesis.js';
import type { RelatedSignature } from './related-signatures.js';
import { textOf } from './signals.js';
import { minutes } from './analyzers/change-correlation.js';

/**
 * What a proxy logs when the upstream closed a reused connection under it: nginx's "upstream prematurely closed
 * connection" and "recv() failed (104: Connection reset by peer)", Node's "socket hang up"/ECONNRESET, Envoy's
 * "upstream connect error or disconnect/reset before headers".
 */
const RACE = /upstream prematurely closed|reset by peer|\bECONNRESET\b|socket hang up|disconnect\/reset before headers/i;
/** A proxy's own record of the answer it gave for an upstream that failed it. */
const GATEWAY = /\b502\b|bad gateway/i;
/** How long before the first race the change may have gone live (a reload takes effect at once). */
const RACE_MS = 30 * 60_000;

const risen = (r: RelatedSignature) => r.isNew || r.post > 2 * r.pre + 2;

/**
 * With resets and premature closes new at the onset, names the change that turned upstream keep-alive on shortly
 * before (the proxy's own change), as a configuration error of the proxy: the upstream that closes idle sockets
 * first logs nothing wrong, and a dependency named from the proxy's upstream block is that same quiet service.
 */
export function rankKeepaliveRace(hypotheses: Hypothesis[], changes: ChangeFinding[], base: Finding[], ctx: AnalysisContext): void {
  if (ctx.onset === null) return;
  const onset = ctx.onset;
  const races = ctx.related.filter((r) => risen(r) && RACE.test(textOf(r)));
  if (races.reduce((a, r) => a + r.weight, 0) < 0.1) return;
  const reuse = changes
    .filter((c) => c.reuse && !c.inert && Date.parse(c.change.time) <= onset + 2 * 60_000 && onset - Date.parse(c.change.time) <= RACE_MS)
    .sort((a, b) => Date.parse(b.change.time) - Date.parse(a.change.time))[0];
  if (!reuse) return;
  // The race happens on the connections the changed proxy (or client) reuses: the resets and 502s must be logged by the
  // service whose configuration it changed, not by some other caller that a release of its upstream broke.
  const loggers = ctx.related.filter((r) => risen(r) && r.service && (RACE.test(textOf(r)) || GATEWAY.test(textOf(r)))).map((r) => alias(r.service!));
  if (!loggers.some((s) => configures(reuse, s))) return;
  // An upstream that logs failures of its own (crashing, restarting) closes connections for its own reasons.
  const quiet = (name: string) => !ctx.related.some((r) => risen(r) && r.service && alias(r.service) === alias(name));
  const upstreams = hypotheses.filter((o) => !o.suspect && o.category === 'dependency_failure' && o.service);
  if (upstreams.some((o) => !quiet(o.service!))) return;
  const same = hypotheses.findIndex((h) => h.suspect?.sha === reuse.change.sha);
  if (same >= 0) hypotheses.splice(same, 1);
  const h = fromChange(reuse, [], base, ctx, 'relevance');
  // The proxy is the service: the one whose own log records the 502s it answered, else the one logging the resets.
  const gateway = ctx.related.find((r) => risen(r) && r.service && GATEWAY.test(textOf(r)) && !RACE.test(textOf(r)))?.service;
  h.service = gateway ?? races.find((r) => r.service)?.service ?? h.service;
  h.category = 'config_error';
  const gap = minutes(Math.max(0, onset - Date.parse(reuse.change.time)));
  h.summary = `${h.service ?? 'the proxy'} started reusing upstream connections in commit ${reuse.change.sha.slice(0, 8)} "${reuse.change.message}"${reuse.change.ref ? ` (${reuse.change.ref})` : ''}: ${gap} after it went live the upstream began closing reused connections under requests ("${races[0]!.sig.template.slice(0, 90)}"), the keep-alive race of an upstream idle timeout shorter than the proxy's`;
  h.score = h.confidence = justAbove(hypotheses, 0.6, 0.9);
  h.recommendations = [
    `Roll back${reuse.change.ref ? ` ${reuse.change.ref}` : ''} or revert ${reuse.change.sha.slice(0, 12)} "${reuse.change.message}"`,
    "Keep the proxy's upstream idle timeout below the upstream's own (e.g. nginx keepalive_timeout under Node's keepAliveTimeout), or raise the upstream's",
  ];
  // A dependency with no failure of its own in its log (nginx's upstream block `orders_api` is the service
  // `orders-api` behind it) is where the race happens, not why: it ranks below the change.
  for (const o of upstreams) o.score = o.confidence = Math.min(o.score, h.score - 0.05);
  hypotheses.push(h);
}
